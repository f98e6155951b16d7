/**
 * A model whose state and action types are hidden: a scenario's quorum model and a user's own
 * model travel through the same pipeline, and each stage that needs the model opens the box
 * with a function generic in `S` and `A`, so no cast to a common type is needed.
 */
import type { Model } from '../../explorer/index.ts';

/** A model of some state type and some action type. */
export interface ModelBox {
  /** The model's name. */
  readonly name: string;
  /** Runs `use` on the model, with its real type parameters. */
  open<R>(use: <S, A>(model: Model<S, A>) => R): R;
}

/** Puts `model` in a box. */
export function boxModel<S, A>(model: Model<S, A>): ModelBox {
  return { name: model.name, open: (use) => use(model) };
}
