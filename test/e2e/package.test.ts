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

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] },
  files: ['spec.ts'],
});

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
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
});
