/**
 * Rebuild a trace from action indices by running it through the model.
 */
import type { Model } from './model.ts';
import type { Trace } from './result.ts';
import { ExplorerError } from './errors.ts';

/**
 * Replay a trace given as indices: start from `model.init()[initIndex]`, then take, at each
 * step, the `actionIndices[i]`-th action of `model.actions(state)`.
 *
 * @throws ExplorerError `EXP_REPLAY` when an index is out of range.
 */
export function replay<S, A>(model: Model<S, A>, initIndex: number, actionIndices: readonly number[]): Trace<S, A> {
  const inits = model.init();
  if (!Number.isInteger(initIndex) || initIndex < 0 || initIndex >= inits.length) {
    throw new ExplorerError('EXP_REPLAY', `initial state ${initIndex} out of range (the model has ${inits.length})`);
  }
  let state = inits[initIndex];
  const states: S[] = [state];
  const actions: A[] = [];
  for (let step = 0; step < actionIndices.length; step++) {
    const enabled = model.actions(state);
    const k = actionIndices[step];
    if (!Number.isInteger(k) || k < 0 || k >= enabled.length) {
      throw new ExplorerError(
        'EXP_REPLAY',
        `step ${step + 1}: action ${k} out of range (${enabled.length} enabled)`,
      );
    }
    const action = enabled[k];
    state = model.next(state, action);
    actions.push(action);
    states.push(state);
  }
  return { states, actions, actionIndices: [...actionIndices] };
}
