/**
 * Errors the explorer throws, each with a stable code.
 */

/**
 * Stable error codes:
 * - `EXP_UNKNOWN_PROPERTY`: a requested property name is not one of the model's.
 * - `EXP_UNSUPPORTED`: an option the engine does not implement (yet).
 * - `EXP_BAD_OPTION`: an option that does not apply to this search (partial-order reduction
 *   asked for with a property the model's reduction does not preserve, or with a depth bound).
 * - `EXP_BAD_MODEL`: the model broke its contract (too many actions, no symmetry function...).
 * - `EXP_REPLAY`: a trace does not replay through the model (an index out of range).
 * - `EXP_INTERNAL`: the engine's own bookkeeping is inconsistent (a rebuilt trace whose
 *   replayed states do not match the recorded ones): a bug, never an output.
 */
export type ExplorerErrorCode =
  | 'EXP_UNKNOWN_PROPERTY'
  | 'EXP_UNSUPPORTED'
  | 'EXP_BAD_OPTION'
  | 'EXP_BAD_MODEL'
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
