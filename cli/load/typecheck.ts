/**
 * `check --typecheck`: the TypeScript compiler's verdict on a spec module before it is loaded.
 * tsx strips types without checking them, so a spec with a type error runs as if it had none;
 * with this flag, the first error stops the check with its file, line, column and a code frame.
 *
 * The compiler is the `typescript` package of the spec's own project (found from the spec's
 * directory), else this package's. The spec is checked with the nearest `tsconfig.json`'s
 * options when there is one (so its paths, types and strictness apply), else with strict ES
 * module defaults and `quorumlab` resolved to this package; only the spec and what it imports
 * are checked.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { failAt, fail, ok, type Result } from '../errors.ts';
import { describeLocation } from './code-frame.ts';

/** The options used when the spec's project has no tsconfig.json. */
const DEFAULT_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  types: [],
};

/**
 * Where a project's TypeScript compiler may be, in order: TypeScript 7 installed beside
 * TypeScript 6 (tools that need 6's API, such as typescript-eslint, get it as `typescript`,
 * whose command is `tsc6`, while 7 is installed under another name: `@typescript/native` in
 * TypeScript's own instructions, `typescript7` in this package), then the `typescript` package's
 * `tsc`, or its `tsc6`.
 */
const COMPILERS = [
  ['@typescript/native', 'tsc'],
  ['typescript7', 'tsc'],
  ['typescript', 'tsc'],
  ['typescript', 'tsc6'],
] as const;

/** The TypeScript compiler's entry script: the spec's project's, else this package's; null when neither has one. */
export function findCompiler(absolutePath: string): string | null {
  for (const from of [absolutePath, import.meta.filename]) {
    const resolve = createRequire(from).resolve;
    for (const [pkg, command] of COMPILERS) {
      try {
        const tsc = join(dirname(resolve(`${pkg}/package.json`)), 'bin', command);
        if (existsSync(tsc)) return tsc;
      } catch {
        // Not installed there: try the next place.
      }
    }
  }
  return null;
}

/**
 * This package's types, for a spec outside any project: the declarations when built, else the
 * sources. (Inside a project, `quorumlab` resolves as the project's own setup says.)
 */
function ownTypes(): string {
  const root = resolve(import.meta.dirname, '..', '..');
  const declarations = join(root, 'dist', 'index.d.ts');
  return existsSync(declarations) ? declarations : join(root, 'index.ts');
}

/** The nearest tsconfig.json at or above `directory`, or null. */
function nearestTsconfig(directory: string): string | null {
  for (let at = resolve(directory); ; at = dirname(at)) {
    const candidate = join(at, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(at) === at) return null;
  }
}

function runCompiler(tsc: string, project: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, output: `${stdout}\n${stderr}` });
    });
  });
}

/**
 * Type-checks the spec module at `absolutePath` (`file` as the user gave it). Fails with the
 * first type error, located and framed, or when no compiler can be found.
 */
export async function typecheckSpec(file: string, absolutePath: string, cwd: string): Promise<Result<void>> {
  const tsc = findCompiler(absolutePath);
  if (tsc === null) return fail('QL114', `--typecheck needs the TypeScript compiler: install it in the spec's project (npm install --save-dev typescript)`);
  const base = nearestTsconfig(dirname(absolutePath));
  const scratch = mkdtempSync(join(tmpdir(), 'quorumlab-typecheck-'));
  try {
    const project = join(scratch, 'tsconfig.json');
    // Type packages (`types: ["node"]`) are looked up beside the config that names them, and
    // this one lives in a scratch directory: point it at the project's.
    const typeRoots = base === null ? [] : [join(dirname(base), 'node_modules', '@types')];
    const config =
      base === null
        ? { compilerOptions: { ...DEFAULT_OPTIONS, noEmit: true, paths: { quorumlab: [ownTypes()] } }, files: [absolutePath] }
        : { extends: base, compilerOptions: { noEmit: true, typeRoots }, files: [absolutePath], include: [] };
    writeFileSync(project, JSON.stringify(config));
    const { code, output } = await runCompiler(tsc, project, cwd);
    if (code === 0) return ok(undefined);
    const errors = [...output.matchAll(/^(.+?)\((\d+),(\d+)\): error (TS\d+): (.+)$/gm)];
    if (errors.length === 0) return fail('QL124', `spec module '${file}' does not type-check: ${output.trim().split('\n')[0] ?? `the compiler exited with ${code}`}`);
    const [, where, line, column, id, message] = errors[0];
    // The compiler names files relative to its working directory.
    const location = { file: resolve(cwd, where), line: Number(line), column: Number(column), message: `${id}: ${message.trim()}` };
    const { where: shown, frame } = describeLocation(location, cwd);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    return failAt('QL124', `spec module '${file}' does not type-check: ${shown}: ${location.message}${more}`, frame);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
