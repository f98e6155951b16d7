import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PageData } from '../../cli/explore/page/page-data.ts';
import { lines, quorumlab, scratch } from './run-cli.ts';

/** The data a page embeds. */
function pageData(html: string): PageData {
  const json = /<script type="application\/json" id="quorumlab-data">(.*?)<\/script>/s.exec(html);
  if (json === null) throw new Error('no data in the page');
  return JSON.parse(json[1]) as PageData;
}

describe('quorumlab explore', () => {
  it('writes one page for a scenario, embedding the counterexample check prints', async () => {
    const dir = scratch();
    const [explore, check] = await Promise.all([
      quorumlab(['explore', 'sloppy-ghost', '-o', join(dir, 'ghost.html')]),
      quorumlab(['check', 'sloppy-ghost', '--json']),
    ]);
    expect(explore.stderr).toBe('');
    expect(explore.code).toBe(0);
    const out = lines(explore.stdout);
    expect(out[0]).toMatch(/^wrote .*ghost\.html \(1\.\d\d MB\): an offline explorer for sloppy-ghost$/);
    expect(out[1]).toBe('  stale-read VIOLATED; Load counterexample replays the 11-step counterexample of stale-read');
    expect(readdirSync(dir)).toEqual(['ghost.html']);
    const data = pageData(readFileSync(join(dir, 'ghost.html'), 'utf8'));
    const printed = (JSON.parse(check.stdout) as { counterexample: { steps: { label: string }[] } }).counterexample.steps.map((s) => s.label);
    expect(data.counterexample?.labels).toEqual(printed);
    expect(data.counterexample?.property).toBe('stale-read');
    expect(data.properties).toEqual(['stale-read']);
    expect(data.command).toBe('quorumlab explore sloppy-ghost -o ghost.html');
    expect(data.model.export).toBe('packedQuorumModel');
  });

  it('takes the check flags: a configuration that holds embeds no counterexample, --max-states sets the page\'s search limit', async () => {
    const dir = scratch();
    const run = await quorumlab(['explore', 'strict', '--property', 'stale-read', '--max-states', '50000', '-o', join(dir, 'sub', 'strict.html')]);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[1]).toBe('  stale-read HOLDS; no counterexample to embed');
    const data = pageData(readFileSync(join(dir, 'sub', 'strict.html'), 'utf8'));
    expect(data.counterexample).toBeNull();
    expect(data.findLimit).toBe(50000);
    expect(data.check.verdicts).toEqual({ 'stale-read': 'holds' });
  });

  it('exits 3, and still writes the page, when a limit cuts the search short', async () => {
    const dir = scratch();
    const run = await quorumlab(['explore', 'sloppy-ghost', '--max-states', '100', '-o', join(dir, 'cut.html')]);
    expect(run.code).toBe(3);
    expect(lines(run.stdout)[1]).toMatch(/^ {2}stale-read INCONCLUSIVE; no counterexample to embed: /);
    expect(existsSync(join(dir, 'cut.html'))).toBe(true);
  });

  it('writes a page for a user spec, with the spec\'s own properties', async () => {
    const dir = scratch();
    const run = await quorumlab(['explore', 'examples/two-phase-commit.ts', '-o', join(dir, '2pc.html')]);
    expect(run.code).toBe(0);
    const data = pageData(readFileSync(join(dir, '2pc.html'), 'utf8'));
    expect(data.properties).toEqual(['atomicity', 'can-commit']);
    expect(data.counterexample?.actionIndices).toHaveLength(4);
    expect(data.model).toEqual({ export: 'model' });
  });

  it('is byte-identical for the same input', async () => {
    const dir = scratch();
    const [a, b] = await Promise.all([
      quorumlab(['explore', 'first-reply', '-o', join(dir, 'a.html')]),
      quorumlab(['explore', 'first-reply', '-o', join(dir, 'b.html')]),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    // The command line names the file, so the two differ there and nowhere else.
    const text = (name: string) => readFileSync(join(dir, name), 'utf8').replace(/-o [ab]\.html/g, '-o X.html');
    expect(text('a.html') === text('b.html')).toBe(true);
  });

  describe('bad input: one line, exit 2, nothing written', () => {
    const cases: [string, (dir: string) => string[], RegExp][] = [
      ['no -o', () => ['explore', 'sloppy-ghost'], /^error: explore writes one HTML file: give it with -o FILE\.html/],
      ['-o not .html', (dir) => ['explore', 'sloppy-ghost', '-o', join(dir, 'page.txt')], /^error: -o '.*page\.txt' must name an \.html file/],
      ['an unknown scenario', (dir) => ['explore', 'nope', '-o', join(dir, 'x.html')], /^error: unknown scenario 'nope'; known: /],
      ['a check flag out of range', (dir) => ['explore', '--n', '3', '--w', '4', '-o', join(dir, 'x.html')], /^error: --w/],
      ['an output flag of check', (dir) => ['explore', '--out', dir, '-o', join(dir, 'x.html')], /^error: unknown option '--out'/],
      ['a spec that imports a Node module', (dir) => ['explore', 'test/cli/explore/fixtures/node-spec.ts', '-o', join(dir, 'x.html')], /^error: spec module '.*node-spec\.ts' cannot be bundled into the explorer page: it imports 'node:fs'/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const dir = scratch();
        const run = await quorumlab(args(dir));
        expect(run.code).toBe(2);
        expect(lines(run.stderr)).toHaveLength(1);
        expect(run.stderr).toMatch(message);
        expect(run.stdout).toBe('');
        expect(readdirSync(dir)).toEqual([]);
      });
    }

    it('an output path that cannot be written', async () => {
      const dir = scratch();
      writeFileSync(join(dir, 'file'), 'not a directory');
      const run = await quorumlab(['explore', 'sloppy-ghost', '-o', join(dir, 'file', 'x.html')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: cannot write to '.*file'/);
      expect(readdirSync(dir)).toEqual(['file']);
    });
  });
});
