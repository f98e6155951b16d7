/**
 * Every call a search makes into a model, in one place: what a model returns is checked here
 * (an array of initial states, at least one; an array of actions; a state from `next`), the
 * caps on initial states and enabled actions are enforced here, and the function being called
 * is remembered, so that when a model throws, the search that catches it can say which
 * function failed and where. The one-thread search, the parallel search's workers and random
 * simulation all call the model through this class.
 */
import type { ByteWriter, Model, Property, WordStates } from '../model.ts';
import type { Trace } from '../result.ts';
import { ExplorerError, ModelFault, type FaultSite, type ModelCall } from '../errors.ts';
import { replay } from '../replay.ts';

/** Most initial states a model may have: a state's `via` (its index in `init()`) is stored in at most 32 bits. */
export const MAX_INITIAL_STATES = 0xffffffff;
/** Most actions one state may enable: action indices are stored in at most 32 bits. */
export const MAX_ACTIONS = 0xffffffff;

/**
 * A model's shape problem, thrown by the checks below and turned into a {@link ModelFault} by
 * the search that knows where it happened.
 */
class ShapeError extends Error {}

/** Words for what a value is, for "must return an array, got a Set". */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}

/** Whether `value` is a list the search can index: an array, or a typed array. */
function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * The model's functions as the searches call them. Each method records which function it is
 * about to call in {@link ModelCalls.call} (and the property in {@link ModelCalls.property}), so a
 * search's one `catch` knows what failed; the checks cost a type test per call.
 */
export class ModelCalls<S, A> {
  /** The function being called, or last called. */
  call: ModelCall = 'init';
  /** The index of the property being checked, while `call` is `property`. */
  property = -1;
  readonly model: Model<S, A>;
  private readonly encodeState: (state: S, out: ByteWriter) => void;

  constructor(model: Model<S, A>, encodeState: (state: S, out: ByteWriter) => void) {
    this.model = model;
    this.encodeState = encodeState;
  }

  /** `init()`: an array of one to {@link MAX_INITIAL_STATES} states. */
  initialStates(): readonly S[] {
    this.call = 'init';
    const inits: unknown = this.model.init();
    if (!isList(inits)) throw new ShapeError(`must return an array of initial states, got ${describeValue(inits)}`);
    if (inits.length === 0) throw new ShapeError('returned no initial states: there is nothing to check');
    if (inits.length > MAX_INITIAL_STATES) throw new ShapeError(`returned ${inits.length} initial states (at most ${MAX_INITIAL_STATES})`);
    return inits as readonly S[];
  }

  /** `actions(state)`: an array of at most {@link MAX_ACTIONS} actions. */
  actions(state: S): readonly A[] {
    this.call = 'actions';
    const actions: unknown = this.model.actions(state);
    if (!isList(actions)) {
      throw new ShapeError(`must return an array of the actions enabled in the state, got ${describeValue(actions)}`);
    }
    if (actions.length > MAX_ACTIONS) throw new ShapeError(`returned ${actions.length} actions (at most ${MAX_ACTIONS} per state)`);
    return actions as readonly A[];
  }

  /** `next(state, action)`: a state (not undefined). */
  next(state: S, action: A): S {
    this.call = 'next';
    const successor = this.model.next(state, action);
    if (successor === undefined) throw new ShapeError('returned undefined, not a state');
    return successor;
  }

  /** `words.nextTransient(state, action)`: a state (not undefined), valid until the next call. */
  nextTransient(state: S, action: A): S {
    this.call = 'next';
    const successor = (this.model.words as WordStates<S, A> & { nextTransient(state: S, action: A): S }).nextTransient(state, action);
    if (successor === undefined) throw new ShapeError('returned undefined, not a state');
    return successor;
  }

  /** The bytes the search fingerprints for `state` (its canonical representative's with symmetry on). */
  encode(state: S, out: ByteWriter): void {
    this.call = 'encode';
    this.encodeState(state, out);
  }

  /** `property.check(state)`, the property being the `index`-th the caller checks. */
  check(property: Property<S>, index: number, state: S): boolean {
    this.call = 'property';
    this.property = index;
    // Exactly true holds: a spec's check that returns nothing (a forgotten return) is a violation.
    const holds: unknown = property.check(state);
    return holds === true;
  }

  /**
   * The fault for `error`, thrown by the function named in `call` (unless the error is the
   * explorer's own): `path` names the state the call was made on (null: `init` itself),
   * `actionIndex` the action being taken there (for `next` and `fairness`), `property` the
   * property being checked.
   */
  fault(error: unknown, path: FaultPath | null, options: { readonly actionIndex?: number; readonly property?: string } = {}): ExplorerError {
    if (error instanceof ExplorerError) return error;
    return modelFault(this.model, this.call, faultDetail(error), path, options);
  }
}

/** What a model call's failure says: a shape problem as it is, a throw as "it threw: ...". */
export function faultDetail(error: unknown): string {
  return error instanceof ShapeError ? error.message : `threw: ${errorMessage(error)}`;
}

/** The {@link ModelFault} of `call` failing with `detail` at `path` (see {@link ModelCalls.fault}). */
export function modelFault<S, A>(
  model: Model<S, A>,
  call: ModelCall,
  detail: string,
  path: FaultPath | null,
  options: { readonly actionIndex?: number; readonly property?: string } = {},
): ModelFault {
  return new ModelFault(model.name, call, detail, faultSite(model, path, options));
}

/** A state as the path that reaches it: its initial state's index, then an action index per step. */
export interface FaultPath {
  readonly initIndex: number;
  readonly actionIndices: readonly number[];
}

/**
 * Where a fault happened, in the model's own values: the path replayed into a trace, and the
 * action at `actionIndex` in its last state. Replaying calls the model again; if that fails
 * too (the model is not deterministic), the site has no trace rather than a wrong one.
 */
function faultSite<S, A>(model: Model<S, A>, path: FaultPath | null, options: { readonly actionIndex?: number; readonly property?: string }): FaultSite<S, A> {
  let trace: Trace<S, A> | null = null;
  let action: { value: A } | undefined;
  if (path !== null) {
    try {
      trace = replay(model, path.initIndex, path.actionIndices);
      if (options.actionIndex !== undefined) {
        const enabled = model.actions(trace.states[trace.states.length - 1]);
        if (options.actionIndex < enabled.length) action = { value: enabled[options.actionIndex] };
      }
    } catch {
      trace = null;
    }
  }
  return { trace, ...(action !== undefined ? { action: action.value } : {}), ...(options.property !== undefined ? { property: options.property } : {}) };
}

/** The message of a thrown value, on one line. */
export function errorMessage(error: unknown): string {
  let text: string;
  try {
    // A spec's error may carry anything as its message.
    const message: unknown = error instanceof Error ? error.message : error;
    text = String(message);
  } catch {
    text = 'a value that cannot be printed';
  }
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}
