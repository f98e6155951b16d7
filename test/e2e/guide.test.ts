/**
 * docs/writing-a-spec.md shows a command and its output: the output must be what the command
 * prints today (apart from the timing figures on the search line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, root } from './run-cli.ts';

const guide = readFileSync(join(root, 'docs', 'writing-a-spec.md'), 'utf8');

/** The transcript blocks of the guide: a `$ npx quorumlab ...` line and the lines under it. */
function transcripts(): { args: string[]; output: string[] }[] {
  const blocks = [...guide.matchAll(/```\n\$ npx quorumlab ([^\n]+)\n([\s\S]*?)```/g)];
  return blocks.map(([, command, output]) => ({ args: command.split(' '), output: lines(output) }));
}

/** The timing figures vary between runs. */
const untimed = (line: string): string => line.replace(/, [\d.]+ s \([\d,]+ states\/s\)/, ', T s (R states/s)');

describe('the guide', () => {
  it('has a transcript', () => {
    expect(transcripts().length).toBeGreaterThan(0);
  });

  for (const { args, output } of transcripts()) {
    it(`quorumlab ${args.join(' ')}: prints what the guide shows`, async () => {
      const run = await quorumlab(args);
      expect(lines(run.stdout).map(untimed)).toEqual(output.map(untimed));
    });
  }

  it("shows examples/lost-update.ts as it is, apart from comments", () => {
    const shown = /`examples\/lost-update\.ts`, without its comments:\n\n```ts\n([\s\S]*?)```/.exec(guide)?.[1] ?? '';
    const code = (text: string): string[] =>
      text
        .replace(/\/\*\*[\s\S]*?\*\//g, '')
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line !== '' && !line.startsWith('//'))
        .join(' ')
        .replace(/\s+/g, ' ')
        .split(' ');
    expect(code(shown)).toEqual(code(readFileSync(join(root, 'examples', 'lost-update.ts'), 'utf8')));
  });
});
