/**
 * How the searches turn a state into the bytes they fingerprint: the model's encoding of the
 * state itself, or of its canonical representative when symmetry reduction is on. Every
 * search (one thread, the parallel main thread, its workers) goes through this one function,
 * so they all agree on which states are the same.
 */
import type { ByteWriter, Model } from '../model.ts';
import { modelEncoder } from '../model-encoder.ts';

/** Writes the bytes a search fingerprints for a state. */
export type StateEncoder<S> = (state: S, out: ByteWriter) => void;

/**
 * The encoder of `model`'s states under `canonicalize` (the model's symmetry function when
 * symmetry reduction is on, else `null`). When `canonicalize` is the model's own symmetry and
 * the model has `encodeCanonical`, that hook writes the same bytes without building the
 * representative.
 */
export function stateEncoder<S, A>(model: Model<S, A>, canonicalize: ((state: S) => S) | null): StateEncoder<S> {
  const encode = modelEncoder(model);
  if (canonicalize === null) return encode;
  // The hook promises the bytes of `encode(model.symmetry(state))`, so any other function stays on the slow path.
  const encodeCanonical = model.encodeCanonical;
  if (encodeCanonical !== undefined && canonicalize === model.symmetry) return (state, out) => { encodeCanonical(state, out); };
  return (state, out) => { encode(canonicalize(state), out); };
}
