/**
 * Deadlock checking (`CheckOptions.deadlock`, `check --deadlock`): a reachable state in which
 * no action is enabled is a violation, as TLC checks by default. It is a built-in invariant,
 * {@link DEADLOCK_PROPERTY}, so every search judges it as it judges the model's own: on every
 * discovered state, with the shortest counterexample under BFS, in the workers and in random
 * simulation alike.
 */
import type { Model, Property } from './model.ts';

/** The name of the built-in deadlock invariant. */
export const DEADLOCK_PROPERTY = 'deadlock-free';

/** The built-in invariant: some action is enabled in the state. */
export function deadlockProperty<S, A>(model: Model<S, A>): Property<S> {
  return {
    name: DEADLOCK_PROPERTY,
    kind: 'always',
    description: 'some action is enabled in every reachable state (no deadlock)',
    check: (state) => model.actions(state).length > 0,
  };
}

/**
 * The model's properties, and the built-in deadlock invariant: the properties a name may refer
 * to (in a `--property` list, a worker's setup or a saved trace).
 */
export function propertiesWithDeadlock<S, A>(model: Model<S, A>): readonly Property<S>[] {
  return model.properties.some((p) => p.name === DEADLOCK_PROPERTY) ? model.properties : [...model.properties, deadlockProperty(model)];
}
