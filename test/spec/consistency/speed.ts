/**
 * Throughput of the consistency checkers on histories shaped like the model's: run with
 * `npx tsx test/spec/consistency/speed.ts`. A measurement script, not a test: nothing here
 * asserts on time. Figures are the median of five CPU-time samples per row.
 */
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import type { CheckOutcome, History } from '../../../spec/consistency/history.ts';
import { checkAvailability } from '../../../spec/consistency/availability.ts';
import { checkLinearizable } from '../../../spec/consistency/linearizable.ts';
import { checkMonotonicReads, checkReadYourWrites } from '../../../spec/consistency/session.ts';
import { checkStaleRead } from '../../../spec/consistency/stale-read.ts';
import { timedHistoryArb, toHistory } from './timed-history.ts';

/** One measured checker on one family of histories. */
export interface SpeedRow {
  readonly checker: string;
  readonly histories: string;
  readonly callsPerSecond: number;
  readonly nanosPerCall: number;
  readonly violatedShare: number;
}

const checkers: readonly [string, (h: History) => CheckOutcome][] = [
  ['stale-read', checkStaleRead],
  ['linearizable', checkLinearizable],
  ['read-your-writes', checkReadYourWrites],
  ['monotonic-reads', checkMonotonicReads],
  ['availability', checkAvailability],
];

/** A write then reads, all sequential: the longest hot-path history with no violation. */
function sequential(length: number): History {
  return Array.from({ length }, (_, id) => {
    const kind = id % 2 === 0 ? ('write' as const) : ('read' as const);
    const value = Math.floor(id / 2) + 1;
    return { id, client: id % 3, kind, value, status: 'ok' as const, after: id === 0 ? 0 : (1 << id) - 1 };
  });
}

/**
 * CPU time per call (user + system, this process only), so time spent descheduled on a
 * shared machine is not counted. Batches of ~2000 calls keep the clock reads out of it.
 */
function cpuNanosPerCall(check: (h: History) => CheckOutcome, histories: readonly History[], seconds: number): number {
  const rounds = Math.max(1, Math.ceil(2000 / histories.length));
  const budget = seconds * 1e6;
  const start = process.cpuUsage();
  let calls = 0;
  let micros = 0;
  while (micros < budget) {
    for (let k = 0; k < rounds; k++) for (const h of histories) check(h);
    calls += rounds * histories.length;
    const used = process.cpuUsage(start);
    micros = used.user + used.system;
  }
  return (micros * 1000) / calls;
}

/** Measures every checker on random 8-operation histories and on sequential 8- and 31-operation ones. */
export function measureCheckers(seconds = 1): SpeedRow[] {
  const random = fc
    .sample(timedHistoryArb({ clients: 3, maxOps: 8, maxValue: 3, siblings: true }), { numRuns: 2000, seed: 42 })
    .map(toHistory);
  const families: readonly [string, readonly History[]][] = [
    ['random, 3 clients, <= 8 ops', random],
    ['sequential, 8 ops', [sequential(8)]],
    ['sequential, 31 ops', [sequential(31)]],
  ];
  const rows: SpeedRow[] = [];
  for (const [familyName, histories] of families) {
    for (const [name, check] of checkers) {
      let violated = 0;
      for (const h of histories) if (!check(h).ok) violated++;
      const samples = Array.from({ length: 5 }, () => cpuNanosPerCall(check, histories, seconds / 5)).sort((a, b) => a - b);
      const nanos = samples[2];
      rows.push({ checker: name, histories: familyName, callsPerSecond: Math.round(1e9 / nanos), nanosPerCall: Math.round(nanos), violatedShare: violated / histories.length });
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(measureCheckers());
}
