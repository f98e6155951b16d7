/**
 * The outputs of `quorumlab overlap`: the pigeonhole table a workshop reads, its `--json`
 * object, and a small picture of one pair of quorums (two rows of replica boxes).
 */
import type { JsonValue } from '../../explorer/index.ts';
import type { Fraction, OverlapReport, QuorumPair } from '../../spec/index.ts';

/** The numbers `overlap` prints: the enumeration and the closed forms. */
export interface OverlapFacts {
  readonly report: OverlapReport;
  readonly stale: Fraction;
  /** k-staleness, when `--k` was given. */
  readonly kStale?: { readonly k: number; readonly probability: Fraction };
}

/** A fraction as `a/b`. */
export function fractionText(value: Fraction): string {
  return `${value.numerator}/${value.denominator}`;
}

function replicaSet(indices: readonly number[]): string {
  return `{${indices.map((i) => `R${i + 1}`).join(', ')}}`;
}

/** The pair the picture and the table's example show: a disjoint one when it exists, else one with the least overlap. */
export function examplePair(report: OverlapReport): { readonly pair: QuorumPair; readonly disjoint: boolean } {
  if (report.exampleDisjoint !== undefined) return { pair: report.exampleDisjoint, disjoint: true };
  return { pair: report.exampleMinOverlap, disjoint: false };
}

/** The human table (ending with a newline). */
export function formatOverlapTable(facts: OverlapFacts): string {
  const { report, stale } = facts;
  const { n, w, r } = report;
  const writeQuorums = binomialText(n, w);
  const readQuorums = binomialText(n, r);
  const rows: [string, string][] = [
    ['write quorums', `C(${n},${w}) = ${writeQuorums}`],
    ['read quorums', `C(${n},${r}) = ${readQuorums}`],
    ['pairs', `${report.pairs}`],
    ['disjoint pairs', `${report.disjointPairs}`],
    ['min overlap', `${report.minOverlap}  (pigeonhole: max(0, W + R - N) = ${Math.max(0, w + r - n)})`],
    ['max overlap', `${report.maxOverlap}`],
    ['pairs by overlap', report.histogram.map((pairs, size) => `${size}: ${pairs}`).join(', ')],
    ['stale probability', `${fractionText(stale)} = ${decimal(stale.value)}  (C(N-W,R)/C(N,R): a random read quorum misses a write quorum)`],
  ];
  if (facts.kStale !== undefined) {
    const { k, probability } = facts.kStale;
    rows.push([`k-staleness (k=${k})`, `${fractionText(probability)} = ${decimal(probability.value)}  (the read misses each of the last ${k} writes' quorums)`]);
  }
  const { pair, disjoint } = examplePair(report);
  const shared = pair.write.filter((replica) => pair.read.includes(replica));
  rows.push([
    disjoint ? 'a disjoint pair' : 'a least-overlap pair',
    `write ${replicaSet(pair.write)}, read ${replicaSet(pair.read)}${disjoint ? ': no replica in common' : `: share ${replicaSet(shared)}`}`,
  ]);
  const width = Math.max(...rows.map(([name]) => name.length));
  const verdict =
    w + r > n
      ? `W + R = ${w + r} > N = ${n}: every read quorum meets every write quorum.`
      : `W + R = ${w + r} <= N = ${n}: some read quorum misses some write quorum.`;
  return [`quorum overlap for N=${n} W=${w} R=${r}`, ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`), verdict, ''].join('\n');
}

function binomialText(n: number, k: number): string {
  let result = 1n;
  for (let i = 1n; i <= BigInt(k); i++) result = (result * (BigInt(n) - i + 1n)) / i;
  return result.toString();
}

/** A probability as a short decimal (exact zero and one stay `0` and `1`). */
export function decimal(value: number): string {
  if (value === 0 || value === 1) return String(value);
  return value >= 1e-4 ? String(Number(value.toPrecision(6))) : value.toExponential(4);
}

/** The `--json` object of `overlap`. */
export function overlapJson(facts: OverlapFacts): JsonValue {
  const { report, stale } = facts;
  const { pair, disjoint } = examplePair(report);
  return {
    n: report.n,
    w: report.w,
    r: report.r,
    pairs: report.pairs,
    disjointPairs: report.disjointPairs,
    minOverlap: report.minOverlap,
    maxOverlap: report.maxOverlap,
    histogram: [...report.histogram],
    staleProbability: { fraction: fractionText(stale), value: stale.value },
    ...(facts.kStale !== undefined
      ? { kStaleProbability: { k: facts.kStale.k, fraction: fractionText(facts.kStale.probability), value: facts.kStale.probability.value } }
      : {}),
    example: { write: pair.write.map((i) => i + 1), read: pair.read.map((i) => i + 1), disjoint },
  };
}

const colours = {
  write: '#9ecae1',
  read: '#fdd0a2',
  both: '#a1d99b',
  idle: '#f0f0f0',
  line: '#31a354',
  miss: '#de2d26',
} as const;

/**
 * The picture of one pair of quorums as DOT: the write set's row above the read set's row,
 * one box per replica, members coloured, a line joining each replica the two share (or a red
 * note when they share none). Positions are pinned, so the output is the same on every run.
 */
export function overlapDot(report: OverlapReport): string {
  const { n, w, r } = report;
  const { pair, disjoint } = examplePair(report);
  const step = 72;
  const left = 150;
  const titleY = 230;
  const writeY = 170;
  const readY = 80;
  const noteY = 30;
  const right = left + (n - 1) * step;
  const lines: string[] = [];
  const title = disjoint
    ? `N=${n} W=${w} R=${r}: W + R <= N`
    : `N=${n} W=${w} R=${r}: W + R > N, every pair shares at least ${report.minOverlap} replica${report.minOverlap === 1 ? '' : 's'}`;
  const note = disjoint ? 'no replica in common: this read can miss this write' : report.minOverlap === 1 ? 'the shared replica carries the write to the read' : 'the shared replicas carry the write to the read';
  const font = 'DejaVu Sans';
  lines.push('digraph overlap {');
  lines.push(`  graph [layout=neato, inputscale=72, splines=line, bgcolor="white", pad=0.3];`);
  lines.push(`  node [shape=box, style="rounded,filled", fontname="${font}", fontsize=12, width=0.75, height=0.45, fixedsize=true, color="#636363"];`);
  lines.push('  edge [dir=none, penwidth=2.5];');
  // Text goes in plaintext nodes at pinned positions: a graph label is not counted in neato's pinned bounding box.
  lines.push(`  title [shape=plaintext, style="", fixedsize=false, fontsize=14, label="${title}", pos="${(40 + right) / 2},${titleY}!"];`);
  lines.push(`  write_label [shape=plaintext, style="", width=1.6, label="write set (W=${w})", pos="40,${writeY}!"];`);
  lines.push(`  read_label [shape=plaintext, style="", width=1.6, label="read set (R=${r})", pos="40,${readY}!"];`);
  for (let i = 0; i < n; i++) {
    const x = left + i * step;
    const inWrite = pair.write.includes(i);
    const inRead = pair.read.includes(i);
    const shared = inWrite && inRead;
    lines.push(`  w${i + 1} [label="R${i + 1}", fillcolor="${inWrite ? (shared ? colours.both : colours.write) : colours.idle}", pos="${x},${writeY}!"];`);
    lines.push(`  r${i + 1} [label="R${i + 1}", fillcolor="${inRead ? (shared ? colours.both : colours.read) : colours.idle}", pos="${x},${readY}!"];`);
  }
  for (let i = 0; i < n; i++) {
    if (pair.write.includes(i) && pair.read.includes(i)) lines.push(`  w${i + 1} -> r${i + 1} [color="${colours.line}"];`);
  }
  lines.push(
    `  note [shape=plaintext, style="", fixedsize=false, fontcolor="${disjoint ? colours.miss : colours.line}", label="${note}", pos="${(40 + right) / 2},${noteY}!"];`,
  );
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
