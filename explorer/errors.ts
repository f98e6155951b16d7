/**
 * Errors the explorer throws, each with a stable code.
 */
import type { Trace } from './result.ts';

/**
 * Stable error codes:
 * - `EXP_UNKNOWN_PROPERTY`: a requested property name is not one of the model's.
 * - `EXP_UNSUPPORTED`: an option the engine does not implement (yet).
 * - `EXP_BAD_OPTION`: an option that does not apply to this search (partial-order reduction
 *   asked for with a property the model's reduction does not preserve, or with a depth bound).
 * - `EXP_BAD_MODEL`: the model broke its contract (too many actions, no symmetry function...).
 * - `EXP_MODEL_FAULT`: a model function threw, or returned something of the wrong shape (an
 *   `init` or `actions` that is not an array, no initial state), during a search: a
 *   {@link ModelFault}, which says where.
 * - `EXP_REPLAY`: a trace does not replay through the model (an index out of range).
 * - `EXP_INTERNAL`: the engine's own bookkeeping is inconsistent (a rebuilt trace whose
 *   replayed states do not match the recorded ones): a bug, never an output.
 */
export type ExplorerErrorCode =
  | 'EXP_UNKNOWN_PROPERTY'
  | 'EXP_UNSUPPORTED'
  | 'EXP_BAD_OPTION'
  | 'EXP_BAD_MODEL'
  | 'EXP_MODEL_FAULT'
  | 'EXP_REPLAY'
  | 'EXP_INTERNAL';

/** An error from the explorer, with a stable {@link ExplorerErrorCode}. */
export class ExplorerError extends Error {
  readonly code: ExplorerErrorCode;

  constructor(code: ExplorerErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ExplorerError';
    this.code = code;
  }
}

/** The model function a {@link ModelFault} happened in. */
export type ModelCall = 'init' | 'actions' | 'next' | 'encode' | 'symmetry' | 'property' | 'reduction' | 'fairness' | 'orbit';

/** The failing function as a fault names it: `next()`, or `property 'safe'`. */
export function faultCallName(call: ModelCall, property?: string): string {
  return call === 'property' && property !== undefined ? `property '${property}'` : `${call}()`;
}

/** Where a {@link ModelFault} happened, as the search recorded it. */
export interface FaultSite<S, A> {
  /**
   * The steps that led to the state the failing call was made on (its last state), replayed
   * through the model; null when there is no such state (`init` itself failed) or when the
   * steps do not replay (a model that is not deterministic).
   */
  readonly trace: Trace<S, A> | null;
  /** For `next` and `fairness`: the action being taken in the trace's last state. */
  readonly action?: A;
  /** For `property`: the property whose check failed. */
  readonly property?: string;
}

/**
 * A model function that threw, or returned something of the wrong shape, during a search:
 * which function, what went wrong, and where (the steps to the state it happened in, and the
 * action or property involved). A model's fault is the model's: the search stops and says so,
 * rather than report a verdict it did not earn.
 */
export class ModelFault extends ExplorerError {
  readonly call: ModelCall;
  /** What went wrong, after the function's name: "threw: ...", or the shape that was wrong ("returned no initial states"). */
  readonly detail: string;
  readonly site: FaultSite<unknown, unknown>;

  constructor(modelName: string, call: ModelCall, detail: string, site: FaultSite<unknown, unknown>) {
    const where = site.trace === null ? '' : ` (after ${site.trace.actions.length} step${site.trace.actions.length === 1 ? '' : 's'})`;
    super('EXP_MODEL_FAULT', `model '${modelName}': ${faultCallName(call, site.property)} ${detail}${where}`);
    this.name = 'ModelFault';
    this.call = call;
    this.detail = detail;
    this.site = site;
  }
}
