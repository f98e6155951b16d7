/**
 * Growable typed arrays for per-state data kept in discovery order (parent links, action
 * indices, edges): amortized O(1) push, no per-element objects.
 */

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array;
type TypedArrayConstructor<T extends TypedArray> = new (length: number) => T;

/** A typed array with a length that grows by 1.5x when full. */
export class Growable<T extends TypedArray> {
  /** The backing array; entries past `length` are unused. */
  data: T;
  length = 0;
  private readonly make: TypedArrayConstructor<T>;

  constructor(make: TypedArrayConstructor<T>, initialCapacity = 1024) {
    this.make = make;
    this.data = new make(Math.max(4, initialCapacity));
  }

  /** Append `value`. */
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Make room for at least `capacity` entries. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    let next = this.data.length;
    while (next < capacity) next = Math.ceil(next * 1.5);
    const data = new this.make(next);
    data.set(this.data.subarray(0, this.length));
    this.data = data;
  }

  /** Bytes allocated (used or not). */
  get byteLength(): number {
    return this.data.byteLength;
  }
}

/** A growable `Uint32Array`. */
export function growableU32(initialCapacity?: number): Growable<Uint32Array> {
  return new Growable(Uint32Array, initialCapacity);
}

/** A growable `Uint16Array`. */
export function growableU16(initialCapacity?: number): Growable<Uint16Array> {
  return new Growable(Uint16Array, initialCapacity);
}

/** A growable `Uint8Array`. */
export function growableU8(initialCapacity?: number): Growable<Uint8Array> {
  return new Growable(Uint8Array, initialCapacity);
}

/** A growable `Int32Array`. */
export function growableI32(initialCapacity?: number): Growable<Int32Array> {
  return new Growable(Int32Array, initialCapacity);
}

/**
 * A column of indices (an initial state's index in `init()`, or an action's among those
 * enabled): 16 bits each while every index fits, 32 bits from the first one that does not (the
 * column is copied once then). A model with more than 65,535 initial states, or a state with
 * more than 65,535 enabled actions, costs 2 more bytes per recorded state; every other model
 * costs nothing more.
 */
export class IndexColumn {
  /** The backing array; entries past `length` are unused. */
  data: Uint16Array | Uint32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Uint16Array(Math.max(4, initialCapacity));
  }

  /** Append `index` (an integer in 0 .. 2^32 - 1). */
  push(index: number): void {
    if (index > 0xffff && this.data.BYTES_PER_ELEMENT === 2) this.widen();
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = index;
  }

  /** Make room for at least `capacity` entries. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    let next = this.data.length;
    while (next < capacity) next = Math.ceil(next * 1.5);
    const data = this.data.BYTES_PER_ELEMENT === 2 ? new Uint16Array(next) : new Uint32Array(next);
    data.set(this.data.subarray(0, this.length));
    this.data = data;
  }

  /** Bytes allocated (used or not). */
  get byteLength(): number {
    return this.data.byteLength;
  }

  private widen(): void {
    const wide = new Uint32Array(this.data.length);
    wide.set(this.data.subarray(0, this.length));
    this.data = wide;
  }
}
