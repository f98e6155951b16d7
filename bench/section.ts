/**
 * The shape every benchmark section returns, so `bench/run.ts` can print or serialize it.
 */

/** One cell of a benchmark table. */
export type BenchCell = string | number;

/** A titled table of measurements: one section of `npm run bench`. */
export interface BenchSection {
  /** A short title, e.g. `explorer throughput`. */
  readonly title: string;
  /** Column names in display order; every row has a value for each. */
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, BenchCell>>[];
  /** Lines printed under the table (targets, what was asserted). */
  readonly notes?: readonly string[];
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
