/**
 * The `linearizable` property for a single read/write register: a Wing & Gong search with
 * Lowe's memoization on (set of linearized operations, current value).
 */
import { INITIAL_VALUE, type CheckOutcome, type History } from './history.ts';
import { describeOp, readReturned, valueName, type OpNames } from './describe-op.ts';
import { violation } from './outcome.ts';

/** Histories up to this many operations memoize in a reused stamp table instead of a `Set`. */
const TABLE_OPS = 12;
/** Value slots per mask in the stamp table; at most `TABLE_OPS` writes plus the initial value. */
const TABLE_VALUES = 16;
const table = new Uint32Array((1 << TABLE_OPS) * TABLE_VALUES);
let stamp = 0;

// The search's inputs live in module variables so the recursion allocates no closures;
// the checker is synchronous and never re-entered.
let ops: History = [];
let mustMask = 0;
let candidateMask = 0;
/** `slot[j]`: the value slot a write j leaves the register in (writes of equal values share a slot). */
const slot = new Int32Array(32);
/** `slotValue[s]`: the register value of slot s; slot 0 is `INITIAL_VALUE`. */
const slotValue = new Int32Array(33);
let useTable = true;
const visited = new Set<number>();
const path = new Int32Array(32);
const bestPath = new Int32Array(32);
let bestLength = -1;
let bestMask = 0;
let bestSlot = 0;
let bestCount = -1;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Whether the read `i` may take effect while the register holds `value`. */
function readMatches(i: number, value: number): boolean {
  const op = ops[i];
  const siblings = op.siblings;
  if (siblings === undefined || siblings.length === 0) return op.value === value;
  for (let k = 0; k < siblings.length; k++) if (siblings[k] === value) return true;
  return false;
}

/** Marks (mask, slot) visited; false when it already was. */
function visit(mask: number, s: number): boolean {
  if (useTable) {
    const index = mask * TABLE_VALUES + s;
    if (table[index] === stamp) return false;
    table[index] = stamp;
    return true;
  }
  const key = (mask >>> 0) * 64 + s;
  if (visited.has(key)) return false;
  visited.add(key);
  return true;
}

function search(mask: number, s: number, depth: number): boolean {
  if ((mask & mustMask) === mustMask) return true;
  if (!visit(mask, s)) return false;
  const count = popcount(mask & mustMask);
  if (count > bestCount) {
    bestCount = count;
    bestMask = mask;
    bestSlot = s;
    bestLength = depth;
    for (let k = 0; k < depth; k++) bestPath[k] = path[k];
  }
  const value = slotValue[s];
  let enabled = candidateMask & ~mask;
  // A read that may take effect now is linearized at once: it leaves the register unchanged,
  // so taking it early never removes a later choice.
  let scan = enabled;
  while (scan !== 0) {
    const low = scan & -scan;
    scan ^= low;
    const i = 31 - Math.clz32(low);
    const op = ops[i];
    if (op.kind === 'read' && (op.after & ~mask) === 0 && readMatches(i, value)) {
      path[depth] = i;
      return search(mask | low, s, depth + 1);
    }
  }
  while (enabled !== 0) {
    const low = enabled & -enabled;
    enabled ^= low;
    const i = 31 - Math.clz32(low);
    const op = ops[i];
    if (op.kind !== 'write' || (op.after & ~mask) !== 0) continue;
    path[depth] = i;
    if (search(mask | low, slot[i], depth + 1)) return true;
  }
  return false;
}

/**
 * Checks that the history is linearizable for a read/write register that starts at
 * `INITIAL_VALUE`, and otherwise names the read the search could not place.
 *
 * Every `ok` operation must take effect once, at a point consistent with real time (`a`
 * before `b` whenever `a` is in `b.after`). A `pending` or `timeout` write may take effect at
 * most once, anywhere after its invocation, or not at all. Pending and timed-out reads
 * returned nothing and are ignored; `refused` operations applied nothing and are excluded.
 * A read that returned siblings (vector clocks) is explained when the register holds any one
 * of its sibling values at its linearization point: the client was handed that value among
 * others.
 *
 * On failure, `op` is a read that cannot be placed after the longest prefix the search could
 * linearize, and `why` lists that prefix (clients and values in `names` when given).
 */
export function checkLinearizable(history: History, names?: OpNames): CheckOutcome {
  const n = history.length;
  if (n > 31) throw new RangeError(`checkLinearizable: at most 31 operations (bitmasks), got ${n}`);
  ops = history;
  mustMask = 0;
  candidateMask = 0;
  let slots = 1;
  slotValue[0] = INITIAL_VALUE;
  for (let i = 0; i < n; i++) {
    const op = history[i];
    if (op.status === 'ok') {
      mustMask |= 1 << i;
      candidateMask |= 1 << i;
    } else if (op.kind === 'write' && op.status !== 'refused') {
      candidateMask |= 1 << i;
    }
    if (op.kind === 'write') {
      let s = 0;
      while (s < slots && slotValue[s] !== op.value) s++;
      if (s === slots) slotValue[slots++] = op.value;
      slot[i] = s;
    }
  }
  useTable = n <= TABLE_OPS;
  if (useTable) {
    stamp = (stamp + 1) >>> 0;
    if (stamp === 0) {
      table.fill(0);
      stamp = 1;
    }
  } else {
    visited.clear();
  }
  bestCount = -1;
  bestLength = 0;
  bestMask = 0;
  bestSlot = 0;
  const holds = search(0, 0, 0);
  if (!useTable) visited.clear();
  ops = [];
  if (holds) return { ok: true };
  return explain(history, names);
}

/** The failure outcome, built from the deepest prefix the search reached. */
function explain(history: History, names: OpNames | undefined): CheckOutcome {
  // At the deepest prefix no must-operation write is enabled (taking it would go deeper), so
  // the enabled remaining ok operations are reads the register's value cannot explain.
  let culprit = -1;
  for (let i = 0; i < history.length && culprit < 0; i++) {
    const op = history[i];
    if (((mustMask & ~bestMask) & (1 << i)) !== 0 && (op.after & ~bestMask) === 0 && op.kind === 'read') culprit = i;
  }
  if (culprit < 0) {
    for (let i = 0; i < history.length && culprit < 0; i++) if (((mustMask & ~bestMask) & (1 << i)) !== 0) culprit = i;
  }
  const prefix: string[] = [];
  for (let k = 0; k < bestLength; k++) prefix.push(describeOp(history[bestPath[k]], names));
  const op = history[culprit];
  const subject = op.kind === 'read' ? readReturned(op, names) : describeOp(op, names);
  const after = prefix.length === 0 ? 'with nothing before it' : `after ${prefix.join(', ')}`;
  return violation(
    culprit,
    `${subject}, but no order of the operations that respects real time allows it (at best the register holds ${valueName(slotValue[bestSlot], names)} ${after})`,
  );
}
