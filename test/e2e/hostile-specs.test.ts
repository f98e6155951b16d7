/**
 * Specs that misbehave at the process level: a `next()` that never returns, a call to
 * `process.exit`, a top-level await that never settles, an asynchronous throw, a search that
 * would fill the heap. The spec's code runs in the check host (a worker thread), and the main
 * thread keeps the contract: `--timeout` and Ctrl-C give `inconclusive`, exit 3 and a
 * `verdict.json`; a spec that ends or never loads is one line of bad input, exit 2; never a
 * silent exit 0 or 13, never V8's "Last few GCs".
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, quorumlabInterrupted, root, scratch, type CliRun } from './run-cli.ts';

const model = (name: string, next: string, extra = ''): string =>
  `${extra}export default { name: "${name}", init: () => [0], actions: () => ["up"], next: ${next}, encode: (s, out) => out.u32(s), properties: [{ name: "nonnegative", kind: "always", check: (s) => s >= 0 }] };\n`;

/** A spec in a fresh directory; returns its path and an `--out` path beside it. */
function spec(file: string, text: string): { path: string; out: string } {
  const dir = scratch();
  writeFileSync(join(dir, file), text);
  return { path: join(dir, file), out: join(dir, 'out') };
}

function verdictJson(out: string): { verdict: string; coverage: string; interrupted: boolean } {
  return JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8')) as { verdict: string; coverage: string; interrupted: boolean };
}

function expectOneLine(run: CliRun, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(lines(run.stderr)).toHaveLength(1);
  expect(lines(run.stderr)[0]).toMatch(pattern);
}

describe('a spec that hangs in next()', () => {
  const hang = model('hang', '(s) => { if (s === 40) { process.stderr.write("hang: stuck\\n"); for (;;) {} } return s + 1; }');

  it('--timeout still ends the check: inconclusive, exit 3, verdict.json saying why', { timeout: 60_000 }, async () => {
    const { path, out } = spec('hang.mjs', hang);
    const run = await quorumlab(['check', path, '--timeout', '1', '--out', out]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/^INCONCLUSIVE/);
    const verdict = verdictJson(out);
    expect(verdict.verdict).toBe('inconclusive');
    expect(verdict.coverage).toMatch(/^stopped by the time limit \(1 s\); the search did not stop within 2 s, so its thread was ended/);
  });

  it('explore runs the same host: --timeout ends it, exit 3, one line saying why, no page', { timeout: 60_000 }, async () => {
    const { path, out } = spec('hang.mjs', hang);
    const page = `${out}.html`;
    const run = await quorumlab(['explore', path, '--timeout', '1', '-o', page]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr).filter((line) => !line.startsWith('hang:'))).toEqual([expect.stringMatching(/^no page written: stopped by the time limit \(1 s\)/)]);
    expect(existsSync(page)).toBe(false);
  });

  it('Ctrl-C still ends the check: inconclusive, exit 3, verdict.json, interrupted', { timeout: 60_000 }, async () => {
    const { path, out } = spec('hang.mjs', hang);
    const run = await quorumlabInterrupted(['check', path, '--json', '--out', out], 'SIGINT', 'hang: stuck');
    expect(run.signal).toBeNull();
    expect(run.code, run.stderr).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'inconclusive', interrupted: true });
    expect(verdictJson(out)).toMatchObject({ verdict: 'inconclusive', interrupted: true });
  });

  it('SIGTERM too', { timeout: 60_000 }, async () => {
    const { path, out } = spec('hang.mjs', hang);
    const run = await quorumlabInterrupted(['check', path, '--out', out], 'SIGTERM', 'hang: stuck');
    expect(run.code, run.stderr).toBe(3);
    expect(verdictJson(out).verdict).toBe('inconclusive');
  });
});

describe('a spec that ends the process or never loads', () => {
  it('process.exit(0) in next(): one line naming the call, exit 2, not a silent exit 0', async () => {
    const { path, out } = spec('exit.mjs', model('exiter', '(s) => { if (s === 5) process.exit(0); return s + 1; }'));
    const run = await quorumlab(['check', path, '--out', out]);
    expectOneLine(run, /^error: model 'exiter': next\(\) threw: the spec called process\.exit\(0\); a spec must not end the process; taking action 'up' in state \{"state":5\}, reached in 5 steps: up, up, up, up, up$/);
    expect(existsSync(out)).toBe(false);
  });

  it('process.exit at load time: one line, exit 2', async () => {
    const { path } = spec('exit-load.mjs', model('exiter', '(s) => s + 1', 'process.exit(0);\n'));
    expectOneLine(await quorumlab(['check', path]), /failed to load: the spec called process\.exit\(0\)/);
  });

  it('a top-level await that never settles: one line, exit 2, not a silent exit 13', async () => {
    const { path, out } = spec('never.mjs', model('never', '(s) => s + 1', 'await new Promise(() => {});\n'));
    const run = await quorumlab(['check', path, '--out', out]);
    expectOneLine(run, /^error: spec module '.*never\.mjs' never finished loading: it awaits a promise that never settles/);
    expect(existsSync(out)).toBe(false);
  });

  it('a factory whose promise never settles: one line, exit 2', async () => {
    const { path } = spec('never-factory.mjs', 'export default () => new Promise(() => {});\n');
    expectOneLine(await quorumlab(['check', path]), /never finished loading/);
  });

  it('a throw from a timer of its own: one line, exit 2', { timeout: 60_000 }, async () => {
    const { path } = spec('late.mjs', model('late', '(s) => s + 1', 'setTimeout(() => { throw new Error("late boom"); }, 300);\n'));
    expectOneLine(await quorumlab(['check', path, '--timeout', '20']), /^error: model 'late' threw outside any call the search made to it .*: late boom$/);
  });
});

describe('memory', () => {
  // Every state holds 2,000 numbers: the frontier fills any heap.
  const grow = [
    'export default {',
    '  name: "grow",',
    '  init: () => [{ n: 0, ballast: [] }],',
    '  actions: () => ["a", "b"],',
    '  next: (s, a) => ({ n: 2 * s.n + (a === "a" ? 1 : 2), ballast: new Array(2000).fill(s.n) }),',
    '  encode: (s, out) => out.varint(s.n),',
    '  properties: [{ name: "p", kind: "always", check: (s) => s.n >= 0 }],',
    '};',
    '',
  ].join('\n');

  /** `node --max-old-space-size=MB cli/bin.js ...args`: a heap small enough to fill in a test. */
  function withHeap(megabytes: number, args: readonly string[]): Promise<CliRun> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [`--max-old-space-size=${megabytes}`, join(root, 'cli', 'bin.js'), ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code, signal) => { done({ code, signal, stdout, stderr }); });
    });
  }

  it('a search that would fill the heap stops before V8 aborts: inconclusive, exit 3, the report written', { timeout: 120_000 }, async () => {
    const { path, out } = spec('grow.mjs', grow);
    const run = await withHeap(96, ['check', path, '--out', out]);
    expect(run.stderr).not.toMatch(/Last few GCs|heap out of memory/);
    expect(run.code, run.stderr).toBe(3);
    // The search's guard looks at the heap between batches of states and stops near the limit.
    // States this large can outgrow the heap within one batch on a loaded machine; the worker
    // thread then runs out of memory, and the host reports it with the same promises (exit 3,
    // verdict.json and report.md, what the last progress report covered).
    expect(verdictJson(out).coverage).toMatch(/stopped near the heap limit|^the search ran out of memory \(its heap holds at most \d+ MB\); at its last progress report/);
    expect(readdirSync(out).sort()).toEqual(['report.md', 'verdict.json']);
  });

  it('--max-memory above what the heap can hold is lowered, and stderr says so', { timeout: 120_000 }, async () => {
    const { path } = spec('grow.mjs', grow);
    const run = await withHeap(96, ['check', path, '--max-memory', '8GB']);
    expect(run.code, run.stderr).toBe(3);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^note: --max-memory 8\.0 GB is more than the search's heap can hold; it stops at \d+ MB \(90% of its heap limit\)$/)]);
  });
});
