/**
 * fast-check arbitraries of whole `quorumlab` invocations for the CLI fuzz test: a command line
 * and the files it reads (spec modules, traces, DOT sources), written into a fresh directory
 * that is also the command's working directory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { scenarios } from '../../spec/index.ts';
import { root } from './run-cli.ts';

/** One invocation: the arguments after `quorumlab`, and the files to create in its working directory first. */
export interface FuzzCase {
  readonly args: readonly string[];
  readonly files: Readonly<Record<string, string>>;
}

/** Limits put before the random flags of every command that searches, so each case stays quick. */
export const SEARCH_LIMITS = ['--max-states', '2000', '--timeout', '5'] as const;

const knownCommands = ['check', 'overlap', 'render', 'replay', 'sweep', 'cap', 'lesson', 'induct'] as const;

/** Values that probe every number and word parser: out of range, negative, huge, empty, unicode. */
const oddValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '-1', '0', '1', '2', '3', '15', '16', '255', '256', '99999999999999999999', '1e3', '0x10', '1.5', ' 2 ', 'NaN', 'Infinity', '-0', '+2', 'on', 'off', 'yes', 'é', '∞', '日本', '🙂', '--', '-', 'w1;r', '512MB', '1B'),
  // A NUL byte cannot be passed in argv at all; the command never sees one.
  fc.string({ maxLength: 12, unit: 'binary' }).map((s) => s.replaceAll('\u0000', '')),
);

const smallInt = (max: number): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map(String);

/** Scripts for `--ops`: valid ones of every shape, and garbage. */
const opsScript: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.array(fc.oneof(fc.constant('r'), fc.integer({ min: 0, max: 300 }).map((v) => `w${v}`)), { minLength: 0, maxLength: 4 }), { minLength: 1, maxLength: 4 })
    .map((clients) => clients.map((ops) => ops.join(',')).join(';')),
  fc.constantFrom('w1;r', 'w1,r;r', 'w1;w2;r', 'r;r;r;r;r;r;r;r;r', ';', ',', 'w', 'wx', 'W1;R', ' w1 ; r ', 'w1;;r', 'w1,,r', 'w01;r', 'w-1'),
  oddValue,
);

/** Valid-looking values for each known flag of the quorum commands (check, sweep, cap, induct). */
const quorumFlagValues: Readonly<Record<string, fc.Arbitrary<string>>> = {
  '--n': smallInt(6),
  '--w': smallInt(6),
  '--r': smallInt(6),
  '--spares': smallInt(3),
  '--ops': opsScript,
  '--quorum': fc.constantFrom('strict', 'sloppy'),
  '--resolve': fc.constantFrom('lww', 'first', 'majority', 'vclock'),
  '--clock': fc.constantFrom('logical', 'wall', 'vclock'),
  '--read-repair': fc.constantFrom('off', 'async', 'sync'),
  '--mode': fc.constantFrom('quorum', 'cp', 'ap'),
  '--partitions': smallInt(2),
  '--drops': smallInt(2),
  '--crashes': smallInt(2),
  '--skew': smallInt(2),
  '--property': fc.constantFrom('stale-read', 'linearizable', 'read-your-writes', 'monotonic-reads', 'convergence', 'availability', 'atomicity', 'small'),
  '--strategy': fc.constantFrom('bfs', 'dfs', 'random'),
  '--workers': smallInt(4),
  '--symmetry': fc.constantFrom('on', 'off'),
  '--max-depth': smallInt(30),
  '--max-memory': fc.constantFrom('512MB', '2GB', '1MB', '1.5G'),
  '--seed': smallInt(100),
  '--out': fc.constantFrom('out', 'out/nested', '.'),
  '--invariant': fc.constantFrom('stale-read', 'write-quorum', 'quorum-intersection'),
  // Limits only ever get small or invalid values: a random flag must not lift the case's limits.
  '--max-states': fc.constantFrom('0', '-5', 'x', '10', '2000'),
  '--timeout': fc.constantFrom('0', '-1', 'abc', '1e400', '0.5'),
  '--runs': fc.constantFrom('0', '-1', 'x', '10', '50'),
  '--exhaustive': fc.constantFrom('off', 'maybe', ''),
};
const switches = ['--handoff', '--no-handoff', '--anti-entropy', '--no-anti-entropy', '--state-loss', '--no-state-loss', '--json', '--png', '--help'];

/** A known flag misspelled: a character dropped, doubled, or two swapped; or its case changed. */
function misspelled(flags: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...flags), fc.nat(), fc.constantFrom('drop', 'double', 'swap', 'upper', 'single-dash')).map(([flag, at, how]) => {
    const i = 2 + (at % Math.max(1, flag.length - 2));
    if (how === 'drop') return flag.slice(0, i) + flag.slice(i + 1);
    if (how === 'double') return flag.slice(0, i) + flag[i] + flag.slice(i);
    if (how === 'swap' && i + 1 < flag.length) return flag.slice(0, i) + flag[i + 1] + flag[i] + flag.slice(i + 2);
    if (how === 'single-dash') return flag.slice(1);
    return flag.toUpperCase();
  });
}

/** Random flags for a command: known ones with valid or odd values, switches, unknown and misspelled ones, repeats. */
function flagsFor(values: Readonly<Record<string, fc.Arbitrary<string>>>, switchNames: readonly string[]): fc.Arbitrary<string[]> {
  const names = Object.keys(values);
  const one: fc.Arbitrary<string[]> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...names).chain((flag) => fc.oneof({ weight: 3, arbitrary: values[flag] }, { weight: 1, arbitrary: oddValue }).map((value) => [flag, value])) },
    { weight: 2, arbitrary: fc.constantFrom(...switchNames).map((flag) => [flag]) },
    { weight: 1, arbitrary: fc.constantFrom('--frobnicate', '--verbose', '-x', '--', '-', '--n=3', '--w=', '--json=yes').map((flag) => [flag]) },
    { weight: 1, arbitrary: misspelled([...names, ...switchNames]).map((flag) => [flag]) },
  );
  return fc.array(one, { maxLength: 5 }).map((groups) => groups.flat());
}

/** Optionally, a flag whose value is missing: it ends the command line. */
function dangling(names: readonly string[]): fc.Arbitrary<string[]> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.constantFrom(...names).map((flag) => [flag]) });
}

// ---------------------------------------------------------------------------------------------
// Spec modules

const specParts = {
  name: ['"m"', '""', '5', 'undefined', '"a\\nb"'],
  init: ['() => [0]', '() => [0, 1]', '() => { throw new Error("init broke"); }', '() => null', '() => []', '() => "x"', '() => { throw "a string"; }'],
  actions: ['(s) => (s < 6 ? [1, 2] : [])', '(s) => [1]', '() => { throw new Error("actions broke"); }', '() => 5', '() => null', '() => { throw null; }'],
  next: ['(s, a) => s + a', '(s, a) => (s + a) % 7', '() => { throw new Error("next broke"); }', '() => undefined'],
  encode: ['(s, out) => out.u8(s)', '(s, out) => out.varint(s)', '() => { throw new Error("encode broke"); }', '(s, out) => out.u8("x")'],
  properties: [
    '[{ name: "small", kind: "always", check: (s) => s < 5 }]',
    '[{ name: "small", kind: "always", check: (s) => s < 99 }]',
    '[{ name: "big", kind: "sometimes", check: (s) => s > 4 }]',
    '[{ name: "grows", kind: "eventually", check: (s) => s > 4 }]',
    '[{ name: "grows", kind: "always-eventually", check: (s) => s > 4 }]',
    '5',
    '[]',
    '[{ name: "p", kind: "never", check: () => true }]',
    '[{ name: "p", kind: "always", check: () => { throw new Error("check broke"); } }]',
    '[{ name: "p", kind: "always", check: () => true }, { name: "p", kind: "always", check: () => true }]',
  ],
  extra: [
    '',
    'describe: { action: (s, a) => `add ${a}` },',
    'describe: { action: () => 5 },',
    'describe: { action: () => null },',
    'describe: { action: () => { throw new Error("label broke"); } },',
    'describe: { action: () => "a", state: () => { throw new Error("view broke"); } },',
    'describe: { action: () => "a", state: (s) => ({ s, half: 0.5, big: 2 ** 60 }) },',
    'describe: { action: () => "a", step: () => null },',
    'describe: { action: () => "a", lanes: () => 7 },',
    'describe: { action: () => "a", explain: () => { throw new Error("explain broke"); } },',
    'symmetry: () => { throw new Error("symmetry broke"); },',
    'symmetry: 5,',
    'symmetry: (s) => s,',
    'fairness: () => { throw new Error("fairness broke"); },',
    'fairness: () => "all",',
  ],
} as const;

/** A module body: mostly a sound model, with up to two parts swapped for broken ones. */
const modelObject: fc.Arbitrary<string> = fc
  .record(
    Object.fromEntries(
      Object.entries(specParts).map(([part, variants]) => [part, fc.oneof({ weight: 4, arbitrary: fc.constant(variants[0]) }, { weight: 1, arbitrary: fc.constantFrom(...variants) })]),
    ) as { [K in keyof typeof specParts]: fc.Arbitrary<string> },
  )
  .map((p) => `{ name: ${p.name}, init: ${p.init}, actions: ${p.actions}, next: ${p.next}, encode: ${p.encode}, properties: ${p.properties}, ${p.extra} }`);

/** A spec module's source: the model exported in one of the accepted ways, or not, or a module that cannot load. */
const specSource: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: modelObject.map((m) => `export default ${m};\n`) },
  { weight: 2, arbitrary: modelObject.map((m) => `export const model = ${m};\n`) },
  { weight: 2, arbitrary: modelObject.map((m) => `export default (overrides) => (${m});\n`) },
  { weight: 1, arbitrary: modelObject.map((m) => `export default async () => { throw new Error("factory broke"); };\nexport const unused = ${m};\n`) },
  { weight: 1, arbitrary: modelObject.map((m) => `export const other = ${m};\n`) },
  { weight: 1, arbitrary: modelObject.map((m) => `throw new Error("broke at import");\nexport default ${m};\n`) },
  { weight: 1, arbitrary: fc.tuple(modelObject, fc.nat()).map(([m, cut]) => `export default ${m};\n`.slice(0, cut % (m.length + 16))) },
  { weight: 1, arbitrary: fc.constantFrom('export default 5;\n', 'export default null;\n', 'export default [];\n', 'module.exports = {};\n', 'export default new Proxy({}, { get() { throw new Error("proxy"); } });\n', '') },
);

const specFile: fc.Arbitrary<{ name: string; source: string }> = fc
  .tuple(specSource, fc.constantFrom('spec.mjs', 'spec.ts', 'spec.js', 'spec.mts', 'spec.txt'))
  .map(([source, name]) => ({ name, source }));

// ---------------------------------------------------------------------------------------------
// Traces

const goldenDir = join(root, 'test', 'reports', 'golden');
/** Traces written by `check --out`, kept as golden files by the reports; the fuzz mutates them. */
const goldenTraces: readonly string[] = readdirSync(goldenDir)
  .filter((name) => name.endsWith('.itf.json'))
  .sort()
  .map((name) => readFileSync(join(goldenDir, name), 'utf8'));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Replaces (or, with `value` undefined, deletes) the element that `path` picks; each step picks a child by index, modulo the children. */
function mutateAt(json: Json, path: readonly number[], value: Json | undefined): Json {
  if (path.length === 0 || json === null || typeof json !== 'object') return value === undefined ? null : value;
  const keys = Array.isArray(json) ? json.map((_, i) => i) : Object.keys(json);
  if (keys.length === 0) return json;
  const key = keys[path[0] % keys.length];
  const copy: Json = Array.isArray(json) ? [...json] : { ...json };
  const child = (copy as Record<string | number, Json>)[key];
  const replaced = path.length === 1 ? value : mutateAt(child, path.slice(1), value);
  if (replaced === undefined) {
    if (Array.isArray(copy)) copy.splice(key as number, 1);
    else Reflect.deleteProperty(copy, key);
  } else {
    (copy as Record<string | number, Json>)[key] = replaced;
  }
  return copy;
}

/** A trace file: a golden trace as it is, truncated, with a value changed or deleted, with a step index moved, with another scenario's config, or garbage. */
const traceText: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...goldenTraces) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...goldenTraces), fc.nat()).map(([text, cut]) => text.slice(0, cut % text.length)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...goldenTraces), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { nil: undefined }))
      .map(([text, path, value]) => JSON.stringify(mutateAt(JSON.parse(text) as Json, path, value))),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...goldenTraces), fc.nat(), fc.integer({ min: -3, max: 12 })).map(([text, at, delta]) => {
      const trace = JSON.parse(text) as { '#meta': { actionIndices: number[] } };
      const indices = trace['#meta'].actionIndices;
      if (indices.length > 0) indices[at % indices.length] += delta;
      return JSON.stringify(trace);
    }),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...goldenTraces), fc.constantFrom(...scenarios)).map(([text, scenario]) => {
      const trace = JSON.parse(text) as { '#meta': { config: unknown } };
      trace['#meta'].config = JSON.parse(JSON.stringify(scenario.config)) as unknown;
      return JSON.stringify(trace);
    }),
  },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))) },
);

// ---------------------------------------------------------------------------------------------
// DOT sources

const dotText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('digraph { a -> b }', 'digraph G { a [label=<<b>x</b>>]; a -> b [label="m"]; }', 'graph { a -- b }', '', 'digraph {', 'digraph { a -> }', 'strict strict digraph {}', '<html></html>', 'digraph { a [label=<<b>unclosed>]; }'),
  fc.string({ maxLength: 60 }),
  fc.tuple(fc.nat(), fc.string({ maxLength: 6 })).map(([at, junk]) => {
    const base = 'digraph G { rankdir=LR; a -> b [label="hello"]; b -> c; }';
    const i = at % base.length;
    return base.slice(0, i) + junk + base.slice(i);
  }),
);

// ---------------------------------------------------------------------------------------------
// Whole commands

const quorumFlags = flagsFor(quorumFlagValues, switches);
const scenarioName = fc.oneof(fc.constantFrom(...scenarios.map((s) => s.name)), fc.constantFrom('nope', 'Bank', 'bank ', ''), fc.string({ maxLength: 8 }));

const checkCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.oneof(
      { weight: 2, arbitrary: fc.constant<{ target: string[]; files: Record<string, string> }>({ target: [], files: {} }) },
      { weight: 3, arbitrary: scenarioName.map((name) => ({ target: [name], files: {} })) },
      { weight: 3, arbitrary: specFile.map(({ name, source }) => ({ target: [`./${name}`], files: { [name]: source } })) },
      { weight: 1, arbitrary: fc.constantFrom('./missing.ts', 'dir/', '../x.mjs', join(root, 'examples', 'two-phase-commit.ts'), join(root, 'examples', 'read-your-writes-n4.ts')).map((file) => ({ target: [file], files: {} })) },
    ),
    quorumFlags,
    dangling(Object.keys(quorumFlagValues)),
  )
  .map(([{ target, files }, flags, tail]) => ({ args: ['check', ...target, ...SEARCH_LIMITS, ...flags, ...tail], files }));

/** sweep runs a check for every W, R in 1..N: N stays at most 3 unless it is invalid. */
const sweepCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(quorumFlags, dangling(['--n', '--ops', '--out']))
  .map(([flags, tail]) => ({ args: ['sweep', '--n', '2', ...SEARCH_LIMITS, ...flags.map((value, i) => (flags[i - 1] === '--n' && Number(value) > 3 && Number(value) <= 15 ? '3' : value)), ...tail], files: {} }));

const capCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.option(scenarioName, { nil: undefined }), quorumFlags, dangling(['--n', '--mode', '--out']))
  .map(([name, flags, tail]) => ({ args: ['cap', ...(name === undefined ? [] : [name]), ...SEARCH_LIMITS, ...flags, ...tail], files: {} }));

const inductCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(quorumFlags, dangling(['--invariant', '--runs', '--n']))
  .map(([flags, tail]) => ({ args: ['induct', '--exhaustive', 'off', '--runs', '50', ...flags, ...tail], files: {} }));

const overlapCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(flagsFor({ '--n': smallInt(17), '--w': smallInt(17), '--r': smallInt(17), '--k': smallInt(1001), '--out': fc.constantFrom('out', '.') }, ['--json', '--help']), dangling(['--n', '--k']))
  .map(([flags, tail]) => ({ args: ['overlap', ...flags, ...tail], files: {} }));

const renderCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(dotText, fc.constantFrom<string[]>([], ['-o', 'x.svg'], ['-o', 'x.png'], ['-o', 'x.txt'], ['-o', ''], ['-o', 'sub/x.svg'], ['-o', 'in.dot'], ['--output', 'y.SVG']), fc.boolean())
  .map(([dot, output, missing]) => ({ args: ['render', missing ? 'missing.dot' : 'in.dot', ...output], files: { 'in.dot': dot } }));

/** replay takes only --json: mostly that or nothing, so that most cases reach the replay itself. */
const replayFlags: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<string[]>([]) },
  { weight: 2, arbitrary: fc.constant<string[]>(['--json']) },
  { weight: 1, arbitrary: flagsFor({ '--out': fc.constant('out'), '--property': fc.constant('stale-read') }, ['--json']) },
);

const replayCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(traceText, replayFlags, fc.boolean())
  .map(([trace, flags, missing]) => ({ args: ['replay', missing ? 'missing.itf.json' : 'trace.itf.json', ...flags], files: { 'trace.itf.json': trace } }));

/** A trace as `check --out` writes one for a spec module, with random steps: the module under it may be broken in any way. */
const specTraceText: fc.Arbitrary<string> = fc
  .record({
    property: fc.constantFrom('small', 'small', 'big', 'grows', 'p'),
    indices: fc.array(fc.nat({ max: 2 }), { maxLength: 4 }),
    labels: fc.array(fc.constantFrom('1', '2', 'add 1', 'add 2', 'a'), { minLength: 4, maxLength: 4 }),
    overrides: fc.option(fc.constantFrom<Json>({}, { n: 4 }, 5), { nil: undefined }),
    loop: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
    derived: fc.boolean(),
  })
  .map(({ property, indices, labels, overrides, loop, derived }) => {
    // Derived labels are what the sound model's fallback labels its actions 1 and 2: those traces replay.
    const actionLabels = indices.map((index, i) => (derived ? String(index + 1) : labels[i]));
    // The sound model adds the action (index + 1) to its number state.
    const values = indices.reduce((sums, index) => [...sums, sums[sums.length - 1] + index + 1], [0]);
    const states = values.map((value, i) => ({ '#meta': { index: i }, state: value, 'mbt::actionTaken': i === 0 ? 'init' : actionLabels[i - 1] }));
    const config: Record<string, Json> = { spec: './spec.mjs', model: 'm', ...(overrides === undefined ? {} : { overrides }) };
    const meta = { format: 'ITF', source: './spec.mjs', model: 'm', config, property, init: 0, actionIndices: indices, actionLabels };
    return JSON.stringify({ '#meta': meta, vars: ['state', 'mbt::actionTaken'], states, ...(loop === undefined ? {} : { loop: loop % states.length }) });
  });

/** `replay` of a spec module's trace (see `specTraceText`). */
export const specReplayCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(specSource, specTraceText, replayFlags)
  .map(([source, trace, flags]) => ({ args: ['replay', 'trace.itf.json', '--spec', 'spec.mjs', ...flags], files: { 'spec.mjs': source, 'trace.itf.json': trace } }));

/** lesson runs real checks without limits: only its cheap step (`overlap`) and bad names and flags. */
const lessonCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.oneof(fc.constantFrom('overlap', 'nope', 'Overlap', ''), fc.string({ maxLength: 6 }).filter((s) => !['lww-holds', 'first-reply', 'tunable', 'bank', 'sloppy-ghost', 'healing', 'abd'].includes(s))), flagsFor({ '--out': fc.constantFrom('out', 'lesson') }, ['--json']))
  .map(([name, flags]) => ({ args: name === '' ? ['lesson', 'nope', ...flags] : ['lesson', name, ...flags], files: {} }));

/** Unknown or misspelled commands, and the program's own flags. */
const otherCase: fc.Arbitrary<FuzzCase> = fc
  .oneof(
    misspelled(knownCommands.map((c) => `--${c}`)).map((c) => [c.replace(/^-+/, '')]),
    fc.constantFrom(['frobnicate'], ['Check'], ['--frobnicate'], ['-V'], ['--version'], ['help'], ['help', 'check'], ['help', 'nope'], ['--help', 'check'], [''], ['-']),
    fc.string({ maxLength: 10 }).map((s) => [s.replaceAll('\u0000', '')]),
  )
  .map((args) => ({ args, files: {} }));

/** Any invocation, weighted towards the commands with the most inputs. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 5, arbitrary: checkCase },
  { weight: 3, arbitrary: replayCase },
  { weight: 2, arbitrary: specReplayCase },
  { weight: 2, arbitrary: renderCase },
  { weight: 2, arbitrary: overlapCase },
  { weight: 1, arbitrary: sweepCase },
  { weight: 1, arbitrary: capCase },
  { weight: 1, arbitrary: inductCase },
  { weight: 1, arbitrary: lessonCase },
  { weight: 2, arbitrary: otherCase },
);

/**
 * Limits for the cases that must end in a refusal: a time limit long enough that a loaded
 * machine starting four commands with their workers at once still reaches the search.
 */
const REFUSAL_LIMITS = ['--max-states', '2000', '--timeout', '60'] as const;

/** Values a spec's `init` or `actions` might return instead of an array, as source text. */
const notAnArray = fc.constantFrom('({ 0: 0 })', 'new Set([0])', 'new Map([[0, 0]])', '1', '"ab"', 'null', 'undefined', '({ length: 1, 0: 0 })', 'Promise.resolve([0])');

/** The strategies and worker counts a search may run with: every one must refuse the same shapes. */
const searchWay = fc.constantFrom(['--strategy', 'bfs'], ['--strategy', 'dfs'], ['--strategy', 'random'], ['--strategy', 'bfs', '--workers', '2']);

/**
 * A spec whose `init` or `actions` (from some state on) returns something that is not an array,
 * or whose `init` returns no state at all. Once, `init` returning an object gave "HOLDS, 0
 * states" and `actions` returning a Set "HOLDS, 1 state": a verdict never earned.
 */
export const malformedShapeCase: fc.Arbitrary<FuzzCase & { readonly expect: RegExp }> = fc
  .record({ where: fc.constantFrom('init', 'actions', 'init-empty'), value: notAnArray, from: fc.integer({ min: 0, max: 5 }), way: searchWay })
  .map(({ where, value, from, way }) => {
    const init = where === 'init' ? `() => ${value}` : where === 'init-empty' ? '() => []' : '() => [0]';
    const actions = where === 'actions' ? `(s) => (s >= ${from} ? ${value} : ["up"])` : '(s) => (s < 9 ? ["up"] : [])';
    const text = `export default { name: "shape", init: ${init}, actions: ${actions}, next: (s) => s + 1, encode: (s, out) => out.u8(s), properties: [{ name: "small", kind: "always", check: (s) => s < 100 }] };\n`;
    const expect = where === 'init-empty' ? /init\(\) returned no initial states/ : where === 'init' ? /init\(\) must return an array of initial states, got / : /actions\(\) must return an array of the actions enabled in the state, got /;
    return { args: ['check', './spec.mjs', ...way, ...REFUSAL_LIMITS], files: { 'spec.mjs': text }, expect };
  });

/**
 * A spec whose encoding cannot hold its states: a counter that doubles written with `u8`,
 * `u16`, `u32` or `i32` past its range, or a fraction written with a fixed-width writer. Once
 * the writer truncated silently and distinct states merged: "HOLDS, every reachable state" for
 * a property that fails beyond the range.
 */
export const lossyEncoderCase: fc.Arbitrary<FuzzCase & { readonly expect: RegExp }> = fc
  .record({ method: fc.constantFrom('u8', 'u16', 'u32', 'i32'), fraction: fc.boolean(), way: searchWay })
  .map(({ method, fraction, way }) => {
    const bits = { u8: 8, u16: 16, u32: 32, i32: 32 }[method];
    // The counter doubles: it passes 2^bits in bits + 1 steps. The property fails past the range.
    const encoded = fraction ? 's / 3' : 's';
    const text =
      `export default { name: "lossy", init: () => [1], actions: (s) => (s < 2 ** ${bits + 2} ? ["double"] : []), next: (s) => s * 2, ` +
      `encode: (s, out) => out.${method}(${encoded}), properties: [{ name: "in-range", kind: "always", check: (s) => s < 2 ** ${bits} }] };\n`;
    return { args: ['check', './spec.mjs', ...way, ...REFUSAL_LIMITS], files: { 'spec.mjs': text }, expect: new RegExp(`encode\\(\\) threw: ${method}\\(`) };
  });
