/**
 * The visited set: 64-bit fingerprints in an open-addressing table over typed arrays.
 */

/** Growth policy: grow when the load would pass this fraction... */
const MAX_LOAD = 0.75;
/** ...to a capacity of twice the current size, i.e. a load of exactly 0.5 (1.5x growth). */
const LOAD_AFTER_GROWTH = 0.5;
const INITIAL_CAPACITY = 16;
/** 2^-32: maps a 32-bit hash times the capacity onto [0, capacity) (multiply-shift). */
const INV_2_32 = 1 / 4294967296;

/** Options of a {@link FingerprintTable}. */
export interface FingerprintTableOptions {
  /** Initial number of slots (default 16). */
  readonly initialCapacity?: number;
  /** Keep a one-byte tag per slot (`tags`), moved with its fingerprint when the table grows. */
  readonly tags?: boolean;
}

/**
 * An open-addressing hash set of 64-bit fingerprints (two 32-bit lanes), linear probing.
 *
 * Memory: 8 bytes per slot and nothing else. The load stays within [0.5, 0.75] once the
 * table holds 8 fingerprints: it grows at 0.75 to exactly twice its size (1.5x), so it never
 * takes more than 16 bytes per stored fingerprint.
 *
 * A caller that must name stored fingerprints compactly (the liveness search's edges) can use
 * slots: `lastSlot` after `add`, `slotOf`, and `onGrow`, which reports where each slot moved. Capacities are not powers of two;
 * the slot is `floor(lo * capacity / 2^32)`, which needs no modulo and keeps the slots of a
 * rehash in nearly ascending order.
 *
 * The fingerprint 0:0 marks an empty slot, so a state whose fingerprint is 0:0 is stored as
 * 0:1: the two become one, which is just one more 2^-64 collision.
 */
export class FingerprintTable {
  // Int32 lanes, not Uint32: V8 keeps int32 values unboxed, while a uint32 >= 2^31 becomes a double.
  private slots: Int32Array;
  /**
   * With the `tags` option: one byte per slot, set by the caller through `lastSlot` or
   * `slotOf` (the partial-order search keeps each state's BFS depth here). Replaced on growth:
   * read it after `add`, not before.
   */
  tags: Uint8Array | null;
  private capacity: number;
  private growAt: number;
  /** Number of distinct fingerprints stored. */
  size = 0;
  /** After `add`: the slot holding the fingerprint (valid until the next growth). */
  lastSlot = -1;
  /**
   * Called after each growth with `moved[oldSlot]`, the new slot of what `oldSlot` held (-1
   * for an empty one), so slots kept elsewhere can be updated. Null: growth builds no map.
   */
  onGrow: ((moved: Int32Array) => void) | null = null;

  constructor(options: FingerprintTableOptions = {}) {
    this.capacity = Math.max(4, Math.ceil(options.initialCapacity ?? INITIAL_CAPACITY));
    this.growAt = Math.floor(this.capacity * MAX_LOAD);
    this.slots = new Int32Array(this.capacity * 2);
    this.tags = options.tags === true ? new Uint8Array(this.capacity) : null;
  }

  /**
   * Insert the fingerprint `hi:lo` (each lane a 32-bit integer, signed or not). Returns true
   * when it is new, false when it was already there; either way `lastSlot` is its slot.
   */
  add(hi: number, lo: number): boolean {
    hi |= 0;
    lo |= 0;
    if ((hi | lo) === 0) lo = 1;
    if (this.size >= this.growAt) this.grow();
    const slots = this.slots;
    const capacity = this.capacity;
    let slot = Math.floor((lo >>> 0) * capacity * INV_2_32);
    for (;;) {
      const at = slot << 1;
      const sh = slots[at];
      const sl = slots[at + 1];
      if ((sh | sl) === 0) {
        slots[at] = hi;
        slots[at + 1] = lo;
        this.size++;
        this.lastSlot = slot;
        return true;
      }
      if (sh === hi && sl === lo) {
        this.lastSlot = slot;
        return false;
      }
      if (++slot === capacity) slot = 0;
    }
  }

  /** Whether `hi:lo` is stored. */
  has(hi: number, lo: number): boolean {
    return this.slotOf(hi, lo) >= 0;
  }

  /** The slot holding `hi:lo`, or -1 when absent. */
  slotOf(hi: number, lo: number): number {
    hi |= 0;
    lo |= 0;
    if ((hi | lo) === 0) lo = 1;
    const slots = this.slots;
    let slot = Math.floor((lo >>> 0) * this.capacity * INV_2_32);
    for (;;) {
      const at = slot << 1;
      const sh = slots[at];
      const sl = slots[at + 1];
      if ((sh | sl) === 0) return -1;
      if (sh === hi && sl === lo) return slot;
      if (++slot === this.capacity) slot = 0;
    }
  }

  /** Bytes allocated by the table (tags included). */
  get byteLength(): number {
    return this.slots.byteLength + (this.tags === null ? 0 : this.tags.byteLength);
  }

  /** Number of slots. */
  get slotCount(): number {
    return this.capacity;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldCapacity = this.capacity;
    const capacity = Math.ceil(this.size / LOAD_AFTER_GROWTH);
    const slots = new Int32Array(capacity * 2);
    const moved = this.onGrow === null ? null : new Int32Array(oldCapacity);
    const oldTags = this.tags;
    const tags = oldTags === null ? null : new Uint8Array(capacity);
    for (let i = 0; i < oldCapacity; i++) {
      const hi = oldSlots[i << 1];
      const lo = oldSlots[(i << 1) + 1];
      if ((hi | lo) === 0) {
        if (moved !== null) moved[i] = -1;
        continue;
      }
      let slot = Math.floor((lo >>> 0) * capacity * INV_2_32);
      while ((slots[slot << 1] | slots[(slot << 1) + 1]) !== 0) {
        if (++slot === capacity) slot = 0;
      }
      slots[slot << 1] = hi;
      slots[(slot << 1) + 1] = lo;
      if (tags !== null) tags[slot] = (oldTags as Uint8Array)[i];
      if (moved !== null) moved[i] = slot;
    }
    this.slots = slots;
    this.tags = tags;
    this.capacity = capacity;
    this.growAt = Math.floor(capacity * MAX_LOAD);
    if (moved !== null && this.onGrow !== null) this.onGrow(moved);
  }
}
