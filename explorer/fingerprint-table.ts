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
  /**
   * Keep, beside each fingerprint, the id (discovery index) of its state, so `idOf` works.
   * Costs 4 more bytes per slot; the liveness search needs it to record edges.
   */
  readonly withIds?: boolean;
}

/**
 * An open-addressing hash set of 64-bit fingerprints (two 32-bit lanes), linear probing.
 *
 * Memory: 8 bytes per slot (12 with ids). The load stays within [0.5, 0.75] once the table
 * holds 8 fingerprints: it grows at 0.75 to exactly twice its size (1.5x), so it never holds
 * more than 16 bytes per stored fingerprint (24 with ids). Capacities are not powers of two;
 * the slot is `floor(lo * capacity / 2^32)`, which needs no modulo and keeps the slots of a
 * rehash in nearly ascending order.
 *
 * The fingerprint 0:0 marks an empty slot, so a state whose fingerprint is 0:0 is stored as
 * 0:1: the two become one, which is just one more 2^-64 collision.
 */
export class FingerprintTable {
  // Int32 lanes, not Uint32: V8 keeps int32 values unboxed, while a uint32 >= 2^31 becomes a double.
  private slots: Int32Array;
  private ids: Uint32Array | null;
  private capacity: number;
  private growAt: number;
  /** Number of distinct fingerprints stored; the next new one gets this id. */
  size = 0;
  /** After `add` returned false on a table with ids: the id of the fingerprint found. */
  foundId = -1;

  constructor(options: FingerprintTableOptions = {}) {
    this.capacity = Math.max(4, Math.ceil(options.initialCapacity ?? INITIAL_CAPACITY));
    this.growAt = Math.floor(this.capacity * MAX_LOAD);
    this.slots = new Int32Array(this.capacity * 2);
    this.ids = options.withIds ? new Uint32Array(this.capacity) : null;
  }

  /**
   * Insert the fingerprint `hi:lo` (each lane a 32-bit integer, signed or not). Returns true when it is new; its id is then `size - 1`.
   * When it was already there, returns false and (with ids) sets `foundId`.
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
        if (this.ids !== null) this.ids[slot] = this.size;
        this.size++;
        return true;
      }
      if (sh === hi && sl === lo) {
        if (this.ids !== null) this.foundId = this.ids[slot];
        return false;
      }
      if (++slot === capacity) slot = 0;
    }
  }

  /** Whether `hi:lo` is stored. */
  has(hi: number, lo: number): boolean {
    return this.find(hi, lo) >= 0;
  }

  /** The id of `hi:lo`, or -1 when absent. Requires a table made `withIds`. */
  idOf(hi: number, lo: number): number {
    if (this.ids === null) throw new Error('FingerprintTable.idOf needs a table made withIds');
    const slot = this.find(hi, lo);
    return slot < 0 ? -1 : this.ids[slot];
  }

  /** Bytes allocated by the table. */
  get byteLength(): number {
    return this.slots.byteLength + (this.ids === null ? 0 : this.ids.byteLength);
  }

  /** Whether the table keeps ids (made `withIds`). */
  get hasIds(): boolean {
    return this.ids !== null;
  }

  /** Number of slots. */
  get slotCount(): number {
    return this.capacity;
  }

  private find(hi: number, lo: number): number {
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

  private grow(): void {
    const oldSlots = this.slots;
    const oldIds = this.ids;
    const oldCapacity = this.capacity;
    const capacity = Math.ceil(this.size / LOAD_AFTER_GROWTH);
    const slots = new Int32Array(capacity * 2);
    const ids = oldIds === null ? null : new Uint32Array(capacity);
    for (let i = 0; i < oldCapacity; i++) {
      const hi = oldSlots[i << 1];
      const lo = oldSlots[(i << 1) + 1];
      if ((hi | lo) === 0) continue;
      let slot = Math.floor((lo >>> 0) * capacity * INV_2_32);
      while ((slots[slot << 1] | slots[(slot << 1) + 1]) !== 0) {
        if (++slot === capacity) slot = 0;
      }
      slots[slot << 1] = hi;
      slots[(slot << 1) + 1] = lo;
      if (ids !== null && oldIds !== null) ids[slot] = oldIds[i];
    }
    this.slots = slots;
    this.ids = ids;
    this.capacity = capacity;
    this.growAt = Math.floor(capacity * MAX_LOAD);
  }
}
