/**
 * An enumerator written for the cross-checks, sharing nothing with the explorer but the
 * `Model` interface: a plain queue over `init`/`actions`/`next`, a `Set` of string keys, and a
 * byte writer of its own. It is slow and memory-hungry on purpose: it is easy to believe.
 */
import { type ByteWriter, type Model, modelEncoder } from '../../explorer/index.ts';

/**
 * A writer that tags every value with the call that wrote it, so that two different sequences
 * of calls never give the same bytes (the explorer's writer needs no tags; this one is only
 * meant to be obviously injective).
 */
export class TaggedWriter implements ByteWriter {
  readonly bytes: number[] = [];

  u8(value: number): void {
    this.bytes.push(1, value & 0xff);
  }

  u16(value: number): void {
    this.bytes.push(2, value & 0xff, (value >>> 8) & 0xff);
  }

  i32(value: number): void {
    this.u32(value >>> 0);
  }


  u32(value: number): void {
    this.bytes.push(4, value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  varint(value: number): void {
    // Zig-zag with arithmetic, not bit operators, so values past 32 bits stay exact.
    let rest = value >= 0 ? value * 2 : -value * 2 - 1;
    this.bytes.push(8);
    do {
      const low = rest % 128;
      rest = Math.floor(rest / 128);
      this.bytes.push(rest > 0 ? low + 128 : low);
    } while (rest > 0);
  }
}

/** The key of `state`: its encoding through a fresh tagged writer, as a latin1 string. */
export function stateKey<S, A>(model: Model<S, A>, state: S): string {
  const writer = new TaggedWriter();
  modelEncoder(model)(state, writer);
  return Buffer.from(writer.bytes).toString('latin1');
}

/** How many distinct states (by encoding) are reachable from `model.init()`; throws past `limit`. */
export function countReachable<S, A>(model: Model<S, A>, limit: number): number {
  const seen = new Set<string>();
  const queue: S[] = [];
  for (const state of model.init()) {
    const key = stateKey(model, state);
    if (!seen.has(key)) {
      seen.add(key);
      queue.push(state);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    for (const action of model.actions(state)) {
      const next = model.next(state, action);
      const key = stateKey(model, next);
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > limit) throw new Error(`more than ${limit} states: too big for the brute-force count`);
      queue.push(next);
    }
  }
  return seen.size;
}
