/**
 * A strict view of a model that catches the classic mistakes of a hand-written spec, each
 * reported as a {@link StrictSpecError} naming the action and the state:
 *
 * - `next`, `actions` or a property changing the state it was given (the state's encoding
 *   before and after the call differ; states are shared between the frontier, the traces and
 *   the successors, so a mutation silently corrupts other states);
 * - `init`, `actions` or `next` answering differently when asked again (a hidden input: a
 *   counter, a clock, `Math.random`, object identity), or `actions` giving two equal states
 *   different lists (an order taken from object keys that are in another order, say);
 *   traces are stored as action indices, so such a spec cannot be replayed;
 * - `next` returning nothing (a missing `return` in a `switch`);
 * - a property that throws, or answers something other than `true` or `false`, on any state
 *   the search expands (every property is evaluated on every expanded state, also one the
 *   search has already decided or was not asked to check).
 *
 * Every check calls the model again or encodes the state again, so a strict search is a few
 * times slower: a mode for writing and debugging a spec, not for large searches.
 */
import { ExplorerError } from './errors.ts';
import { GrowableByteWriter } from './byte-writer.ts';
import { fingerprintWriter } from './_internals/fingerprint.ts';
import type { Model, Property } from './model.ts';
import { modelEncoder } from './model-encoder.ts';
import { StructuralEncoder } from './structural-encoder.ts';

/** A mistake in a spec found by {@link strictModel}: the message names the call, the action and the state. */
export class StrictSpecError extends ExplorerError {
  constructor(message: string) {
    super('EXP_BAD_MODEL', `strict spec: ${message}`);
    this.name = 'StrictSpecError';
  }
}

/** The most states whose action lists are remembered to compare equal states (about 100 bytes each). */
const MAX_REMEMBERED = 2_000_000;
/** States and actions are quoted up to this many characters. */
const QUOTE_LIMIT = 240;

/**
 * `model` with every call checked (see the module comment). The result is a Model of the same
 * states and actions: a search over it visits the same states and finds the same verdicts, or
 * stops with a {@link StrictSpecError} at the first mistake.
 */
export function strictModel<S, A>(model: Model<S, A>): Model<S, A> {
  const encode = modelEncoder(model);
  const writer = new GrowableByteWriter();
  const actionEncoder = new StructuralEncoder();
  const fp = new Int32Array(2);
  /** Per state fingerprint: a digest of its action list. */
  const actionDigests = new Map<string, string>();

  const bytesOf = (state: S): string => {
    writer.reset();
    encode(state, writer);
    return Buffer.from(writer.bytes.buffer, writer.bytes.byteOffset, writer.length).toString('latin1');
  };
  const fingerprintOf = (state: S): string => {
    writer.reset();
    encode(state, writer);
    fingerprintWriter(writer, fp);
    return `${fp[0]}:${fp[1]}`;
  };
  const actionsDigest = (actions: readonly A[]): string | null => {
    const out = new GrowableByteWriter();
    try {
      for (const action of actions) actionEncoder.encode(action, out);
    } catch {
      return null;
    }
    return `${actions.length}:${Buffer.from(out.bytes.buffer, 0, out.length).toString('latin1')}`;
  };
  const showState = (state: S): string => quote(() => model.describe?.state?.(state) ?? state);
  const showAction = (state: S, action: A): string => {
    const label = attempt(() => model.describe?.action(state, action));
    return typeof label === 'string' ? `'${label}'` : quote(() => action);
  };
  const unchanged = (before: string, state: S, what: string): void => {
    if (bytesOf(state) !== before) throw new StrictSpecError(`${what} changed the state it was given (return a new state instead); the state is now ${showState(state)}`);
  };

  const properties: Property<S>[] = model.properties.map((property) => ({
    ...property,
    check: (state: S) => checkProperty(property, state),
  }));
  function checkProperty(property: Property<S>, state: S): boolean {
    const before = bytesOf(state);
    let answer: unknown;
    try {
      answer = property.check(state);
    } catch (error) {
      throw new StrictSpecError(`property '${property.name}' threw on state ${showState(state)}: ${firstLine(error)}`);
    }
    unchanged(before, state, `property '${property.name}'`);
    if (typeof answer !== 'boolean') throw new StrictSpecError(`property '${property.name}' returned ${describe(answer)}, not true or false, on state ${showState(state)}`);
    return answer;
  }

  function listActions(state: S): readonly A[] {
    const before = bytesOf(state);
    const actions = model.actions(state);
    unchanged(before, state, 'actions(state)');
    // Not a list: the search names the mistake (a check here would narrow `actions` to any[]).
    if (!isList(actions)) return actions;
    const digest = actionsDigest(actions);
    const again = model.actions(state);
    const digestAgain = Array.isArray(again) ? actionsDigest(again) : null;
    if (!Array.isArray(again) || again.length !== actions.length || digest !== digestAgain) {
      throw new StrictSpecError(`actions(state) gave ${actions.length} actions and then ${Array.isArray(again) ? again.length : describe(again)} for the same state ${showState(state)}; it must depend on the state alone`);
    }
    if (digest !== null) {
      const key = fingerprintOf(state);
      const known = actionDigests.get(key);
      if (known === undefined) {
        if (actionDigests.size < MAX_REMEMBERED) actionDigests.set(key, digest);
      } else if (known !== digest) {
        throw new StrictSpecError(`actions(state) gave two equal states different lists of actions (an order from object keys or identity?); the state: ${showState(state)}`);
      }
    }
    return actions;
  }

  // Members are copied one by one, bound to the model: a Model may be a class instance.
  const optional: Partial<Model<S, A>> = {};
  if (model.encode !== undefined) optional.encode = model.encode.bind(model);
  if (model.symmetry !== undefined) Object.assign(optional, { symmetry: model.symmetry.bind(model) });
  if (model.encodeCanonical !== undefined) Object.assign(optional, { encodeCanonical: model.encodeCanonical.bind(model) });
  if (model.symmetryOrbit !== undefined) Object.assign(optional, { symmetryOrbit: model.symmetryOrbit.bind(model) });
  if (model.reduction !== undefined) Object.assign(optional, { reduction: model.reduction });
  if (model.fairness !== undefined) Object.assign(optional, { fairness: model.fairness.bind(model) });
  if (model.describe !== undefined) Object.assign(optional, { describe: model.describe });
  return {
    ...optional,
    name: model.name,
    init() {
      const first = model.init();
      const second = model.init();
      if (Array.isArray(first) && Array.isArray(second)) {
        const a = first.map(bytesOf);
        const b = second.map(bytesOf);
        if (a.length !== b.length || a.some((bytes, i) => bytes !== b[i])) {
          throw new StrictSpecError(`init() returned ${a.length} states and then ${b.length} different ones; it must return the same states in the same order every time`);
        }
      }
      return first;
    },
    actions(state) {
      const actions = listActions(state);
      // Every property on every expanded state, even one the search has decided: a property
      // that throws somewhere is found wherever the search goes.
      for (const property of properties) property.check(state);
      return actions;
    },
    next(state, action) {
      const before = bytesOf(state);
      const successor = model.next(state, action);
      unchanged(before, state, `next(state, ${showAction(state, action)})`);
      if (successor === undefined || successor === null) {
        throw new StrictSpecError(`next(state, ${showAction(state, action)}) returned ${String(successor)} (a missing return?) in state ${showState(state)}`);
      }
      const again = model.next(state, action);
      if (bytesOf(again) !== bytesOf(successor)) {
        throw new StrictSpecError(`next(state, ${showAction(state, action)}) returned two different states for the same state and action; it must depend on them alone. The state: ${showState(state)}`);
      }
      // An equal state reached another way must enable the same actions (checked when it is listed).
      listActions(successor);
      return successor;
    },
    properties,
  };
}

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** A value as one line of JSON-like text (Maps and Sets as arrays), cut at {@link QUOTE_LIMIT} characters. */
function quote(value: () => unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value(), (_key, v: unknown) => {
      if (v instanceof Map) return Object.fromEntries([...(v as Map<unknown, unknown>)].map(([k, x]) => [typeof k === 'string' ? k : JSON.stringify(k), x]));
      if (v instanceof Set) return [...(v as Set<unknown>)];
      if (typeof v === 'bigint') return `${v}n`;
      return v;
    }) ?? 'undefined';
  } catch {
    text = '(a value that cannot be shown)';
  }
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}...` : text;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `${typeof value === 'object' ? 'an object' : `a ${typeof value}`} (${quote(() => value)})`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim();
}

/** Whether `value` is an array, without narrowing its static type (`Array.isArray` narrows to `any[]`). */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}
