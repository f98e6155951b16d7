/**
 * Explorer throughput on a synthetic model with a closed-form state count, against the raw
 * insert rate of the fingerprint table alone (the ceiling for the search loop).
 */
import { check, FingerprintTable, GrowableByteWriter, type Model, fingerprintWriter } from '../explorer/index.ts';
import { median, type BenchSection } from './section.ts';

/** Options of the explorer benchmark. */
export interface ExplorerBenchOptions {
  /** Values per dimension of the 4-D grid (each coordinate in 0..side-1); default 40: 2,560,000 states. */
  readonly side?: number;
  /** Runs per measurement; the median is reported. Default 3. */
  readonly runs?: number;
}

const DIMENSIONS = 4;
/** Coordinates are packed 8 bits each into one number: the state is a plain integer. */
const BITS = 8;

/**
 * A 4-D counter grid: each coordinate counts up to `side - 1`. Reachable states: side^4,
 * transitions: 4 * side^3 * (side - 1). The action lists are precomputed per set of enabled
 * directions, so the model itself allocates nothing per state.
 */
export function grid4Model(side: number): Model<number, number> {
  if (side < 1 || side > 1 << BITS) throw new RangeError(`side must be in 1..${1 << BITS}`);
  const byMask: number[][] = [];
  for (let mask = 0; mask < 1 << DIMENSIONS; mask++) {
    const enabled: number[] = [];
    for (let d = 0; d < DIMENSIONS; d++) if (mask & (1 << d)) enabled.push(d);
    byMask.push(enabled);
  }
  const top = side - 1;
  return {
    name: `grid4-${side}`,
    init: () => [0],
    actions: (s) => {
      let mask = 0;
      for (let d = 0; d < DIMENSIONS; d++) if (((s >>> (d * BITS)) & 0xff) < top) mask |= 1 << d;
      return byMask[mask];
    },
    next: (s, d) => s + (1 << (d * BITS)),
    encode: (s, out) => { out.u32(s); },
    properties: [],
  };
}

/** The grid's far corner: every coordinate at `side - 1`. */
function top4(side: number): number {
  let s = 0;
  for (let d = 0; d < DIMENSIONS; d++) s += (side - 1) * 2 ** (d * BITS);
  return s;
}

/** CPU seconds (user + system) of this process so far: steadier than wall time on a shared machine. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Fingerprints of the same states the explorer visits, computed up front. */
function gridFingerprints(side: number): Int32Array {
  const count = side ** DIMENSIONS;
  const fingerprints = new Int32Array(count * 2);
  const writer = new GrowableByteWriter();
  const fp = new Int32Array(2);
  let i = 0;
  for (let a = 0; a < side; a++)
    for (let b = 0; b < side; b++)
      for (let c = 0; c < side; c++)
        for (let d = 0; d < side; d++) {
          writer.reset();
          writer.u32(a | (b << 8) | (c << 16) | (d << 24));
          fingerprintWriter(writer, fp);
          fingerprints[i++] = fp[0];
          fingerprints[i++] = fp[1];
        }
  return fingerprints;
}

/** Measure the explorer and the bare table; throws if the explorer's state count is wrong. */
export async function explorerBench(options: ExplorerBenchOptions = {}): Promise<BenchSection> {
  const side = options.side ?? 40;
  const runs = options.runs ?? 3;
  const expectedStates = side ** DIMENSIONS;
  const expectedTransitions = DIMENSIONS * side ** (DIMENSIONS - 1) * (side - 1);
  const model = grid4Model(side);

  // Every maximal path ends in the far corner, a dead end: "eventually at the corner" holds,
  // and checking it makes the search record every edge for the liveness analysis.
  const corner = top4(side);
  const livenessModel: Model<number, number> = {
    ...model,
    properties: [{ name: 'reaches-corner', kind: 'eventually', check: (s) => s === corner }],
  };
  const variants = {
    bfs: { model, strategy: 'bfs' },
    dfs: { model, strategy: 'dfs' },
    liveness: { model: livenessModel, strategy: 'bfs' },
  } as const;
  type Variant = keyof typeof variants;
  const searchSeconds: Record<Variant, number[]> = { bfs: [], dfs: [], liveness: [] };
  const searchCpu: Record<Variant, number[]> = { bfs: [], dfs: [], liveness: [] };
  const peakBytes: Record<Variant, number> = { bfs: 0, dfs: 0, liveness: 0 };
  let bytesPerState = 0;
  for (let run = 0; run < runs; run++) {
    for (const variant of Object.keys(variants) as Variant[]) {
      const { model: checked, strategy } = variants[variant];
      const cpuBefore = cpuSeconds();
      const result = await check(checked, { strategy });
      searchCpu[variant].push(cpuSeconds() - cpuBefore);
      if (result.stats.states !== expectedStates || result.stats.transitions !== expectedTransitions) {
        throw new Error(
          `${variant}: explored ${result.stats.states} states / ${result.stats.transitions} transitions, ` +
            `expected ${expectedStates} / ${expectedTransitions}`,
        );
      }
      if (result.verdict !== 'holds') throw new Error(`${variant}: verdict ${result.verdict}, expected holds`);
      searchSeconds[variant].push(result.stats.seconds);
      peakBytes[variant] = Math.max(peakBytes[variant], result.stats.peakMemoryBytes);
      bytesPerState = result.stats.bytesPerState;
    }
  }

  const fingerprints = gridFingerprints(side);
  const tableSeconds: number[] = [];
  const tableCpu: number[] = [];
  let tableBytesPerState = 0;
  for (let run = 0; run < runs; run++) {
    const table = new FingerprintTable();
    const started = performance.now();
    const cpuBefore = cpuSeconds();
    for (let i = 0; i < fingerprints.length; i += 2) table.add(fingerprints[i], fingerprints[i + 1]);
    tableCpu.push(cpuSeconds() - cpuBefore);
    tableSeconds.push((performance.now() - started) / 1000);
    if (table.size !== expectedStates) throw new Error(`table holds ${table.size}, expected ${expectedStates}`);
    tableBytesPerState = table.byteLength / table.size;
  }

  const tableCpuSeconds = median(tableCpu);
  const row = (name: string, seconds: number, cpu: number, perState: number, peak?: number) => ({
    run: name,
    states: expectedStates,
    seconds: Number(seconds.toFixed(3)),
    'states/s': Math.round(expectedStates / seconds),
    'cpu seconds': Number(cpu.toFixed(3)),
    'of table rate (cpu)': `${((100 * tableCpuSeconds) / cpu).toFixed(0)}%`,
    'bytes/state (table)': Number(perState.toFixed(2)),
    'peak heap MB': peak === undefined ? '' : Math.round(peak / 2 ** 20),
  });
  return {
    title: `explorer throughput: 4-D grid, side ${side} (${expectedStates.toLocaleString('en-US')} states), median of ${runs}`,
    columns: [
      'run',
      'states',
      'seconds',
      'states/s',
      'cpu seconds',
      'of table rate (cpu)',
      'bytes/state (table)',
      'peak heap MB',
    ],
    rows: [
      row('check, bfs', median(searchSeconds.bfs), median(searchCpu.bfs), bytesPerState, peakBytes.bfs),
      row('check, dfs', median(searchSeconds.dfs), median(searchCpu.dfs), bytesPerState, peakBytes.dfs),
      row(
        'check, bfs + liveness',
        median(searchSeconds.liveness),
        median(searchCpu.liveness),
        bytesPerState,
        peakBytes.liveness,
      ),
      row('table inserts only', median(tableSeconds), tableCpuSeconds, tableBytesPerState),
    ],
    notes: [
      `state and transition counts asserted against side^4 = ${expectedStates} and 4 side^3 (side-1) = ${expectedTransitions}`,
      'seconds and states/s are wall time; the rate ratio uses CPU time (user + system), steadier on a shared machine',
      '"bfs + liveness" checks an eventually property: every edge is recorded, then an SCC analysis runs',
      'targets: check >= 1/3 of the table insert rate; <= 16 bytes per state in the table',
    ],
  };
}
