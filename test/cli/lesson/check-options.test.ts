import { Command, Option } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLine, flagWords, inheritCheckOptions, shellWord } from '../../../cli/lesson/check-options.ts';

/** Reads a word back the way a POSIX shell does for the two forms `shellWord` emits: bare, or single-quoted pieces joined by `\'`. */
function unquote(word: string): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    if (word[i] === "'") {
      const end = word.indexOf("'", i + 1);
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (word[i] === '\\') {
      out += word[i + 1];
      i += 2;
    } else {
      expect(word[i]).not.toMatch(/[\s;&|<>()$`"*?[\]#~]/);
      out += word[i];
      i += 1;
    }
  }
  return out;
}

describe('command lines', () => {
  it('a quoted word reads back as itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (word) => {
        expect(unquote(shellWord(word))).toBe(word);
      }),
    );
  });

  it('flags become words in their order: values, switches both ways, properties repeated; out and json left out', () => {
    const words = flagWords({ n: '2', readRepair: 'off', handoff: true, antiEntropy: false, property: ['stale-read', 'availability'], out: 'x', json: true });
    expect(words).toEqual(['--n', '2', '--read-repair', 'off', '--handoff', '--no-anti-entropy', '--property', 'stale-read', '--property', 'availability']);
    expect(commandLine(['check', '--ops', 'w1;r'])).toBe(`quorumlab check --ops 'w1;r'`);
  });

  it('an inheriting command parses the words of flagWords back to the same flags', () => {
    const program = new Command('quorumlab').exitOverride();
    program
      .command('check')
      .addOption(new Option('--n <N>', 'replicas'))
      .addOption(new Option('--w <W>', 'write quorum'))
      .addOption(new Option('--read-repair <HOW>', 'read repair'))
      .option('--handoff', 'on')
      .option('--no-handoff', 'off')
      .addOption(new Option('--property <NAME>', 'a property').argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]));
    let seen: Record<string, unknown> = {};
    const sweep = inheritCheckOptions(program.command('sweep'), program, { omit: ['--w'], describe: { '--n': 'replicas, swept' } }).action(function (this: Command) {
      seen = this.opts();
    });
    expect(sweep.options.map((option) => option.long)).toEqual(['--n', '--read-repair', '--handoff', '--no-handoff', '--property']);
    expect(sweep.options[0].description).toBe('replicas, swept');
    expect(program.commands[0].options[0].description).toBe('replicas');
    const raw = { n: '3', readRepair: 'sync', handoff: false, property: ['stale-read', 'linearizable'] };
    program.parse(['sweep', ...flagWords(raw)], { from: 'user' });
    expect(seen).toEqual(raw);
  });
});
