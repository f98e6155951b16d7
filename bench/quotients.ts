/**
 * The quotients' section of `npm run bench`: the same checks with the quotients on (as `check`
 * runs them) and off (`--quotient off`), side by side, on the packed quorum model with symmetry
 * and partial-order reduction on. Rows: the partition factor (states with one partition over
 * states without) where the theorem removes the partition and where a property observes it;
 * `w1;w2;r` with a partition and a crash at N=3 and N=5; the five-branch bank, both sides.
 */
import { check, type CheckResult, type Model } from '../explorer/index.ts';
import {
  parseOps,
  packedQuorumModel,
  defaultConfig,
  type QuorumConfig,
  packedSurface,
  planRules,
  quotientSearch,
  findScenario,
} from '../spec/index.ts';
import type { BenchCell, BenchSection } from './section.ts';

/** Options of the section. */
export interface QuotientBenchOptions {
  /** Time budget per search (default 60 s). */
  readonly rowSeconds?: number;
}

/** One measured search. */
interface Measured {
  readonly verdict: string;
  readonly exhaustive: boolean;
  readonly states: number;
  readonly depth: number;
  readonly cpuSeconds: number;
  /** Per property: its verdict and counterexample length. */
  readonly outcome: string;
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

async function measure<S, A>(model: Model<S, A>, properties: readonly string[], rowSeconds: number): Promise<Measured> {
  const before = cpuSeconds();
  const result: CheckResult<S, A> = await check(model, { properties, limits: { timeoutSeconds: rowSeconds } });
  return {
    verdict: result.verdict,
    exhaustive: result.exhaustive,
    states: result.stats.states,
    depth: result.stats.depth,
    cpuSeconds: cpuSeconds() - before,
    outcome: result.results.map((r) => `${r.property} ${r.verdict}${r.trace === null ? '' : ` (${r.trace.actions.length})`}`).join(', '),
  };
}

function config(ops: string, overrides: Partial<QuorumConfig>): QuorumConfig {
  const parsed = parseOps(ops);
  if (!parsed.ok) throw new Error(parsed.error);
  return { ...defaultConfig, ...overrides, ops: parsed.scripts };
}

/** A check measured with the quotients on and off. */
interface Row {
  readonly name: string;
  readonly config: QuorumConfig;
  readonly properties: readonly string[];
}

const bankScenario = findScenario('bank');
if (bankScenario === undefined) throw new Error("bench: the scenario 'bank' is gone");
const bank = bankScenario.config;

const ROWS: readonly Row[] = [
  { name: 'N=3 w1;w2;r, no fault', config: config('w1;w2;r', {}), properties: ['stale-read'] },
  { name: 'N=3 w1;w2;r, 1 partition', config: config('w1;w2;r', { partitions: 1 }), properties: ['stale-read'] },
  { name: 'N=3 w1;w2;r, no fault, + availability', config: config('w1;w2;r', {}), properties: ['stale-read', 'availability'] },
  { name: 'N=3 w1;w2;r, 1 partition, + availability', config: config('w1;w2;r', { partitions: 1 }), properties: ['stale-read', 'availability'] },
  { name: 'N=3 w1;w2;r, 1 partition, 1 crash', config: config('w1;w2;r', { partitions: 1, crashes: 1 }), properties: ['stale-read'] },
  { name: 'N=5 W=R=3 w1;w2;r, 1 partition, 1 crash', config: config('w1;w2;r', { n: 5, w: 3, r: 3, partitions: 1, crashes: 1 }), properties: ['stale-read'] },
  { name: 'N=3 w1;w2;r, 1 partition, 1 crash, + availability', config: config('w1;w2;r', { partitions: 1, crashes: 1 }), properties: ['stale-read', 'availability'] },
  { name: 'N=3 w1,r;r, 1 partition (an early timeout)', config: config('w1,r;r', { partitions: 1 }), properties: ['stale-read'] },
  { name: 'bank (cp)', config: bank, properties: ['stale-read', 'availability'] },
  { name: 'bank (ap)', config: { ...bank, mode: 'ap' }, properties: ['stale-read', 'availability'] },
];

const fixed = (x: number, digits: number): number => Number(x.toFixed(digits));

function statesCell(m: Measured): BenchCell {
  return m.exhaustive ? m.states : `>${m.states} (depth ${m.depth})`;
}

/** Each row with the quotients on and off; then the partition factors the rows give. */
export async function quotientBench(options: QuotientBenchOptions = {}): Promise<BenchSection> {
  const rowSeconds = options.rowSeconds ?? 60;
  const rows: Record<string, BenchCell>[] = [];
  const byName = new Map<string, { on: Measured; off: Measured }>();
  for (const row of ROWS) {
    const quotient = quotientSearch(row.config, row.properties, packedSurface);
    const on = quotient === null ? null : await measure(quotient.model, row.properties, rowSeconds);
    const off = await measure(packedQuorumModel(row.config), row.properties, rowSeconds);
    const used = on ?? off;
    byName.set(row.name, { on: used, off });
    rows.push({
      check: row.name,
      properties: row.properties.join(', '),
      rules: quotient === null ? '-' : planRules(quotient.plan).join(', '),
      verdict: used.exhaustive || used.verdict === 'violated' ? used.outcome : used.verdict,
      states: statesCell(used),
      'cpu s': fixed(used.cpuSeconds, 2),
      'states (off)': statesCell(off),
      'cpu s (off)': fixed(off.cpuSeconds, 2),
      'states factor': used.exhaustive && off.exhaustive ? fixed(off.states / used.states, 2) : off.exhaustive ? '-' : `>${fixed(off.states / used.states, 2)}`,
      'same verdicts': used.exhaustive && off.exhaustive ? (used.outcome === off.outcome ? 'yes' : 'NO') : '-',
    });
  }
  const factor = (withFault: string, without: string, side: 'on' | 'off'): string => {
    const row = (name: string): { on: Measured; off: Measured } => {
      const found = byName.get(name);
      if (found === undefined) throw new Error(`bench: no row '${name}'`);
      return found;
    };
    const a = row(withFault)[side];
    const b = row(without)[side];
    return a.exhaustive && b.exhaustive ? `${fixed(a.states / b.states, 2)}` : `>${fixed(a.states / b.states, 2)}`;
  };
  return {
    title: `quotients on (as check runs) and off (--quotient off): packed quorum model, symmetry and partial-order reduction on, strict lww/logical unless named; ${rowSeconds} s per search`,
    columns: ['check', 'properties', 'rules', 'verdict', 'states', 'cpu s', 'states (off)', 'cpu s (off)', 'states factor', 'same verdicts'],
    rows,
    notes: [
      `partition factor, stale-read (the partition only delays): ${factor('N=3 w1;w2;r, 1 partition', 'N=3 w1;w2;r, no fault', 'on')} with the quotients, ${factor('N=3 w1;w2;r, 1 partition', 'N=3 w1;w2;r, no fault', 'off')} without`,
      `partition factor, stale-read and availability (a timeout observes it): ${factor('N=3 w1;w2;r, 1 partition, + availability', 'N=3 w1;w2;r, no fault, + availability', 'on')} with the quotients, ${factor('N=3 w1;w2;r, 1 partition, + availability', 'N=3 w1;w2;r, no fault, + availability', 'off')} without`,
      'verdict: each property with its counterexample length; "same verdicts" compares them with the search without quotients where both finished',
      'states factor: states without the quotients over states with them (">": the search without them did not finish in the budget)',
      'cpu s: user + system time of the search, one thread',
    ],
  };
}
