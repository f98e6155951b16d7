/**
 * The explorer page's path through a model, without the page: the state reached so far, the
 * actions enabled there, back and forward, and each property's status along the way. It is
 * generic in the model's state and action types and touches no DOM, so the tests drive it in
 * Node exactly as the page's buttons do.
 */
import type { Model, Property, Trace } from '../../../explorer/index.ts';
import { actionLabel } from '../../format/labels.ts';

/** An action enabled in the current state, as the page offers it. */
export interface EnabledAction<A> {
  /** Its index among `model.actions(state)`: what a trace records. */
  readonly index: number;
  readonly action: A;
  /** The label the CLI prints for it, e.g. `C1 invokes write(1)`. */
  readonly label: string;
}

/** A lasso loaded from a liveness counterexample: the path's steps and where its cycle starts. */
export interface LoadedLasso {
  readonly initIndex: number;
  readonly actionIndices: readonly number[];
  /** The index of the state where the cycle starts (as in `Trace.loopStart`). */
  readonly loopStart: number;
  /** The property the lasso violates. */
  readonly property: string;
}

/**
 * Where a property stands on the path so far.
 *
 * - `holds`: an `always` property true in every state so far;
 * - `violated`: an `always` property false at `step`, or a liveness property violated by a
 *   loaded lasso that the path follows to its end;
 * - `witnessed`: a `sometimes` property true at `step`; `not-yet`: not true in any state so far;
 * - `reached`: an `eventually` property true at `step`;
 * - `true-now` / `false-now`: an `always-eventually` property in the current state (its verdict
 *   is about whole behaviours, which a finite path cannot settle).
 */
export type PropertyState = 'holds' | 'violated' | 'witnessed' | 'not-yet' | 'reached' | 'true-now' | 'false-now';

/** One property's status on the path so far, in the page's words. */
export interface PropertyStatus {
  readonly name: string;
  readonly kind: Property<unknown>['kind'];
  readonly description?: string;
  readonly state: PropertyState;
  /** The step (0: the initial state) where it was first violated, witnessed or reached; else null. */
  readonly step: number | null;
  /** One line, e.g. `violated at step 11`, `holds so far (3 steps)`. */
  readonly text: string;
}

/** A path that could not be loaded: the step whose action is not enabled, and why. */
export interface LoadProblem {
  /** The step (1-based; 0 for the initial state) that failed. */
  readonly step: number;
  readonly message: string;
}

/**
 * A path from one of the model's initial states: the steps taken (as action indices), how
 * many of them are behind the current state (`position`), and the states they reach, computed
 * once. Steps after `position` are the forward history that `forward` retakes.
 */
export class ExplorerSession<S, A> {
  readonly model: Model<S, A>;
  private readonly properties: readonly Property<S>[];
  private readonly inits: readonly S[];
  private initIndexValue = 0;
  private indices: number[] = [];
  private states: S[];
  private actionsTaken: A[] = [];
  private positionValue = 0;
  private lasso: LoadedLasso | null = null;
  private enabledCache: { readonly state: S; readonly list: readonly EnabledAction<A>[] } | null = null;

  /** A session at the first initial state; `properties` are the ones whose status it reports, in that order. */
  constructor(model: Model<S, A>, properties: readonly string[] = model.properties.map((p) => p.name)) {
    this.model = model;
    this.properties = properties.map((name) => {
      const property = model.properties.find((p) => p.name === name);
      if (property === undefined) throw new Error(`model '${model.name}' has no property '${name}'`);
      return property;
    });
    this.inits = model.init();
    if (this.inits.length === 0) throw new Error(`model '${model.name}' has no initial state`);
    this.states = [this.inits[0]];
  }

  /** How many initial states the model has. */
  get initialStates(): number {
    return this.inits.length;
  }

  /** The index of the path's initial state among `model.init()`. */
  get initIndex(): number {
    return this.initIndexValue;
  }

  /** Steps taken to reach the current state. */
  get position(): number {
    return this.positionValue;
  }

  /** Steps on the whole path, forward history included. */
  get length(): number {
    return this.indices.length;
  }

  /** The action indices of the whole path, forward history included. */
  get actionIndices(): readonly number[] {
    return this.indices;
  }

  /** The state the path has reached. */
  current(): S {
    return this.states[this.positionValue];
  }

  /** The state after `step` steps of the path (0: the initial state). */
  stateAt(step: number): S {
    return this.states[step];
  }

  /** The label of step `step` (1-based) of the whole path. */
  labelOf(step: number): string {
    return actionLabel(this.model, this.states[step - 1], this.actionsTaken[step - 1]);
  }

  /** The actions enabled in the current state, in the model's order. */
  enabled(): readonly EnabledAction<A>[] {
    const state = this.current();
    if (this.enabledCache !== null && this.enabledCache.state === state) return this.enabledCache.list;
    const list = this.model.actions(state).map((action, index) => ({ index, action, label: actionLabel(this.model, state, action) }));
    this.enabledCache = { state, list };
    return list;
  }

  /**
   * Takes the enabled action `index` from the current state. When it is the step the forward
   * history holds next, the rest of that history is kept; otherwise it is dropped.
   */
  take(index: number): void {
    const enabled = this.model.actions(this.current());
    if (!Number.isInteger(index) || index < 0 || index >= enabled.length) {
      throw new Error(`action ${index} is not enabled (${enabled.length} are)`);
    }
    const p = this.positionValue;
    if (p < this.indices.length && this.indices[p] === index) {
      this.positionValue = p + 1;
      return;
    }
    const action = enabled[index];
    this.truncate(p);
    this.indices.push(index);
    this.actionsTaken.push(action);
    this.states.push(this.model.next(this.states[p], action));
    this.positionValue = p + 1;
    this.lasso = null;
  }

  /** One step back; false at the initial state. */
  back(): boolean {
    if (this.positionValue === 0) return false;
    this.positionValue--;
    return true;
  }

  /** One step forward along the forward history; false when there is none. */
  forward(): boolean {
    if (this.positionValue >= this.indices.length) return false;
    this.positionValue++;
    return true;
  }

  /** Moves to step `step` of the path (0..length). */
  goTo(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.indices.length) throw new Error(`no step ${step} on a path of ${this.indices.length}`);
    this.positionValue = step;
  }

  /** Back to initial state `initIndex` with an empty path. */
  restart(initIndex = this.initIndexValue): void {
    if (!Number.isInteger(initIndex) || initIndex < 0 || initIndex >= this.inits.length) {
      throw new Error(`initial state ${initIndex} out of range (the model has ${this.inits.length})`);
    }
    this.initIndexValue = initIndex;
    this.indices = [];
    this.actionsTaken = [];
    this.states = [this.inits[initIndex]];
    this.positionValue = 0;
    this.lasso = null;
  }

  /**
   * Replaces the path by the one from initial state `initIndex` through `actionIndices`, and
   * moves to `position` (default: its end). Nothing changes when a step is not enabled.
   */
  load(initIndex: number, actionIndices: readonly number[], position = actionIndices.length): LoadProblem | null {
    if (!Number.isInteger(initIndex) || initIndex < 0 || initIndex >= this.inits.length) {
      return { step: 0, message: `initial state ${initIndex} out of range (the model has ${this.inits.length})` };
    }
    let state = this.inits[initIndex];
    const states = [state];
    const actions: A[] = [];
    for (const [i, index] of actionIndices.entries()) {
      const enabled = this.model.actions(state);
      if (!Number.isInteger(index) || index < 0 || index >= enabled.length) {
        return { step: i + 1, message: `step ${i + 1}: action ${index} is not enabled (${enabled.length} are)` };
      }
      actions.push(enabled[index]);
      state = this.model.next(state, enabled[index]);
      states.push(state);
    }
    this.initIndexValue = initIndex;
    this.indices = [...actionIndices];
    this.actionsTaken = actions;
    this.states = states;
    this.positionValue = Math.max(0, Math.min(position, actionIndices.length));
    this.lasso = null;
    return null;
  }

  /** Loads a liveness counterexample: the path as `load` does, remembering where its cycle starts. */
  loadLasso(lasso: LoadedLasso): LoadProblem | null {
    const problem = this.load(lasso.initIndex, lasso.actionIndices);
    if (problem === null) this.lasso = { ...lasso, actionIndices: [...lasso.actionIndices] };
    return problem;
  }

  /** The loaded lasso, when the path up to the current state is that whole lasso. */
  activeLasso(): LoadedLasso | null {
    const lasso = this.lasso;
    if (lasso === null || this.positionValue !== lasso.actionIndices.length || this.initIndexValue !== lasso.initIndex) return null;
    return lasso.actionIndices.every((index, i) => this.indices[i] === index) ? lasso : null;
  }

  /** The path from the initial state to the current one, as a trace. */
  trace(): Trace<S, A> {
    const p = this.positionValue;
    return { states: this.states.slice(0, p + 1), actions: this.actionsTaken.slice(0, p), actionIndices: this.indices.slice(0, p) };
  }

  /** Each property's status on the path up to the current state. */
  statuses(): PropertyStatus[] {
    const states = this.states.slice(0, this.positionValue + 1);
    const lasso = this.activeLasso();
    const deadEnd = this.enabled().length === 0;
    return this.properties.map((property) =>
      statusOf(property, states, { loopStart: lasso !== null && lasso.property === property.name ? lasso.loopStart : null, deadEnd }),
    );
  }

  /** The first step (0: the initial state) at which an `always` property among the reported ones fails, with its name; null when none does. */
  firstViolation(): { readonly property: string; readonly step: number } | null {
    let first: { property: string; step: number } | null = null;
    for (const status of this.statuses()) {
      if (status.state === 'violated' && status.step !== null && (first === null || status.step < first.step)) first = { property: status.name, step: status.step };
    }
    return first;
  }

  private truncate(length: number): void {
    this.indices.length = length;
    this.actionsTaken.length = length;
    this.states.length = length + 1;
  }
}

function steps(n: number): string {
  return n === 1 ? '1 step' : `${n} steps`;
}

/** How the path so far ends, for liveness: the cycle of a loaded lasso it follows, or a state with no action enabled. */
interface PathEnd {
  readonly loopStart: number | null;
  readonly deadEnd: boolean;
}

/** `property`'s status on `states` (the path so far). */
function statusOf<S>(property: Property<S>, states: readonly S[], end: PathEnd): PropertyStatus {
  const { loopStart, deadEnd } = end;
  const base = { name: property.name, kind: property.kind, ...(property.description !== undefined ? { description: property.description } : {}) };
  const last = states.length - 1;
  const firstWhere = (value: boolean): number => states.findIndex((state) => property.check(state) === value);
  const at = (step: number): string => (step === 0 ? 'in the initial state' : `at step ${step}`);
  switch (property.kind) {
    case 'always': {
      const step = firstWhere(false);
      if (step >= 0) return { ...base, state: 'violated', step, text: `violated ${at(step)}` };
      return { ...base, state: 'holds', step: null, text: last === 0 ? 'holds in the initial state' : `holds so far (${steps(last)})` };
    }
    case 'sometimes': {
      const step = firstWhere(true);
      if (step >= 0) return { ...base, state: 'witnessed', step, text: `witnessed ${at(step)}` };
      return { ...base, state: 'not-yet', step: null, text: 'not witnessed yet' };
    }
    case 'eventually': {
      const step = firstWhere(true);
      if (step >= 0) return { ...base, state: 'reached', step, text: `reached ${at(step)}` };
      if (loopStart !== null) return { ...base, state: 'violated', step: last, text: `violated: from step ${loopStart} the path loops forever without reaching it` };
      if (deadEnd) return { ...base, state: 'violated', step: last, text: 'violated: the run ends here (no action is enabled) without reaching it' };
      return { ...base, state: 'not-yet', step: null, text: 'not reached yet' };
    }
    case 'always-eventually': {
      if (loopStart !== null) return { ...base, state: 'violated', step: last, text: `violated: from step ${loopStart} the path loops forever without it holding` };
      const now = property.check(states[last]);
      if (deadEnd && !now) return { ...base, state: 'violated', step: last, text: 'violated: the run ends here (no action is enabled) with it false' };
      return now
        ? { ...base, state: 'true-now', step: null, text: 'true in this state' }
        : { ...base, state: 'false-now', step: null, text: 'false in this state' };
    }
  }
}
