/**
 * Traces in the Informal Trace Format (ITF) that Apalache and Quint read and write
 * (Apalache ADR-015): `{"#meta": {...}, "vars": [...], "states": [{"#meta": {"index": i}, var: value, ...}], "loop"?: k}`.
 *
 * Each state holds the model's `describe.state` view, one ITF variable per field, plus
 * `mbt::actionTaken`, the label of the action that led to it (`"init"` for the first state), as
 * Quint's model-based-testing traces do. What a replay needs (the source, the model's config,
 * the property, the initial state's index and each action's index and label) is in `#meta`.
 *
 * Values: JSON integers in the safe range stay numbers; other integers are `{"#bigint": "..."}`;
 * ITF has no null and no fractions, so those become `{"#unserializable": "..."}`.
 */
import type { JsonValue } from '../explorer/index.ts';

/** The ITF variable holding the label of the action taken into each state (Quint's name). */
export const ACTION_TAKEN = 'mbt::actionTaken';

const FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

/** What replaying a trace needs: where the model came from, its configuration, and the path through it. */
export interface ItfReplay {
  /** The scenario name or spec file the model was built from. */
  readonly source: string;
  /** The model's `name`. */
  readonly model: string;
  /** The model's configuration, opaque to the reports (whatever the caller rebuilds the model from). */
  readonly config: JsonValue;
  /** The property the trace violates (or witnesses). */
  readonly property: string;
  /** The index of the first state among the model's `init()` states. */
  readonly init: number;
  /** For each step, the index of its action among those enabled in the state before it. */
  readonly actionIndices: readonly number[];
  /** For each step, the action's label (`describe.action`), to check the replay took the same path. */
  readonly actionLabels: readonly string[];
  /** For a lasso: the index of the action, enabled in the last state, that closes the cycle. */
  readonly loopActionIndex?: number;
}

/** A parsed ITF trace. */
export interface ItfTrace {
  /** The top-level `#meta` object, as written. */
  readonly meta: Readonly<Record<string, JsonValue>>;
  readonly vars: readonly string[];
  /** Each state's variables, decoded (`#bigint` in the safe range to numbers, `#tup`/`#set` to arrays), without `#meta`. */
  readonly states: readonly Readonly<Record<string, JsonValue>>[];
  /** For a lasso: the index of the state the last state loops back to. */
  readonly loop?: number;
  /** Present when the trace carries quorumlab's replay metadata (a trace written by `toItf`). */
  readonly replay?: ItfReplay;
}

/** What `toItf` writes: the replay metadata plus the state views along the trace. */
export interface ItfInput extends ItfReplay {
  /** The `describe.state` view of each state (`actionIndices.length + 1` of them). */
  readonly states: readonly Readonly<Record<string, JsonValue>>[];
  /** For a lasso (as `Trace.loopStart`). */
  readonly loop?: number;
}

function encodeValue(value: JsonValue): unknown {
  if (value === null) return { '#unserializable': 'null' };
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    if (Number.isInteger(value)) return { '#bigint': BigInt(value).toString() };
    return { '#unserializable': String(value) };
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v: JsonValue) => encodeValue(v));
  // fromEntries, not assignment: a field named `__proto__` must stay a field.
  return Object.fromEntries(Object.entries(value as { readonly [key: string]: JsonValue }).map(([key, v]) => [key, encodeValue(v)]));
}

/**
 * Write a trace as ITF JSON (two-space indented, a final newline). The same input gives the same
 * bytes: no timestamp is written.
 *
 * @throws Error when the lengths disagree (`states` must be one longer than `actionIndices` and `actionLabels`).
 */
export function toItf(input: ItfInput): string {
  if (input.states.length !== input.actionIndices.length + 1 || input.actionLabels.length !== input.actionIndices.length) {
    throw new Error(
      `toItf: ${input.states.length} states need ${input.states.length - 1} actions, got ${input.actionIndices.length} indices and ${input.actionLabels.length} labels`,
    );
  }
  const vars: string[] = [];
  const seen = new Set<string>();
  for (const view of input.states) {
    for (const key of Object.keys(view)) {
      if (!seen.has(key) && key !== '#meta' && key !== ACTION_TAKEN) {
        seen.add(key);
        vars.push(key);
      }
    }
  }
  vars.push(ACTION_TAKEN);
  const states = input.states.map((view, index) =>
    Object.fromEntries([
      ['#meta', { index }],
      ...vars.map((key): [string, unknown] => {
        if (key === ACTION_TAKEN) return [key, index === 0 ? 'init' : input.actionLabels[index - 1]];
        // A view that lacks a field another state has: ITF needs every variable in every state.
        return [key, Object.hasOwn(view, key) ? encodeValue(view[key]) : { '#unserializable': 'absent' }];
      }),
    ] satisfies [string, unknown][]),
  );
  const document: Record<string, unknown> = {
    '#meta': {
      format: 'ITF',
      'format-description': FORMAT_DESCRIPTION,
      source: input.source,
      description: `Created by quorumlab: a counterexample of ${input.property} in ${input.model}`,
      model: input.model,
      config: encodeValue(input.config),
      property: input.property,
      init: input.init,
      actionIndices: [...input.actionIndices],
      actionLabels: [...input.actionLabels],
      ...(input.loopActionIndex !== undefined ? { loopActionIndex: input.loopActionIndex } : {}),
    },
    vars,
    states,
  };
  if (input.loop !== undefined) document.loop = input.loop;
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The result of `parseItf`: the trace, or a one-line error naming the problem. */
export type ParseItfResult = { readonly ok: true; readonly trace: ItfTrace } | { readonly ok: false; readonly error: string };

class ItfError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function onlyKey(record: Record<string, unknown>, key: string): boolean {
  const keys = Object.keys(record);
  return keys.length === 1 && keys[0] === key;
}

/** Decode one ITF value at `where` (e.g. "state 3, variable R1"). */
function decodeValue(value: unknown, where: string): JsonValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new ItfError(`${where}: ${value} is not an integer in the safe range (use {"#bigint": "..."})`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => decodeValue(v, `${where}[${i}]`));
  if (!isRecord(value)) throw new ItfError(`${where}: ${describeType(value)} is not an ITF value`);
  if ('#bigint' in value) {
    const digits = value['#bigint'];
    if (!onlyKey(value, '#bigint') || typeof digits !== 'string' || !/^-?[0-9]+$/.test(digits)) {
      throw new ItfError(`${where}: #bigint must be {"#bigint": "<decimal digits>"}`);
    }
    const big = BigInt(digits);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : { '#bigint': digits };
  }
  for (const tag of ['#tup', '#set'] as const) {
    if (tag in value) {
      const items = value[tag];
      if (!onlyKey(value, tag) || !Array.isArray(items)) throw new ItfError(`${where}: ${tag} must be {"${tag}": [...]}`);
      return items.map((v, i) => decodeValue(v, `${where}${tag}[${i}]`));
    }
  }
  if ('#map' in value) {
    const pairs = value['#map'];
    if (!onlyKey(value, '#map') || !Array.isArray(pairs) || !pairs.every((p) => Array.isArray(p) && p.length === 2)) {
      throw new ItfError(`${where}: #map must be {"#map": [[key, value], ...]}`);
    }
    return pairs.map((p: unknown[], i) => [decodeValue(p[0], `${where}#map[${i}].key`), decodeValue(p[1], `${where}#map[${i}].value`)]);
  }
  if ('#unserializable' in value) {
    const text = value['#unserializable'];
    if (!onlyKey(value, '#unserializable') || typeof text !== 'string') throw new ItfError(`${where}: #unserializable must hold a string`);
    return text === 'null' ? null : text;
  }
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, decodeValue(v, `${where}.${key}`)]));
}

function requireNatural(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ItfError(`${what} must be a non-negative integer, got ${describeType(value)}${typeof value === 'number' ? ` ${value}` : ''}`);
  }
  return value;
}

function parseReplay(meta: Record<string, unknown>, stateCount: number): ItfReplay | undefined {
  if (!('actionIndices' in meta)) return undefined;
  const { source, model, property, init, actionIndices, actionLabels } = meta;
  if (typeof source !== 'string') throw new ItfError(`#meta.source must be a string, got ${describeType(source)}`);
  if (typeof model !== 'string') throw new ItfError(`#meta.model must be a string, got ${describeType(model)}`);
  if (typeof property !== 'string') throw new ItfError(`#meta.property must be a string, got ${describeType(property)}`);
  if (!('config' in meta)) throw new ItfError('#meta.config is missing');
  const config = decodeValue(meta.config, '#meta.config');
  const initIndex = requireNatural(init, '#meta.init');
  if (!Array.isArray(actionIndices)) throw new ItfError(`#meta.actionIndices must be an array, got ${describeType(actionIndices)}`);
  if (!Array.isArray(actionLabels)) throw new ItfError(`#meta.actionLabels must be an array, got ${describeType(actionLabels)}`);
  const indices = actionIndices.map((v, i) => requireNatural(v, `#meta.actionIndices[${i}]`));
  const labels = actionLabels.map((v, i) => {
    if (typeof v !== 'string') throw new ItfError(`#meta.actionLabels[${i}] must be a string, got ${describeType(v)}`);
    return v;
  });
  if (indices.length !== stateCount - 1) {
    throw new ItfError(`#meta.actionIndices has ${indices.length} entries but ${stateCount} states need ${stateCount - 1}`);
  }
  if (labels.length !== indices.length) {
    throw new ItfError(`#meta.actionLabels has ${labels.length} entries but #meta.actionIndices has ${indices.length}`);
  }
  const replay: ItfReplay = { source, model, config, property, init: initIndex, actionIndices: indices, actionLabels: labels };
  if ('loopActionIndex' in meta) return { ...replay, loopActionIndex: requireNatural(meta.loopActionIndex, '#meta.loopActionIndex') };
  return replay;
}

function parseDocument(text: string): ItfTrace {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ItfError(`not valid JSON (a truncated or damaged file?): ${reason}`);
  }
  if (!isRecord(document)) throw new ItfError(`the top level must be an object, got ${describeType(document)}`);
  for (const key of Object.keys(document)) {
    if (!['#meta', 'params', 'vars', 'states', 'loop'].includes(key)) throw new ItfError(`unknown top-level field "${key}"`);
  }
  const meta = document['#meta'] ?? {};
  if (!isRecord(meta)) throw new ItfError(`#meta must be an object, got ${describeType(meta)}`);
  const { vars, states, loop } = document;
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === 'string')) throw new ItfError('"vars" must be an array of strings');
  if (new Set(vars).size !== vars.length) throw new ItfError('"vars" names a variable twice');
  if (!Array.isArray(states)) throw new ItfError(`"states" must be an array, got ${describeType(states)}`);
  if (states.length === 0) throw new ItfError('"states" is empty: a trace has at least one state');
  const decoded = states.map((state, index) => {
    if (!isRecord(state)) throw new ItfError(`state ${index} must be an object, got ${describeType(state)}`);
    const stateMeta = state['#meta'];
    if (stateMeta !== undefined) {
      if (!isRecord(stateMeta)) throw new ItfError(`state ${index}: #meta must be an object`);
      if ('index' in stateMeta && stateMeta.index !== index) {
        throw new ItfError(`state ${index}: #meta.index is ${JSON.stringify(stateMeta.index)}, expected ${index}`);
      }
    }
    const view = Object.fromEntries(
      vars.map((name) => {
        if (!Object.hasOwn(state, name)) throw new ItfError(`state ${index} lacks variable "${name}"`);
        return [name, decodeValue(state[name], `state ${index}, variable ${name}`)];
      }),
    );
    for (const key of Object.keys(state)) {
      if (key !== '#meta' && !vars.includes(key)) throw new ItfError(`state ${index} has variable "${key}" that is not in "vars"`);
    }
    return view;
  });
  let loopIndex: number | undefined;
  if (loop !== undefined) {
    loopIndex = requireNatural(loop, '"loop"');
    if (loopIndex >= states.length) throw new ItfError(`"loop" is ${loopIndex} but there are only ${states.length} states`);
  }
  const replay = parseReplay(meta, states.length);
  if (replay !== undefined && vars.includes(ACTION_TAKEN)) {
    decoded.forEach((view, index) => {
      const expected = index === 0 ? 'init' : replay.actionLabels[index - 1];
      if (view[ACTION_TAKEN] !== expected) {
        throw new ItfError(`state ${index}: ${ACTION_TAKEN} is ${JSON.stringify(view[ACTION_TAKEN])} but #meta.actionLabels says ${JSON.stringify(expected)}`);
      }
    });
  }
  const metaRecord = decodeValue(meta, '#meta') as Record<string, JsonValue>;
  const trace: ItfTrace = { meta: metaRecord, vars, states: decoded };
  return { ...trace, ...(loopIndex !== undefined ? { loop: loopIndex } : {}), ...(replay !== undefined ? { replay } : {}) };
}

/**
 * Parse and validate an ITF trace strictly: the shape, every value's encoding, each state's
 * variables against `vars`, `#meta.index`, `loop`, and, when the trace carries quorumlab's replay
 * metadata, its types and lengths (one action per step) and `mbt::actionTaken` against it.
 * Never throws: a problem is returned as one line naming it.
 */
export function parseItf(text: string): ParseItfResult {
  try {
    return { ok: true, trace: parseDocument(text) };
  } catch (error) {
    if (error instanceof ItfError) return { ok: false, error: `invalid ITF trace: ${error.message.replace(/\s*\n\s*/g, ' ')}` };
    throw error;
  }
}
