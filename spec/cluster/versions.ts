/**
 * Versions of stored values and how replicas merge them. A replica stores a small list of
 * entries: exactly one under a totally ordered clock (logical or wall), and a set of
 * concurrent siblings under vector clocks.
 *
 * Packing, so a version is one number:
 * - logical and wall: `(ts + TS_OFFSET) * 16 + writer`, writer = client index + 1, and the
 *   initial value has version 0 (below every write, even one whose skewed clock reads < 1).
 *   Ordering the packed numbers orders by timestamp, then by writer.
 * - vclock: 4 bits per client (client c at bits 4c..4c+3), at most 8 clients and 15 writes
 *   each, so the vector fits in 32 bits.
 */

/** One stored value and its version. */
export interface Entry {
  readonly value: number;
  readonly version: number;
}

/** How versions are compared: a total order, or vector-clock dominance. */
export type ClockKind = 'logical' | 'wall' | 'vclock';

/** Offset added to a timestamp so a skewed (even negative) wall clock still packs above the initial version. */
export const TS_OFFSET = 16;

/** The register's initial contents: value 0, version 0. */
export const INITIAL_ENTRIES: readonly Entry[] = [{ value: 0, version: 0 }];

/** Packs a (timestamp, writer client) pair into a totally ordered version. */
export function packVersion(ts: number, client: number): number {
  return (ts + TS_OFFSET) * 16 + client + 1;
}

/** The timestamp of a packed total-order version (0 for the initial version). */
export function versionTs(version: number): number {
  return version === 0 ? 0 : Math.floor(version / 16) - TS_OFFSET;
}

/** The writer (0-based client) of a packed total-order version, or -1 for the initial version. */
export function versionWriter(version: number): number {
  return version === 0 ? -1 : (version % 16) - 1;
}

/** Component `client` of a packed vector clock. */
export function vcGet(vc: number, client: number): number {
  return Math.floor(vc / 16 ** client) % 16;
}

/** The vector clock `vc` with component `client` incremented. */
export function vcIncrement(vc: number, client: number): number {
  return vc + 16 ** client;
}

/** The component-wise maximum of two vector clocks over `clients` clients. */
export function vcMax(a: number, b: number, clients: number): number {
  let out = 0;
  for (let c = 0; c < clients; c++) out += Math.max(vcGet(a, c), vcGet(b, c)) * 16 ** c;
  return out;
}

/** Whether vector clock `a` is <= `b` component-wise (b has seen everything a has). */
export function vcLeq(a: number, b: number, clients: number): boolean {
  for (let c = 0; c < clients; c++) if (vcGet(a, c) > vcGet(b, c)) return false;
  return true;
}

/** Whether two entry lists are identical (same values and versions, same order). */
export function sameEntries(a: readonly Entry[], b: readonly Entry[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].value !== b[i].value || a[i].version !== b[i].version) return false;
  return true;
}

/** Compares two entry lists (length, then entries), for canonical sorting. */
export function compareEntries(a: readonly Entry[], b: readonly Entry[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    if (a[i].version !== b[i].version) return a[i].version - b[i].version;
    if (a[i].value !== b[i].value) return a[i].value - b[i].value;
  }
  return 0;
}

/**
 * Merges what a replica holds with what it receives. Total order: the entry with the higher
 * version wins (last-write-wins). Vector clocks: the union minus every entry another one
 * dominates, sorted by version, so concurrent writes survive as siblings.
 */
export function mergeEntries(clock: ClockKind, a: readonly Entry[], b: readonly Entry[], clients: number): readonly Entry[] {
  if (sameEntries(a, b)) return a;
  if (clock !== 'vclock') return b[0].version > a[0].version ? b : a;
  const all = [...a, ...b];
  const kept: Entry[] = [];
  for (const e of all) {
    if (kept.some((k) => k.version === e.version)) continue;
    const dominated = all.some((o) => o.version !== e.version && vcLeq(e.version, o.version, clients));
    if (!dominated) kept.push(e);
  }
  kept.sort((x, y) => x.version - y.version);
  return sameEntries(kept, a) ? a : kept;
}

/** Whether `held` already covers `incoming` (merging would change nothing). */
export function covers(clock: ClockKind, held: readonly Entry[], incoming: readonly Entry[], clients: number): boolean {
  return sameEntries(mergeEntries(clock, held, incoming, clients), held);
}

/** Formats a version for labels: `v0`, `v(2,C1)`, or `vc(1,0)`. */
export function formatVersion(clock: ClockKind, version: number, clients: number, clientNames?: readonly string[]): string {
  if (clock === 'vclock') {
    const parts: number[] = [];
    for (let c = 0; c < clients; c++) parts.push(vcGet(version, c));
    return `vc(${parts.join(',')})`;
  }
  if (version === 0) return 'v0';
  const writer = versionWriter(version);
  return `v(${versionTs(version)},${clientNames?.[writer] ?? `C${writer + 1}`})`;
}
