/**
 * The first stage of `quorumlab check`: the raw strings commander collected, turned into typed
 * flags. Pure and independent of any scenario: only what was given explicitly is set, so a
 * scenario's configuration can be overridden by exactly the flags the user typed.
 */
import { parseOps, type QuorumConfig, RESOLVE_NAMES } from '../../spec/index.ts';
import type { Limits, Strategy, JsonValue } from '../../explorer/index.ts';
import { fail, ok, type Result } from '../errors.ts';
import { parseConstantFlags } from './constants.ts';
import { parseChoice, parseInteger, parseMemory, parseOnOff, parseSeconds } from './values.ts';

/** The option values of `check` exactly as commander hands them over (strings, switches, lists). */
export interface RawCheckFlags {
  readonly n?: string;
  readonly w?: string;
  readonly r?: string;
  readonly spares?: string;
  readonly ops?: string;
  readonly quorum?: string;
  readonly resolve?: string;
  readonly clock?: string;
  readonly readRepair?: string;
  readonly handoff?: boolean;
  readonly antiEntropy?: boolean;
  readonly mode?: string;
  readonly partitions?: string;
  readonly drops?: string;
  readonly crashes?: string;
  readonly stateLoss?: boolean;
  readonly skew?: string;
  readonly property?: readonly string[];
  readonly const?: readonly string[];
  readonly strategy?: string;
  readonly workers?: string;
  readonly symmetry?: string;
  readonly por?: string;
  readonly quotient?: string;
  readonly maxStates?: string;
  readonly maxDepth?: string;
  readonly timeout?: string;
  readonly maxMemory?: string;
  readonly seed?: string;
  readonly out?: string;
  readonly png?: boolean;
  readonly json?: boolean;
  readonly stats?: boolean;
  readonly strictSpec?: boolean;
  readonly typecheck?: boolean;
  readonly deadlock?: boolean;
}

/** The quorum knobs a user may set from the command line, each present only when given. */
export type ConfigOverrides = {
  -readonly [K in Exclude<keyof QuorumConfig, 'clientSites' | 'partitionCut' | 'names'>]?: QuorumConfig[K];
};

/** Typed `check` flags: the knobs given, and how to search and report. */
export interface CheckFlags {
  /** Quorum knobs given explicitly; they override the scenario's (or the default) configuration. */
  readonly overrides: ConfigOverrides;
  /** The flag each override came from (`--w`), so later stages can name it in an error. */
  readonly overrideFlags: ReadonlyMap<keyof ConfigOverrides, string>;
  /** `--const NAME=VALUE`: values for a spec module's constants, by name. */
  readonly constants: ReadonlyMap<string, JsonValue>;
  /** Properties asked for, or undefined for the target's default. */
  readonly properties: readonly string[] | undefined;
  readonly strategy: Strategy;
  /** `--workers`: undefined means the default (see `planWorkers`). */
  readonly workers: number | undefined;
  /** `--symmetry`: undefined means on when the model has a symmetry function. */
  readonly symmetry: boolean | undefined;
  /** `--por` (partial-order reduction): undefined means on where it applies. */
  readonly reduction: boolean | undefined;
  /** `--quotient`: the quotients of what no checked property observes (quorum model only); undefined means on where they apply. */
  readonly quotient: boolean | undefined;
  readonly limits: Limits;
  readonly seed: number | undefined;
  readonly out: string | undefined;
  readonly png: boolean;
  readonly json: boolean;
  /** `--stats`: also estimate the symmetry factor (orbit work after the search); `--json` asks for it too. */
  readonly stats: boolean;
  /** `--strict-spec`: check the spec's calls for the classic mistakes as the search runs. */
  readonly strictSpec: boolean;
  /** `--typecheck`: type-check a TypeScript spec module before loading it. */
  readonly typecheck: boolean;
  /** `--deadlock`: a reachable state with no enabled action is a violation (of `deadlock-free`). */
  readonly deadlock: boolean;
}

/** The accepted words of each choice flag, shared by parsing and `--help`. */
export const choices = {
  quorum: ['strict', 'sloppy'],
  resolve: RESOLVE_NAMES,
  clock: ['logical', 'wall', 'vclock'],
  readRepair: ['off', 'async', 'sync'],
  mode: ['quorum', 'cp', 'ap'],
  strategy: ['bfs', 'dfs', 'random'],
} as const satisfies Record<string, readonly string[]>;

/** The upper bound this command accepts for a fault budget; the model may accept fewer. */
const MAX_BUDGET = 15;
/** Largest cluster the command accepts (home replicas plus spares); the model enforces its own. */
const MAX_NODES = 15;

/** Parses the raw `check` flags; fails on the first value that is not accepted. */
export function parseCheckFlags(raw: RawCheckFlags): Result<CheckFlags> {
  const overrides: ConfigOverrides = {};
  const overrideFlags = new Map<keyof ConfigOverrides, string>();
  const set = <K extends keyof ConfigOverrides>(key: K, flag: string, value: ConfigOverrides[K]): void => {
    overrides[key] = value;
    overrideFlags.set(key, flag);
  };

  // N first: W and R are checked against it when it is given here; against the scenario's N later.
  const integerKnobs = [
    ['n', '--n', raw.n, 1, MAX_NODES],
    ['spares', '--spares', raw.spares, 0, MAX_NODES],
    ['partitions', '--partitions', raw.partitions, 0, MAX_BUDGET],
    ['drops', '--drops', raw.drops, 0, MAX_BUDGET],
    ['crashes', '--crashes', raw.crashes, 0, MAX_BUDGET],
    ['skew', '--skew', raw.skew, 0, MAX_BUDGET],
  ] as const;
  for (const [key, flag, text, min, max] of integerKnobs) {
    if (text === undefined) continue;
    const parsed = parseInteger(flag, text, min, max);
    if (!parsed.ok) return parsed;
    set(key, flag, parsed.value);
  }
  for (const [key, flag, text] of [['w', '--w', raw.w], ['r', '--r', raw.r]] as const) {
    if (text === undefined) continue;
    const parsed = overrides.n === undefined ? parseInteger(flag, text, 1, MAX_NODES) : parseQuorumSize(flag, text, overrides.n);
    if (!parsed.ok) return parsed;
    set(key, flag, parsed.value);
  }

  if (raw.ops !== undefined) {
    const parsed = parseOps(raw.ops);
    if (!parsed.ok) return fail('QL112', `--ops '${raw.ops}' does not parse: ${parsed.error}`);
    set('ops', '--ops', parsed.scripts);
  }

  const choiceKnobs = [
    ['quorum', '--quorum', raw.quorum, choices.quorum],
    ['resolve', '--resolve', raw.resolve, choices.resolve],
    ['clock', '--clock', raw.clock, choices.clock],
    ['readRepair', '--read-repair', raw.readRepair, choices.readRepair],
    ['mode', '--mode', raw.mode, choices.mode],
  ] as const;
  for (const [key, flag, text, accepted] of choiceKnobs) {
    if (text === undefined) continue;
    const parsed = parseChoice<string>(flag, text, accepted);
    if (!parsed.ok) return parsed;
    // The cast is safe: `accepted` is exactly the value type of `key`.
    set(key, flag, parsed.value as never);
  }

  for (const [key, flag, value] of [
    ['handoff', '--handoff', raw.handoff],
    ['antiEntropy', '--anti-entropy', raw.antiEntropy],
    ['stateLoss', '--state-loss', raw.stateLoss],
  ] as const) {
    if (value !== undefined) set(key, flag, value);
  }

  const strategy = raw.strategy === undefined ? ok<Strategy>('bfs') : parseChoice('--strategy', raw.strategy, choices.strategy);
  if (!strategy.ok) return strategy;
  const workers = raw.workers === undefined ? ok<number | undefined>(undefined) : parseInteger('--workers', raw.workers, 1, 256);
  if (!workers.ok) return workers;
  const symmetry = raw.symmetry === undefined ? ok<boolean | undefined>(undefined) : parseOnOff('--symmetry', raw.symmetry);
  if (!symmetry.ok) return symmetry;
  const reduction = raw.por === undefined ? ok<boolean | undefined>(undefined) : parseOnOff('--por', raw.por);
  if (!reduction.ok) return reduction;
  if (reduction.value === true && strategy.value === 'random') {
    return fail('QL114', '--por on with --strategy random: random simulation keeps no visited set, so partial-order reduction does not apply; use --por off or --strategy bfs');
  }
  const quotient = raw.quotient === undefined ? ok<boolean | undefined>(undefined) : parseOnOff('--quotient', raw.quotient);
  if (!quotient.ok) return quotient;
  const seed = raw.seed === undefined ? ok<number | undefined>(undefined) : parseInteger('--seed', raw.seed, 0, 2 ** 32 - 1);
  if (!seed.ok) return seed;

  const limits = parseLimits(raw);
  if (!limits.ok) return limits;
  const constants = parseConstantFlags(raw.const);
  if (!constants.ok) return constants;

  const properties = raw.property === undefined || raw.property.length === 0 ? undefined : dedupe(raw.property);
  if (raw.out !== undefined && raw.out.trim() === '') return fail('QL103', `--out must name a directory (got '')`);
  if (raw.png === true && raw.out === undefined) return fail('QL114', '--png needs --out DIR (the PNG is written beside trace.svg)');

  return ok({
    overrides,
    overrideFlags,
    constants: constants.value,
    properties,
    strategy: strategy.value,
    workers: workers.value,
    symmetry: symmetry.value,
    reduction: reduction.value,
    quotient: quotient.value,
    limits: limits.value,
    seed: seed.value,
    out: raw.out,
    png: raw.png === true,
    json: raw.json === true,
    stats: raw.stats === true,
    strictSpec: raw.strictSpec === true,
    typecheck: raw.typecheck === true,
    deadlock: raw.deadlock === true,
  });
}

/** Parses `--w`/`--r` against a known N, with the message the contract shows. */
export function parseQuorumSize(flag: string, text: string, n: number): Result<number> {
  const trimmed = text.trim();
  const value = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > n) {
    return fail('QL111', `${flag} must be between 1 and N=${n} (got ${Number.isNaN(value) ? `'${text}'` : value})`);
  }
  return ok(value);
}

function parseLimits(raw: RawCheckFlags): Result<Limits> {
  const limits: { -readonly [K in keyof Limits]: Limits[K] } = {};
  if (raw.maxStates !== undefined) {
    const parsed = parseInteger('--max-states', raw.maxStates, 1);
    if (!parsed.ok) return parsed;
    limits.maxStates = parsed.value;
  }
  if (raw.maxDepth !== undefined) {
    const parsed = parseInteger('--max-depth', raw.maxDepth, 0);
    if (!parsed.ok) return parsed;
    limits.maxDepth = parsed.value;
  }
  if (raw.timeout !== undefined) {
    const parsed = parseSeconds('--timeout', raw.timeout);
    if (!parsed.ok) return parsed;
    limits.timeoutSeconds = parsed.value;
  }
  if (raw.maxMemory !== undefined) {
    const parsed = parseMemory('--max-memory', raw.maxMemory);
    if (!parsed.ok) return parsed;
    limits.maxMemoryBytes = parsed.value;
  }
  return ok(limits);
}

function dedupe(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.trim()))];
}
