/**
 * `check` as a library call: `import { check } from 'quorumlab'` in a test suite runs the same
 * pipeline as `quorumlab check --json` and resolves to the object that command prints.
 *
 * The options are `check`'s flags in camelCase, parsed by the command's own flag parser, so a
 * value the command refuses is refused here with the same stable code and the same one line
 * (a {@link CheckError}); the messages name each option in its command-line spelling
 * (`--max-states`).
 *
 * The check runs in the caller's thread, not in the command's worker-thread host: a Model value
 * (functions and all) can then be passed directly, and a test framework's own timeout and
 * interrupts keep working as they do for any other test. The price is the command's guard
 * against a spec whose code never returns or exits its thread: here such a spec stalls or ends
 * the caller, as any other code in its test would.
 */
import { resolve as resolvePath } from 'node:path';
import type { JsonValue, Model, Progress, Strategy } from '../../explorer/index.ts';
import type { ResolveName } from '../../spec/index.ts';
import { parseCheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { fail, type CliFailure, type ErrorCode, type Result } from '../errors.ts';
import type { CheckJson } from '../format/check-report.ts';
import { writeCheckFiles } from '../outputs/check-outputs.ts';
import { runCheckPipeline, type CheckHooks } from '../search/check-pipeline.ts';
import { checkRequest } from '../search/hosted-check.ts';

/**
 * The options of {@link check}: `quorumlab check`'s flags in camelCase. Every one is optional;
 * an option left out takes the command's default (or the scenario's setting).
 */
export interface CheckFlagOptions {
  /** `--n`: home replicas. Quorum knobs apply to a scenario or the default configuration, or to a spec module whose factory takes them. */
  readonly n?: number;
  /** `--w`: write quorum. */
  readonly w?: number;
  /** `--r`: read quorum. */
  readonly r?: number;
  /** `--spares`: spare nodes a sloppy quorum may use. */
  readonly spares?: number;
  /** `--ops`: one script per client, separated by `;` (`w1,r;r`). */
  readonly ops?: string;
  readonly quorum?: 'strict' | 'sloppy';
  readonly resolve?: ResolveName;
  readonly clock?: 'logical' | 'wall' | 'vclock';
  readonly readRepair?: 'off' | 'async' | 'sync';
  readonly handoff?: boolean;
  readonly antiEntropy?: boolean;
  readonly mode?: 'quorum' | 'cp' | 'ap';
  /** Fault budgets. */
  readonly partitions?: number;
  readonly drops?: number;
  readonly crashes?: number;
  readonly stateLoss?: boolean;
  readonly skew?: number;
  /** `--property` (one name or several): the properties to check; default: the target's. */
  readonly properties?: string | readonly string[];
  /** `--const`: a spec module's constants, by name (numbers, strings, booleans, arrays, objects). */
  readonly constants?: Readonly<Record<string, JsonValue>>;
  readonly strategy?: Strategy;
  /** `--workers`: search threads (a Model value is always searched in one). */
  readonly workers?: number;
  /** `--symmetry on|off`. */
  readonly symmetry?: boolean;
  /** `--por on|off`: partial-order reduction. */
  readonly por?: boolean;
  /** `--quotient on|off`: the quorum model's quotients of what no checked property observes. */
  readonly quotient?: boolean;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  /** `--timeout`: seconds. */
  readonly timeout?: number;
  /** `--max-memory`: bytes, or a size such as `'2GB'`. */
  readonly maxMemory?: number | string;
  readonly seed?: number;
  /** `--deadlock`: a reachable state with no enabled action is a violation. */
  readonly deadlock?: boolean;
  /** `--strict-spec`: catch a spec that mutates its input, answers differently twice, or throws in a property. */
  readonly strictSpec?: boolean;
  /** `--typecheck`: type-check a TypeScript spec module before loading it. */
  readonly typecheck?: boolean;
  /** `--out`: write the check's files (verdict, trace, diagrams, report) into this directory, all or nothing. */
  readonly out?: string;
  /** `--png`: also write `trace.png` (needs `out`). */
  readonly png?: boolean;
  /** The directory a spec file's path and `out` are relative to; default `process.cwd()`. */
  readonly cwd?: string;
  /** Stops the search when aborted: the result is then inconclusive, with `interrupted: true`. */
  readonly signal?: AbortSignal;
  /** Called as the search progresses (about once a second). */
  readonly onProgress?: (progress: Progress) => void;
  /** The command's one-line notes for stderr (a limit lowered, workers not used); dropped when absent. */
  readonly onNote?: (note: string) => void;
}

/**
 * A check that could not run: bad input, which the command reports as one line and exit
 * code 2. `code` is the stable error code; `message` the command's line (after `error: `).
 */
export class CheckError extends Error {
  /** The stable code, e.g. `QL111`; `errorCodes` says what each one means. */
  readonly code: ErrorCode;
  /** For a spec module that does not compile or type-check: the code frame printed under the line. */
  readonly codeFrame: string | undefined;

  constructor(failure: CliFailure) {
    super(failure.message);
    this.name = 'CheckError';
    this.code = failure.code;
    this.codeFrame = failure.codeFrame;
  }
}

/** How each option maps onto the command's raw flags (the strings commander would hand over). */
const optionKinds = {
  n: 'number',
  w: 'number',
  r: 'number',
  spares: 'number',
  ops: 'string',
  quorum: 'string',
  resolve: 'string',
  clock: 'string',
  readRepair: 'string',
  handoff: 'switch',
  antiEntropy: 'switch',
  mode: 'string',
  partitions: 'number',
  drops: 'number',
  crashes: 'number',
  stateLoss: 'switch',
  skew: 'number',
  properties: 'names',
  constants: 'constants',
  strategy: 'string',
  workers: 'number',
  symmetry: 'on-off',
  por: 'on-off',
  quotient: 'on-off',
  maxStates: 'number',
  maxDepth: 'number',
  timeout: 'number',
  maxMemory: 'number',
  seed: 'number',
  deadlock: 'switch',
  strictSpec: 'switch',
  typecheck: 'switch',
  out: 'string',
  png: 'switch',
  cwd: 'string',
  signal: 'call',
  onProgress: 'call',
  onNote: 'call',
} as const satisfies Record<keyof CheckFlagOptions, string>;

type OptionName = keyof typeof optionKinds;

/**
 * Checks `target` as `quorumlab check [target] --json` would, and resolves to the object that
 * command prints ({@link CheckJson}). `target` is a scenario name, a spec module's path, a
 * Model value, or undefined for the default configuration. A violated or inconclusive verdict
 * is a result, not an error; bad input rejects with a {@link CheckError}.
 *
 * @example
 * const result = await check('./specs/counter.ts', { constants: { Limit: 3 }, maxStates: 100_000 });
 * expect(result.verdict).toBe('holds');
 */
export async function check<S, A>(target?: string | Model<S, A>, options: CheckFlagOptions = {}): Promise<CheckJson> {
  const flags = rawFlags(options);
  if (!flags.ok) throw new CheckError(flags.error);
  const parsed = parseCheckFlags(flags.value);
  if (!parsed.ok) throw new CheckError(parsed.error);
  if (target !== undefined && typeof target !== 'string' && typeof target !== 'object') {
    throw new CheckError(fail('QL121', `check() takes a scenario name, a spec file's path or a Model (got a ${typeof target})`).error);
  }
  const cwd = options.cwd ?? process.cwd();
  const files = parsed.value.out !== undefined;
  const request = { ...checkRequest(typeof target === 'string' ? target : undefined, parsed.value, cwd, files), ...(typeof target === 'object' ? { model: target } : {}) };
  const { signal, onProgress } = options;
  const hooks: CheckHooks = {
    ...(onProgress !== undefined ? { onProgress } : {}),
    ...(signal !== undefined ? { shouldStop: () => signal.aborted } : {}),
  };
  const outcome = await runCheckPipeline(request, hooks);
  if (!outcome.ok) throw new CheckError(outcome.error);
  const out = parsed.value.out;
  if (out !== undefined && outcome.value.files !== null) {
    const written = await writeCheckFiles(resolvePath(cwd, out), outcome.value.files);
    if (!written.ok) throw new CheckError(written.error);
  }
  for (const note of outcome.value.notes) options.onNote?.(note);
  return outcome.value.json;
}

/** The options as the raw strings and switches of the command line, or the first one of the wrong kind. */
function rawFlags(options: CheckFlagOptions): Result<RawCheckFlags> {
  if (typeof options !== 'object' || options === null) return fail('QL103', `check() options must be an object (got ${options === null ? 'null' : typeof options})`);
  const raw: Record<string, unknown> = { json: true };
  for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
    if (!(name in optionKinds)) {
      return fail('QL101', `unknown option '${name}' for check(); known: ${Object.keys(optionKinds).join(', ')}`);
    }
    if (value === undefined) continue;
    const kind = optionKinds[name as OptionName];
    const flag = `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    const wrong = (expected: string): Result<never> => fail('QL103', `${flag} (option '${name}') must be ${expected} (got ${describe(value)})`);
    switch (kind) {
      case 'number':
        // Strings too (`maxMemory: '2GB'`, a number read from an environment variable): the command's parser judges them.
        if (typeof value !== 'number' && typeof value !== 'string') return wrong('a number');
        raw[name] = String(value);
        break;
      case 'string':
        if (typeof value !== 'string') return wrong('a string');
        raw[name] = value;
        break;
      case 'switch':
        if (typeof value !== 'boolean') return wrong('true or false');
        raw[name] = value;
        break;
      case 'on-off':
        if (typeof value !== 'boolean') return wrong('true or false');
        raw[name] = value ? 'on' : 'off';
        break;
      case 'names': {
        const names: unknown[] = Array.isArray(value) ? value : [value];
        if (names.length === 0 || names.some((entry) => typeof entry !== 'string')) return wrong('a property name or a list of them');
        raw.property = names;
        break;
      }
      case 'constants': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong('an object of constants by name');
        const entries: string[] = [];
        for (const [constant, given] of Object.entries(value)) {
          if (!isJsonValue(given)) return fail('QL115', `constant ${constant} must be a JSON value (a number, string, boolean, null, array or plain object; got ${describe(given)})`);
          entries.push(`${constant}=${JSON.stringify(given)}`);
        }
        raw.const = entries;
        break;
      }
      case 'call':
        if (name === 'signal' ? !(value instanceof AbortSignal) : typeof value !== 'function') return wrong(name === 'signal' ? 'an AbortSignal' : 'a function');
        break;
    }
  }
  // The keys were checked against RawCheckFlags' names above.
  return { ok: true, value: raw };
}

/** Whether `value` survives JSON unchanged (what `--const` can give a spec). */
function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((entry) => isJsonValue(entry, depth + 1));
  if (typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.values(value).every((entry) => isJsonValue(entry, depth + 1));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}
