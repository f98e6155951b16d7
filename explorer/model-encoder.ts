/**
 * The one place that decides how a model's states become bytes: the model's own `encode`, or
 * the automatic structural encoding when the model has none.
 */
import type { ByteWriter, Model } from './model.ts';
import { StructuralEncoder } from './structural-encoder.ts';

/** Writes a state's canonical bytes. */
export type Encode<S> = (state: S, out: ByteWriter) => void;

/**
 * The encoder of `model`'s states: its hand-written `encode` when it has one (the fast path),
 * else an exact structural encoding of the state (see {@link StructuralEncoder}). Each call
 * returns a fresh encoder, so two searches never share scratch space.
 */
export function modelEncoder<S, A>(model: Model<S, A>): Encode<S> {
  const own = model.encode;
  if (own !== undefined) return (state, out) => { own.call(model, state, out); };
  const encoder = new StructuralEncoder();
  return (state, out) => { encoder.encode(state, out); };
}
