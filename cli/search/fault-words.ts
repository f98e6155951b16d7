/**
 * A model fault (a spec's function that threw, or returned the wrong shape, during a search)
 * in one line for the user: which function, what went wrong, the action being taken, the
 * state it happened in (its JSON view) and the steps that led there.
 */
import { faultCallName, type ModelFault, type Model, type Trace } from '../../explorer/index.ts';
import { stateView } from '../../reports/index.ts';
import { actionLabel } from '../format/labels.ts';

/** Longest state view quoted in the line; a longer one is cut with an ellipsis. */
const MAX_STATE_CHARS = 400;
/** Most step labels quoted: the last ones, after an ellipsis. */
const MAX_STEPS = 12;

/** The one-line message of `fault`, raised by `model` (whose hooks name the actions and states). */
export function faultLine<S, A>(model: Model<S, A>, fault: ModelFault): string {
  return `model '${model.name}': ${faultCallName(fault.call, fault.site.property)} ${fault.detail}${where(model, fault.site.trace as Trace<S, A> | null, fault.site.action as A | undefined, 'action' in fault.site)}`;
}

/** Where it happened, as a clause starting with "; ", or '' when nothing is known. */
function where<S, A>(model: Model<S, A>, trace: Trace<S, A> | null, action: A | undefined, hasAction: boolean): string {
  if (trace === null) return '';
  const state = trace.states[trace.states.length - 1];
  const doing = hasAction ? `taking action '${safe(() => actionLabel(model, state, action as A))}' ` : '';
  const labels = trace.actions.map((step, i) => safe(() => actionLabel(model, trace.states[i], step)));
  const shown = labels.length > MAX_STEPS ? `..., ${labels.slice(-MAX_STEPS).join(', ')}` : labels.join(', ');
  const path = labels.length === 0 ? 'an initial state' : `reached in ${labels.length} step${labels.length === 1 ? '' : 's'}: ${shown}`;
  return `; ${doing}in state ${safe(() => viewText(model, state))}, ${path}`;
}

/** A state's JSON view on one line, cut to {@link MAX_STATE_CHARS}. */
function viewText<S, A>(model: Model<S, A>, state: S): string {
  const text = JSON.stringify(stateView(model, state)) ?? 'undefined';
  return text.length > MAX_STATE_CHARS ? `${text.slice(0, MAX_STATE_CHARS)}...` : text;
}

/** The text `describe` gives, or a placeholder when the model's own hook fails too. */
function safe(describe: () => string): string {
  try {
    return describe();
  } catch {
    return '(cannot be described: the model fails there too)';
  }
}
