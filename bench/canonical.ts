/**
 * Symmetry reduction's cost: the quorum model searched with symmetry on, fingerprinting
 * through its `encodeCanonical` hook (the representative's bytes written straight from the
 * state) and through `encode(symmetry(state))` (the representative built, then encoded), in
 * alternating runs of one process.
 */
import { check, type CheckResult, type Model } from '../explorer/index.ts';
import { type ClientOp, quorumModel, type QuorumAction, type QuorumState } from '../spec/index.ts';
import { scalingConfig } from './quorum.ts';
import { median, type BenchCell, type BenchSection } from './section.ts';

/** Options of the canonical-encoding benchmark. */
export interface CanonicalBenchOptions {
  /** Budget of one search, in wall seconds; default 20. */
  readonly rowSeconds?: number;
  /** Runs per setting; the medians are reported. Default 3. */
  readonly runs?: number;
}

type QuorumModel = Model<QuorumState, QuorumAction>;

const w = (value: number): ClientOp => ({ kind: 'write', value });
const r: ClientOp = { kind: 'read' };

/** The rows: a small search that finishes and a large one the budget cuts. */
const ROWS: readonly { readonly n: number; readonly script: readonly ClientOp[]; readonly ops: string }[] = [
  { n: 3, script: [w(1), r], ops: 'w1;r' },
  { n: 5, script: [w(1), w(2), r], ops: 'w1;w2;r' },
];

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

interface Run {
  readonly result: CheckResult<QuorumState, QuorumAction>;
  readonly cpu: number;
}

async function measure(model: QuorumModel, rowSeconds: number): Promise<Run> {
  const before = cpuSeconds();
  // Partial-order reduction off: the rows compare the cost of symmetry reduction alone.
  const result = await check(model, { properties: ['stale-read'], symmetry: true, reduction: false, limits: { timeoutSeconds: rowSeconds } });
  return { result, cpu: cpuSeconds() - before };
}

const rate = (run: Run): number => run.result.stats.states / Math.max(run.cpu, 1e-9);

/** The side-by-side table: states per CPU second with and without the hook, per row. */
export async function canonicalBench(options: CanonicalBenchOptions = {}): Promise<BenchSection> {
  const rowSeconds = options.rowSeconds ?? 20;
  const runs = options.runs ?? 3;
  const rows: Record<string, BenchCell>[] = [];
  for (const row of ROWS) {
    const hooked = quorumModel(scalingConfig(row.n, row.script));
    const { encodeCanonical: _hook, ...plain } = hooked;
    const withHook: Run[] = [];
    const without: Run[] = [];
    // Alternating, so a neighbour's load falls on both columns alike.
    for (let i = 0; i < runs; i++) {
      withHook.push(await measure(hooked, rowSeconds));
      without.push(await measure(plain, rowSeconds));
    }
    const exhaustive = withHook.every((x) => x.result.exhaustive) && without.every((x) => x.result.exhaustive);
    const states = (xs: readonly Run[]): BenchCell => (exhaustive ? xs[0].result.stats.states : `>${median(xs.map((x) => x.result.stats.states))}`);
    const hookRate = median(withHook.map(rate));
    const plainRate = median(without.map(rate));
    rows.push({
      N: row.n,
      ops: row.ops,
      verdict: withHook[0].result.verdict,
      'states (hook)': states(withHook),
      'states (no hook)': states(without),
      'states/s (hook, cpu)': Math.round(hookRate),
      'states/s (no hook, cpu)': Math.round(plainRate),
      speedup: Number((hookRate / Math.max(plainRate, 1e-9)).toFixed(2)),
      runs,
    });
  }
  return {
    title: `symmetry reduction: encodeCanonical vs encode(symmetry(state)); stale-read, W=R=majority, 1 partition, 1 crash; ${rowSeconds} s per search`,
    columns: ['N', 'ops', 'verdict', 'states (hook)', 'states (no hook)', 'states/s (hook, cpu)', 'states/s (no hook, cpu)', 'speedup', 'runs'],
    rows,
    notes: [
      'one worker, symmetry on, partial-order reduction off; medians of the runs, alternating hook and no hook',
      'an exhaustive row must show equal state counts (the hook writes the same bytes); a row cut by the budget shows the states covered',
      'states/s use CPU time (user + system): wall time on a shared machine measures the neighbours',
    ],
  };
}
