/**
 * Fuzzing the `quorumlab` command: random commands, flags, values, scripts, spec modules,
 * traces and DOT sources, each run as a real child process in a fresh directory.
 *
 * Whatever the input, the command must end with one of the contract's exit codes (0..3), never
 * print a stack trace or a Node error, and on bad input (exit 2) print exactly one line naming
 * the problem and write nothing.
 *
 * `npm test` runs a few dozen cases; `QUORUMLAB_FUZZ_RUNS=500` runs more, and
 * `QUORUMLAB_FUZZ_SEED=<seed>` replays the cases of a failed run (its seed is in the failure).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzCase, lossyEncoderCase, malformedShapeCase, SEARCH_LIMITS, type FuzzCase } from './fuzz-cases.ts';
import { root } from './run-cli.ts';

const RUNS = Number(process.env.QUORUMLAB_FUZZ_RUNS ?? 12);
const SEED = process.env.QUORUMLAB_FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.QUORUMLAB_FUZZ_SEED);
/** Cases run side by side in each property run: the time is spent starting Node, not computing. */
const BATCH = 4;
/** A case that has not ended by then hangs: that is a finding too. */
const CASE_TIMEOUT_MS = 120_000;

/** What one run of the command produced, and what it left in its directory. */
interface Outcome {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Files (relative paths) in the working directory after the run that were not there before. */
  readonly newFiles: readonly string[];
  /** The working directory the case ran in. */
  readonly cwd: string;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? [`${prefix}${entry.name}/`, ...listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)] : [`${prefix}${entry.name}`],
  );
}

/** Runs one case in a fresh directory (`node cli/bin.js`, no shell). */
function runCase(fuzz: FuzzCase, cwd: string = mkdtempSync(join(tmpdir(), 'quorumlab-fuzz-'))): Promise<Outcome> {
  for (const [name, text] of Object.entries(fuzz.files)) {
    mkdirSync(dirname(join(cwd, name)), { recursive: true });
    writeFileSync(join(cwd, name), text);
  }
  const before = new Set(listFiles(cwd));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, 'cli', 'bin.js'), ...fuzz.args],
      { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: CASE_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        done({ code, signal: error?.signal ?? null, stdout, stderr, newFiles: listFiles(cwd).filter((file) => !before.has(file)), cwd });
      },
    );
  });
}

/** The contract's promises about any run; returns what broke, or null. */
function contractBreach(outcome: Outcome): string | null {
  if (outcome.signal !== null) return `killed by ${outcome.signal} (a hang past ${CASE_TIMEOUT_MS / 1000} s, or a crash)`;
  if (outcome.code === null || ![0, 1, 2, 3].includes(outcome.code)) return `exit code ${outcome.code} is not one of 0, 1, 2, 3`;
  if (/^\s{4}at /m.test(outcome.stderr)) return 'a stack trace on stderr';
  if (/^(\w+)?Error( \[\w+\])?:|node:internal|triggerUncaughtException|^Node\.js v\d/m.test(outcome.stderr)) return 'a Node error on stderr';
  const leftovers = outcome.newFiles.filter((file) => /(^|\/)\.[^/]*\.tmp$/.test(file));
  if (leftovers.length > 0) return `temporary files left behind: ${leftovers.join(', ')}`;
  if (outcome.code === 2) {
    const lines = outcome.stderr.split('\n').filter((line, i, all) => !(i === all.length - 1 && line === ''));
    // A spec module that does not compile gets its one line and then a code frame of the place.
    const frame = / does not compile: /.test(lines[0] ?? '') ? lines.slice(1) : [];
    if (!frame.every((line) => /^[> ] +\d* \|/.test(line))) return `exit 2 with lines under a compile error that are not a code frame`;
    if (lines.length - frame.length !== 1) return `exit 2 with ${lines.length} lines on stderr (expected exactly one)`;
    if (!/^error: \S/.test(lines[0])) return `exit 2 with a line that does not start with 'error: '`;
    if (outcome.newFiles.length > 0) return `exit 2, yet files were written: ${outcome.newFiles.join(', ')}`;
  }
  return null;
}

function show(fuzz: FuzzCase, outcome: Outcome, breach: string): string {
  const files = Object.entries(fuzz.files).map(([name, text]) => `--- ${name}\n${text.length > 2000 ? `${text.slice(0, 2000)}...` : text}`);
  return [
    `${breach} (fuzz seed ${SEED}; rerun with QUORUMLAB_FUZZ_SEED=${SEED})`,
    `cwd: ${outcome.cwd}`,
    `args: ${JSON.stringify(fuzz.args)}`,
    ...files,
    `exit: ${outcome.code} signal: ${outcome.signal}`,
    `stderr:\n${outcome.stderr.slice(0, 3000)}`,
    `stdout:\n${outcome.stdout.slice(0, 1000)}`,
  ].join('\n');
}

async function expectContract(fuzz: FuzzCase, cwd?: string): Promise<Outcome> {
  const dir = cwd ?? mkdtempSync(join(tmpdir(), 'quorumlab-fuzz-'));
  const outcome = await runCase(fuzz, dir);
  const breach = contractBreach(outcome);
  if (breach !== null) expect.fail(show(fuzz, outcome, breach));
  // A failing case keeps its directory to look at; a directory passed in belongs to the caller.
  if (cwd === undefined) rmSync(dir, { recursive: true, force: true });
  return outcome;
}

describe('quorumlab under random input', () => {
  it(`keeps its exit codes, one-line errors and clean outputs (${RUNS} cases, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzCase, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map((fuzz) => expectContract(fuzz)));
      }),
      { numRuns: Math.max(1, Math.ceil(RUNS / BATCH)), seed: SEED, endOnFailure: process.env.QUORUMLAB_FUZZ_SHRINK === undefined },
    );
  }, 600_000 + RUNS * 20_000);
});

describe('spec shapes and encodings that once earned a verdict', () => {
  // Each strategy (bfs, dfs, random, bfs on 2 workers) must refuse them alike: one line, exit 2,
  // nothing written; never a holds.
  const runs = Math.max(BATCH, Math.ceil(RUNS / 2));
  it.each([
    ['init or actions returning something other than an array, or init returning none', malformedShapeCase],
    ['an encoding that truncates (u8, u16, u32, i32 past their range, or a fraction)', lossyEncoderCase],
  ] as const)(`%s (${runs} cases, seed ${SEED})`, async (_name, cases) => {
    await fc.assert(
      fc.asyncProperty(fc.array(cases, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(
          batch.map(async (fuzz) => {
            const outcome = await expectContract(fuzz);
            if (outcome.code !== 2 || !fuzz.expect.test(outcome.stderr)) expect.fail(show(fuzz, outcome, `expected exit 2 and ${fuzz.expect}`));
          }),
        );
      }),
      { numRuns: Math.ceil(runs / BATCH), seed: SEED, endOnFailure: true },
    );
  }, 600_000);
});

/** Spec modules that once crashed the command, each kept as a named case. */
const brokenModel = (extra: string): string =>
  `export default { name: "m", init: () => [0], actions: (s) => (s < 3 ? [1] : []), next: (s, a) => s + a, encode: (s, out) => out.u8(s), properties: [{ name: "small", kind: "always", check: (s) => s < 2 }], ${extra} };\n`;

describe.concurrent('inputs that once crashed quorumlab', () => {
  it('a describe.action that returns a number, not a string', () =>
    expectContract({ args: ['check', './spec.mjs', ...SEARCH_LIMITS], files: { 'spec.mjs': brokenModel('describe: { action: () => 5 }') } }));
  it('a default export whose every property read throws (a Proxy)', () =>
    expectContract({ args: ['check', './spec.mjs', ...SEARCH_LIMITS], files: { 'spec.mjs': 'export default new Proxy({}, { get() { throw new Error("proxy"); } });\n' } }));
  it('a describe.step that returns null', () =>
    expectContract({ args: ['check', './spec.mjs', ...SEARCH_LIMITS], files: { 'spec.mjs': brokenModel('describe: { action: () => "a", step: () => null }') } }));
  it('a describe.action that throws once a counterexample is found', async () => {
    const run = await expectContract({ args: ['check', './spec.mjs', '--json', ...SEARCH_LIMITS], files: { 'spec.mjs': brokenModel('describe: { action: () => { throw new Error("label broke"); } }') } });
    expect(run.stderr).toMatch(/^error: model 'm' failed while describing its trace: label broke$/m);
  });
  it.each([
    ['next throws', 'next: () => { throw new Error("next broke"); }', /failed while replaying the trace: next broke/],
    ['init returns null', 'init: () => null', /failed while replaying the trace/],
    ['actions returns a number', 'actions: () => 5', /failed while replaying the trace/],
    ['a property check throws', 'properties: [{ name: "small", kind: "always", check: () => { throw new Error("check broke"); } }]', /check broke/],
  ])('replay of a spec trace whose model now fails: %s', async (_name, extra, message) => {
    const cwd = mkdtempSync(join(tmpdir(), 'quorumlab-fuzz-'));
    // The sound model reaches s = 2 in two steps, violating `small`: a trace to replay.
    const written = await expectContract({ args: ['check', './spec.mjs', '--out', 'out', ...SEARCH_LIMITS], files: { 'spec.mjs': brokenModel('') } }, cwd);
    expect(written.code).toBe(1);
    const replayed = await expectContract({ args: ['replay', 'out/trace.itf.json', '--spec', 'spec.mjs'], files: { 'spec.mjs': brokenModel(extra) } }, cwd);
    expect(replayed.code).toBe(2);
    expect(replayed.stderr).toMatch(message);
    rmSync(cwd, { recursive: true, force: true });
  });
  // Node's recursive mkdir used to spin forever here: /proc says ENOENT for the child, EEXIST for the parent.
  it.runIf(existsSync('/proc/self'))('--out under /proc', async () => {
    const run = await expectContract({ args: ['check', '--out', '/proc/quorumlab-out/x', ...SEARCH_LIMITS], files: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: cannot write to '\/proc\/quorumlab-out\/x'/);
  });
  it('help for an unknown command', async () => {
    const run = await expectContract({ args: ['help', 'nope'], files: {} });
    expect(run.stderr).toMatch(/^error: unknown command 'nope'; known: check, /);
  });
  it('--workers 2 with a model that throws during the search', () =>
    expectContract({ args: ['check', './spec.mjs', '--workers', '2', ...SEARCH_LIMITS], files: { 'spec.mjs': brokenModel('').replace('actions: (s) =>', 'actions: () => { throw new Error("actions broke"); }, unused: (s) =>') } }));
});
