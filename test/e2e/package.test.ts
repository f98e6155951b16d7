/**
 * quorumlab as a dependency: a project in a temporary directory outside the repository installs
 * the package (`npm install <path>`), type-checks a spec written against `import type { Model }
 * from 'quorumlab'`, and runs it through the installed bin and through the library API.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './run-cli.ts';

/** The fields of `check --json` compared here. */
interface CheckJson {
  readonly verdict: string;
  readonly config: unknown;
  readonly stats: { readonly states: number; readonly transitions: number; readonly depth: number };
  readonly properties: unknown;
  readonly counterexample: unknown;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const SPEC = `import type { Model } from 'quorumlab';

/** A counter that must stay below Limit. */
type State = { readonly count: number };

export const constants = { Limit: 3 };

export function model({ Limit }: typeof constants): Model<State, 'inc'> {
  return {
    name: 'counter',
    init: () => [{ count: 0 }],
    actions: (s) => (s.count < 5 ? ['inc'] : []),
    next: (s) => ({ count: s.count + 1 }),
    properties: [{ name: 'below-limit', kind: 'always', check: (s) => s.count < Limit }],
  };
}
`;

/** A test of the user's own, typed against the package's API (type-checked, not run: the plain script below runs it). */
const API_USER = `import { check, CheckError, type CheckJson } from 'quorumlab';
import { model } from './spec.ts';

const result: CheckJson = await check('spec.ts', { constants: { Limit: 4 }, maxStates: 1000 });
const verdict: 'holds' | 'violated' | 'inconclusive' = result.verdict;
const steps: number | undefined = result.counterexample?.steps.length;
await check(model({ Limit: 9 }), { properties: ['below-limit'], deadlock: true });
try {
  await check('spec.ts', { w: 5 });
} catch (error) {
  if (error instanceof CheckError) console.log(error.code, error.message, verdict, steps);
}
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, allowImportingTsExtensions: true, types: [] },
  files: ['spec.ts', 'use-api.ts'],
});

/** A plain Node script that runs the API: a spec module by path, a Model value it builds itself, and bad input. */
const API_SCRIPT = `import { check, CheckError } from 'quorumlab';

const byPath = await check('spec.ts', { constants: { Limit: 4 } });
// The spec's model with Limit 4, written out in JavaScript.
const byValue = await check({
  name: 'counter',
  init: () => [{ count: 0 }],
  actions: (s) => (s.count < 5 ? ['inc'] : []),
  next: (s) => ({ count: s.count + 1 }),
  properties: [{ name: 'below-limit', kind: 'always', check: (s) => s.count < 4 }],
});
let refused = null;
try {
  await check('spec.ts', { maxStates: 0 });
} catch (error) {
  refused = { isCheckError: error instanceof CheckError, code: error.code, message: error.message };
}
console.log(JSON.stringify({ byPath, byValue, refused }));
`;

// The repository's TypeScript 7 (its `typescript` is 6, whose API typescript-eslint needs; see the README).
const tsc = join(root, 'node_modules', 'typescript7', 'bin', 'tsc');
let project = '';

beforeAll(async () => {
  // The declarations the package's `types` points to (npm ci builds them through `prepare`).
  const built = await run('npm', ['run', 'build'], root);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  project = mkdtempSync(join(tmpdir(), 'quorumlab-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  // A directory installs as a link; --offline: nothing is fetched, the package's own dependencies live beside it.
  const installed = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', root], project);
  expect(installed.code).toBe(0);
  writeFileSync(join(project, 'spec.ts'), SPEC);
  writeFileSync(join(project, 'use-api.ts'), API_USER);
  writeFileSync(join(project, 'tsconfig.json'), TSCONFIG);
}, 240_000);

afterAll(() => {
  if (project !== '') rmSync(project, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('type-checks a spec written against its Model type, and rejects one that breaks it', async () => {
    const checked = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    expect(checked.stdout).toBe('');
    expect(checked.code).toBe(0);
    writeFileSync(join(project, 'spec.ts'), SPEC.replace("kind: 'always'", "kind: 'alway'"));
    try {
      const broken = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
      expect(broken.code).not.toBe(0);
      expect(broken.stdout).toMatch(/spec\.ts\(\d+,\d+\): error TS\d+: Type '"alway"' is not assignable/);
    } finally {
      writeFileSync(join(project, 'spec.ts'), SPEC);
    }
  });

  it('runs the spec through the installed bin, with a constant set from the command line', async () => {
    const checked = await run(join(project, 'node_modules', '.bin', 'quorumlab'), ['check', 'spec.ts', '--const', 'Limit=4', '--json'], project);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(1);
    const json = JSON.parse(checked.stdout) as { verdict: string; config: { constants: unknown }; counterexample: { steps: unknown[] } };
    expect(json.verdict).toBe('violated');
    expect(json.config.constants).toEqual({ Limit: 4 });
    expect(json.counterexample.steps).toHaveLength(4);
  });

  it('imports the library from a plain Node script', async () => {
    writeFileSync(join(project, 'api.mjs'), "import { StructuralEncoder, ExplorerError } from 'quorumlab';\nconsole.log(typeof StructuralEncoder, typeof ExplorerError);\n");
    const ran = await run(process.execPath, ['api.mjs'], project);
    expect(ran.stderr).toBe('');
    expect(ran.stdout.trim()).toBe('function function');
  });

  it('runs check() from a plain Node script: the verdicts and state counts of the bin\'s --json, and its line for bad input', async () => {
    writeFileSync(join(project, 'check-api.mjs'), API_SCRIPT);
    const [ran, bin, refused] = await Promise.all([
      run(process.execPath, ['check-api.mjs'], project),
      run(join(project, 'node_modules', '.bin', 'quorumlab'), ['check', 'spec.ts', '--const', 'Limit=4', '--json'], project),
      run(join(project, 'node_modules', '.bin', 'quorumlab'), ['check', 'spec.ts', '--max-states', '0'], project),
    ]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const api = JSON.parse(ran.stdout) as { byPath: CheckJson; byValue: CheckJson; refused: { isCheckError: boolean; code: string; message: string } };
    const command = JSON.parse(bin.stdout) as CheckJson;
    for (const result of [api.byPath, api.byValue]) {
      expect(result.verdict).toBe('violated');
      expect(result.properties).toEqual(command.properties);
      expect(result.counterexample).toEqual(command.counterexample);
      expect({ states: result.stats.states, transitions: result.stats.transitions, depth: result.stats.depth }).toEqual({
        states: command.stats.states,
        transitions: command.stats.transitions,
        depth: command.stats.depth,
      });
    }
    expect(api.byPath.config).toEqual(command.config);
    expect(refused.code).toBe(2);
    expect(api.refused).toEqual({ isCheckError: true, code: 'QL103', message: refused.stderr.trim().replace(/^error: /, '') });
  });
});
