/**
 * Words for a trace's steps: the model's own labels and narration when it describes itself,
 * a readable fallback when it does not.
 */
import type { Model, Trace } from '../../explorer/index.ts';

/** One step of a counterexample: its 1-based number, the action's label and, when the model narrates, the words. */
export interface StepWords {
  /** The step number, from 1. */
  readonly index: number;
  /** The index of the action among those enabled in the state it was taken from. */
  readonly actionIndex: number;
  /** A short label, e.g. `C1 invokes write(1)`. */
  readonly label: string;
  /** The step in plain words, when the model's `describe.step` provides them. */
  readonly narration?: string;
}

/** The label of `action` taken in `state`: the model's `describe.action`, else the action as compact JSON. */
export function actionLabel<S, A>(model: Model<S, A>, state: S, action: A): string {
  // A user's model may return anything from its hook: only a non-empty string is a label.
  const described: unknown = model.describe?.action(state, action);
  if (typeof described === 'string' && described.trim() !== '') return described.replace(/\s+/g, ' ').trim();
  return fallbackLabel(action);
}

function fallbackLabel(action: unknown): string {
  if (typeof action === 'string') return action;
  try {
    const text = JSON.stringify(action, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    return text ?? String(action);
  } catch {
    return String(action);
  }
}

/** The words for every step of `trace`. */
export function traceWords<S, A>(model: Model<S, A>, trace: Trace<S, A>): StepWords[] {
  return trace.actions.map((action, i) => {
    const before = trace.states[i];
    const label = actionLabel(model, before, action);
    const narration: unknown = model.describe?.step?.(before, action, trace.states[i + 1])?.narration;
    const words: StepWords = { index: i + 1, actionIndex: trace.actionIndices[i], label };
    return typeof narration === 'string' && narration.trim() !== '' ? { ...words, narration: narration.trim() } : words;
  });
}
