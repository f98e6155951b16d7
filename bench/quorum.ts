/**
 * The scaling table: the quorum model on its bench configuration for N = 3..7, and the same
 * configurations verified by SPIN from the generated Promela peer (`bench/peers/`).
 */
import { fileURLToPath } from 'node:url';
import { check, DEFAULT_SYMMETRY_SAMPLE, type CheckResult, type SymmetryFactor, checkParallel, defaultWorkers } from '../explorer/index.ts';
import { availableParallelism } from 'node:os';
import { type ClientOp, defaultConfig, type QuorumConfig, packedQuorumModel, type PackedAction, type PackedState } from '../spec/index.ts';
import { promelaModel } from './peers/promela.ts';
import { runSpin, spinToolchain, type SpinRun } from './peers/spin.ts';
import { median, type BenchCell, type BenchSection } from './section.ts';

/** Options of the quorum benchmarks. */
export interface QuorumBenchOptions {
  /** Cluster sizes; default 3..7. */
  readonly sizes?: readonly number[];
  /** Budget of one search (one row, one setting), in wall seconds; default 30. */
  readonly rowSeconds?: number;
  /** Runs of a row that finishes quickly (under `rowSeconds / 10`); the median is reported. Default 3. */
  readonly runs?: number;
  /** One operation per client (default `w1;w2;r`: two writers and a reader). */
  readonly script?: readonly ClientOp[];
  /** Workers of the parallel column; default: the number of cores (at least 2, so the column is measured). */
  readonly workers?: number;
}

const QUORUM_MODULE = fileURLToPath(new URL('../spec/packed/model.ts', import.meta.url));

/** Two writers and a reader: `w1;w2;r`. */
export const SCALING_SCRIPT: readonly ClientOp[] = [{ kind: 'write', value: 1 }, { kind: 'write', value: 2 }, { kind: 'read' }];

/**
 * The bench configuration for `n` home replicas: W = R = majority, strict quorum, lww with
 * logical versions, one partition, one crash, one operation per client (`w1;w2;r` by default).
 */
export function scalingConfig(n: number, script: readonly ClientOp[] = SCALING_SCRIPT): QuorumConfig {
  const majority = Math.floor(n / 2) + 1;
  return { ...defaultConfig, n, w: majority, r: majority, ops: script.map((op) => [op]), partitions: 1, crashes: 1 };
}

const scriptText = (script: readonly ClientOp[]): string => script.map((op) => (op.kind === 'write' ? `w${op.value}` : 'r')).join(';');

/** One measured search of the quorum model. */
export interface QuorumMeasurement {
  readonly verdict: CheckResult<PackedState, PackedAction>['verdict'];
  readonly exhaustive: boolean;
  readonly states: number;
  readonly depth: number;
  /** Median wall seconds. */
  readonly seconds: number;
  /** Median CPU seconds (user + system) of this process during the search. */
  readonly cpuSeconds: number;
  readonly bytesPerState: number;
  readonly runs: number;
  /** The symmetry factor the search estimated (symmetry on, reduction off). */
  readonly symmetryFactor?: SymmetryFactor;
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * Check `stale-read` on the bench configuration for `n`, repeating a quick search `runs`
 * times; with `workers` > 1 through the parallel search (CPU time then counts every thread;
 * the parallel search does no partial-order reduction).
 */
export async function measureQuorum(
  n: number,
  symmetry: boolean,
  rowSeconds: number,
  runs: number,
  workers = 1,
  script: readonly ClientOp[] = SCALING_SCRIPT,
  reduction = false,
): Promise<QuorumMeasurement> {
  const config = scalingConfig(n, script);
  const model = packedQuorumModel(config);
  const source = { module: QUORUM_MODULE, export: 'packedQuorumModel', argument: config };
  const walls: number[] = [];
  const cpus: number[] = [];
  let last: CheckResult<PackedState, PackedAction> | null = null;
  for (let run = 0; run < runs; run++) {
    const before = cpuSeconds();
    // The estimate's orbit work would count in the CPU time of the default (reduced) row; the
    // row without reduction, whose time is not reported, estimates the factor instead.
    const options = { properties: ['stale-read'], symmetry, limits: { timeoutSeconds: rowSeconds }, ...(reduction ? {} : { symmetrySample: DEFAULT_SYMMETRY_SAMPLE }) };
    const result = workers > 1 ? await checkParallel(model, source, { ...options, workers, reduction }) : await check(model, { ...options, reduction });
    cpus.push(cpuSeconds() - before);
    walls.push(result.stats.seconds);
    if (last !== null && result.exhaustive && result.stats.states !== last.stats.states) {
      throw new Error(`N=${n}: two runs found ${last.stats.states} and ${result.stats.states} states`);
    }
    last = result;
    // Only a short, complete search is worth repeating.
    if (!result.exhaustive || result.stats.seconds > rowSeconds / 10) break;
  }
  const result = last as CheckResult<PackedState, PackedAction>;
  return {
    verdict: result.verdict,
    exhaustive: result.exhaustive,
    states: result.stats.states,
    depth: result.stats.depth,
    seconds: median(walls),
    cpuSeconds: median(cpus),
    bytesPerState: result.stats.bytesPerState,
    runs: walls.length,
    ...(result.stats.symmetryFactor === undefined ? {} : { symmetryFactor: result.stats.symmetryFactor }),
  };
}

/** The scaling runs, kept so the SPIN section can reuse the symmetry-off searches. */
const measured = new Map<string, QuorumMeasurement>();

async function measureOnce(
  n: number,
  symmetry: boolean,
  options: { readonly rowSeconds: number; readonly runs: number; readonly script: readonly ClientOp[] },
  workers = 1,
  reduction = false,
): Promise<QuorumMeasurement> {
  const key = `${n}/${symmetry}/${reduction}/${options.rowSeconds}/${workers}/${scriptText(options.script)}`;
  let m = measured.get(key);
  if (m === undefined) {
    m = await measureQuorum(n, symmetry, options.rowSeconds, options.runs, workers, options.script, reduction);
    measured.set(key, m);
  }
  return m;
}

const fixed = (x: number, digits: number): number => Number(x.toFixed(digits));

function estimatedCell(factor: SymmetryFactor | undefined): BenchCell {
  if (factor === undefined) return '-';
  if (factor.exact) return `${factor.estimate.toFixed(2)} (exact)`;
  return `${factor.estimate.toFixed(2)} [${factor.low.toFixed(2)}, ${factor.high.toFixed(2)}] n=${factor.sampled}`;
}

function statesCell(m: QuorumMeasurement): BenchCell {
  return m.exhaustive ? m.states : `>${m.states} (depth ${m.depth})`;
}

function resolve(options: QuorumBenchOptions) {
  const rowSeconds = options.rowSeconds ?? 30;
  const runs = options.runs ?? 3;
  const script = options.script ?? SCALING_SCRIPT;
  return {
    sizes: options.sizes ?? [3, 4, 5, 6, 7],
    workers: options.workers ?? Math.max(2, availableParallelism()),
    rowSeconds,
    runs,
    script,
  };
}

/** The scaling table: states, time, rate, bytes per state and symmetry factor per N. */
export async function quorumBench(options: QuorumBenchOptions = {}): Promise<BenchSection> {
  const settings = resolve(options);
  const { sizes, rowSeconds, workers, script } = settings;
  const rows: Record<string, BenchCell>[] = [];
  for (const n of sizes) {
    const config = scalingConfig(n, script);
    // The CLI's default search (symmetry and partial-order reduction on), then each reduction off in turn.
    const on = await measureOnce(n, true, settings, 1, true);
    const noPor = await measureOnce(n, true, settings);
    const off = await measureOnce(n, false, settings);
    const parallel = workers > 1 ? await measureOnce(n, true, settings, workers) : null;
    rows.push({
      N: n,
      'W=R': config.w,
      verdict: on.verdict,
      states: statesCell(on),
      seconds: fixed(on.seconds, 2),
      'cpu s': fixed(on.cpuSeconds, 2),
      'states/s (cpu)': Math.round(on.states / Math.max(on.cpuSeconds, 1e-9)),
      'bytes/state': fixed(on.bytesPerState, 1),
      'states (por off)': statesCell(noPor),
      'por factor': on.exhaustive && noPor.exhaustive ? fixed(noPor.states / on.states, 2) : '-',
      'states (sym, por off)': statesCell(off),
      'states/s (sym off, cpu)': Math.round(off.states / Math.max(off.cpuSeconds, 1e-9)),
      'symmetry factor': noPor.exhaustive && off.exhaustive ? fixed(off.states / noPor.states, 2) : '-',
      'symmetry factor (estimated)': estimatedCell(noPor.symmetryFactor),
      'states/s (wall)': Math.round(on.states / Math.max(on.seconds, 1e-9)),
      [`states (${workers} workers)`]: parallel === null ? '-' : statesCell(parallel),
      [`states/s (${workers} workers, wall)`]: parallel === null ? '-' : Math.round(parallel.states / Math.max(parallel.seconds, 1e-9)),
      [`states/s (${workers} workers, cpu)`]: parallel === null ? '-' : Math.round(parallel.states / Math.max(parallel.cpuSeconds, 1e-9)),
      runs: on.runs,
    });
  }
  return {
    title: `quorum model scaling: stale-read, W=R=majority, strict, lww/logical, 1 partition, 1 crash, ops ${scriptText(script)}; ${rowSeconds} s per search`,
    columns: [
      'N',
      'W=R',
      'verdict',
      'states',
      'seconds',
      'cpu s',
      'states/s (cpu)',
      'bytes/state',
      'states (por off)',
      'por factor',
      'states (sym, por off)',
      'states/s (sym off, cpu)',
      'symmetry factor',
      'symmetry factor (estimated)',
      'states/s (wall)',
      `states (${workers} workers)`,
      `states/s (${workers} workers, wall)`,
      `states/s (${workers} workers, cpu)`,
      'runs',
    ],
    rows,
    notes: [
      'one worker, symmetry and partial-order reduction on (the CLI default, quotients aside: the quotients section compares them) unless marked; "states" of an inconclusive row: distinct states covered before the budget, to that BFS depth',
      `workers: explorer/parallel (level-synchronous BFS, ${workers} worker threads, the main thread merging); their cpu counts every thread`,
      `default workers here: ${defaultWorkers()} (1 on <= 2 cores: the merge thread and the workers' model loading cost more than a second core gives back; see defaultWorkers)`,
      'por factor = states with partial-order reduction off / on (symmetry on); symmetry factor = states with symmetry off / on (reduction off); both exhaustive, else "-"',
      'symmetry factor (estimated): stats.symmetryFactor of the symmetry-on, reduction-off search, from a sample of its visited states ("n" of them), with its 95% interval; "exact" when every state was sampled',
      'workers: the parallel search does no partial-order reduction, so its states equal "states (por off)"',
      'states/s use CPU time (user + system): wall time on a shared machine measures the neighbours',
      'bytes/state: the fingerprint table only (the BFS frontier holds live states too)',
    ],
  };
}

function spinCells(run: SpinRun | null, prefix: string): Record<string, BenchCell> {
  if (run === null) return { [`${prefix} verdict`]: '-', [`${prefix} states`]: '-', [`${prefix} cpu s`]: '-', [`${prefix} states/s`]: '-' };
  return {
    [`${prefix} verdict`]: run.verdict,
    [`${prefix} states`]: run.verdict === 'inconclusive' ? `>${run.states}` : run.states,
    [`${prefix} cpu s`]: fixed(run.cpuSeconds, 2),
    [`${prefix} states/s`]: Math.round(run.states / Math.max(run.cpuSeconds, 1e-9)),
  };
}

/**
 * The SPIN comparison: the Promela peer of each row (generated per N), verified with
 * partial-order reduction off and on, beside quorumlab's symmetry-off search of the same
 * state space. Skips with one line when `spin` or `gcc` is missing.
 */
export async function spinBench(options: QuorumBenchOptions = {}): Promise<BenchSection> {
  const settings = resolve(options);
  const { sizes, rowSeconds, script } = settings;
  const title = `SPIN 6 peer (bench/peers/quorum.pml) vs quorumlab, symmetry off in both; ops ${scriptText(script)}; ${rowSeconds} s per search`;
  const toolchain = spinToolchain();
  if (!toolchain.ok) return { title, columns: ['skipped'], rows: [{ skipped: toolchain.reason }] };
  const rows: Record<string, BenchCell>[] = [];
  for (const n of sizes) {
    const config = scalingConfig(n, script);
    const source = promelaModel({ n, w: config.w, r: config.r, ops: script, partitions: config.partitions, crashes: config.crashes });
    const plain = runSpin(source, { reduce: false, timeoutSeconds: rowSeconds, runs: settings.runs });
    const por = runSpin(source, { reduce: true, timeoutSeconds: rowSeconds, runs: settings.runs });
    const ours = await measureOnce(n, false, settings);
    const best = await measureOnce(n, true, settings, 1, true);
    const oursRate = ours.states / Math.max(ours.cpuSeconds, 1e-9);
    const spinRate = plain.states / Math.max(plain.cpuSeconds, 1e-9);
    const bothDone = ours.exhaustive && plain.verdict !== 'inconclusive';
    rows.push({
      N: n,
      'quorumlab verdict': ours.verdict,
      'quorumlab states': statesCell(ours),
      'quorumlab cpu s': fixed(ours.cpuSeconds, 2),
      'quorumlab states/s': Math.round(oursRate),
      ...spinCells(plain, 'spin'),
      ...spinCells(por, 'spin+por'),
      'compile s': fixed(plain.compileSeconds, 2),
      'time ratio (ql/spin)': bothDone ? fixed(ours.cpuSeconds / Math.max(plain.cpuSeconds, 1e-9), 1) : '-',
      'quorumlab default states': statesCell(best),
      'quorumlab default cpu s': fixed(best.cpuSeconds, 2),
      'quorumlab default states/s': Math.round(best.states / Math.max(best.cpuSeconds, 1e-9)),
      'default time ratio (ql/spin)': best.exhaustive && plain.verdict !== 'inconclusive' ? fixed(best.cpuSeconds / Math.max(plain.cpuSeconds, 1e-9), 2) : '-',
      'rate ratio (spin/ql)': fixed(spinRate / Math.max(oursRate, 1e-9), 2),
      runs: `${ours.runs} ql, ${plain.runs} spin`,
      'same verdict': ours.verdict === 'inconclusive' || plain.verdict === 'inconclusive' ? '-' : ours.verdict === plain.verdict ? 'yes' : 'NO',
      'same states': bothDone ? (ours.states === plain.states ? 'yes' : 'NO') : '-',
    });
  }
  return {
    title,
    columns: [
      'N',
      'quorumlab verdict',
      'quorumlab states',
      'quorumlab cpu s',
      'quorumlab states/s',
      'spin verdict',
      'spin states',
      'spin cpu s',
      'spin states/s',
      'spin+por verdict',
      'spin+por states',
      'spin+por cpu s',
      'spin+por states/s',
      'compile s',
      'time ratio (ql/spin)',
      'quorumlab default states',
      'quorumlab default cpu s',
      'quorumlab default states/s',
      'default time ratio (ql/spin)',
      'rate ratio (spin/ql)',
      'same verdict',
      'same states',
      'runs',
    ],
    rows,
    notes: [
      'each search runs up to 3 times when it finishes quickly; times are the medians (SPIN compiled once per setting)',
      'spin: spin -o2 -a; gcc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=8192; ./pan -m10000 -w24 (spin+por: without -DNOREDUCE); compile time not counted',
      'the Promela state space is in bijection with quorumlab\'s (symmetry and reduction off): equal "states" when both finish',
      'quorumlab default: symmetry and partial-order reduction on, as `quorumlab check` runs; its time ratio is to plain SPIN for the same verdict',
      'one Promela process whose every step is a d_step: partial-order reduction has nothing to reduce',
      'times and rates are CPU seconds; a row cut by the budget compares rates, not times',
    ],
  };
}
