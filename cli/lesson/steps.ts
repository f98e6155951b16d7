/**
 * The article's argument as checked steps: each a claim and the `quorumlab` commands that
 * check it, with the verdicts the claim predicts. The configurations are the smallest that
 * still make each point, so the whole lesson runs in seconds.
 */
import type { Verdict } from '../../explorer/index.ts';
import type { RawCheckFlags } from '../args/check-flags.ts';

/** The verdict each property must get for the claim to stand. */
export type Expectation = Readonly<Record<string, Verdict>>;

/** A `quorumlab check` run: target and flags exactly as a reader would type them. */
export interface LessonCheckRun {
  readonly kind: 'check';
  /** Its directory under the step's (unless it is the step's featured check). */
  readonly id: string;
  /** What this run varies, in a few words. */
  readonly says: string;
  readonly target?: string;
  readonly flags: RawCheckFlags;
  readonly expect: Expectation;
  /** The run whose files go straight into the step's directory (its `trace.svg` is the step's diagram). */
  readonly featured?: boolean;
}

/**
 * A `quorumlab overlap` run. Its verdict is that of `quorums-meet`: holds when no write quorum
 * is disjoint from a read quorum. The pigeonhole claim predicts it holds exactly when W + R > N.
 */
export interface LessonOverlapRun {
  readonly kind: 'overlap';
  readonly id: string;
  readonly says: string;
  readonly n: number;
  readonly w: number;
  readonly r: number;
  readonly featured?: boolean;
}

/** One run of a step. */
export type LessonRun = LessonCheckRun | LessonOverlapRun;

/**
 * A step's runs as one table: a row per value of what varies (`N=3`), a column per setting, each
 * cell one run's verdicts; `conclusion` is printed under it when every run checked out as claimed.
 */
export interface LessonTable {
  /** The heading of the row labels' column, e.g. `N`. */
  readonly corner: string;
  /** Each column's heading, e.g. `cp: refuse without a strict quorum`. */
  readonly columns: readonly string[];
  /** Each row: its label and the ids of its runs, one per column. */
  readonly rows: readonly { readonly label: string; readonly runs: readonly string[] }[];
  readonly conclusion: string;
}

/** One step of the lesson. */
export interface LessonStep {
  /** The name on the command line (`quorumlab lesson bank`) and its directory. */
  readonly name: string;
  readonly title: string;
  /** The claim, in a few plain sentences. */
  readonly claim: string;
  readonly runs: readonly LessonRun[];
  /** The runs as one table, when the step compares settings across sizes. */
  readonly table?: LessonTable;
  /** A command that shows more, for the curious (not run by the lesson). */
  readonly seeAlso?: string;
}

/** The property name an overlap run is judged under. */
export const QUORUMS_MEET = 'quorums-meet';

/** The verdicts the pigeonhole argument predicts for an overlap run. */
export function overlapExpectation(run: Pick<LessonOverlapRun, 'n' | 'w' | 'r'>): Expectation {
  return { [QUORUMS_MEET]: run.w + run.r > run.n ? 'holds' : 'violated' };
}

const staleRead = (verdict: Verdict): Expectation => ({ 'stale-read': verdict });

/**
 * When the bank step uses the article's five branches, and when a two-branch stand-in. One
 * place, measured: the five-branch checks (cp, then ap with a sloppy quorum) visit
 * `fiveBranchStates` states between them, and the quorum model checks about `statesPerSecond`
 * states a CPU second inside the lesson on this project's CI machine (two cores of an AMD EPYC,
 * shared; the packed model, symmetry and partial-order reduction on). The step uses five branches
 * when that takes at most `budgetSeconds`, the share of the lesson's 30 s the bank may have. The
 * e2e lesson test pins `fiveBranchStates`, so a model change that moves it must update it here.
 */
export const BANK_SIZE = {
  /** cp 152,172 + ap 221,461 (the lazy faults choose each cut where a step observes it). */
  fiveBranchStates: 373_633,
  /** Measured: the two checks took 7.7 CPU s inside the lesson (3.9 + 6.5 s as separate commands, 1 s of each starting Node). */
  statesPerSecond: 54_000,
  budgetSeconds: 12,
} as const;

/** The bank step's branch count: 5 when `BANK_SIZE` says five branches check fast enough, else 2. */
export const bankBranches: 2 | 5 = BANK_SIZE.fiveBranchStates / BANK_SIZE.statesPerSecond <= BANK_SIZE.budgetSeconds ? 5 : 2;

/** The bank step at the article's size, or shrunk to two branches. */
function bankStep(branches: 2 | 5): LessonStep {
  const size: RawCheckFlags = branches === 5 ? {} : { n: '2', w: '2', r: '1' };
  const properties = ['stale-read', 'availability'];
  const claim =
    branches === 5
      ? 'The article\'s bank: five branches hold the account (N=5, W=3, R=3) and a storm cuts branches 1 and 2 off from 3, 4 and 5. ' +
        'The customer withdraws at branch 1 and a clerk reads the balance at branch 4. CP refuses the withdrawal on the cut-off side: ' +
        'no balance is ever stale, but the customer gets no answer. AP takes it with hints for the branches it cannot reach: ' +
        'every customer is answered, and branch 4 still shows $100.'
      : 'The bank, shrunk to two branches (N=2, W=2, R=1) so it checks in a second, with a storm (a partition). ' +
        'CP refuses the cut-off branch: no balance is ever stale, but the customer gets no answer. ' +
        'AP takes the withdrawal with a hint: every customer is answered, and the other branch shows the old balance.';
  return {
    name: 'bank',
    title: 'The bank under a storm: CP or AP',
    claim,
    runs: [
      {
        kind: 'check',
        id: 'cp',
        says: 'cp: refuse without a strict quorum',
        target: 'bank',
        flags: { ...size, mode: 'cp', property: properties },
        expect: { 'stale-read': 'holds', availability: 'violated' },
      },
      {
        kind: 'check',
        id: 'ap',
        says: 'ap: sloppy quorum and hinted handoff, never refuse',
        target: 'bank',
        flags: { ...size, mode: 'ap', quorum: 'sloppy', handoff: true, property: properties },
        expect: { 'stale-read': 'violated', availability: 'holds' },
        featured: true,
      },
    ],
    seeAlso: branches === 5 ? 'quorumlab cap bank' : 'quorumlab cap bank --n 2 --w 2 --r 1',
  };
}

/** The cluster sizes of the "add more servers" step, each with majority quorums. */
export const MORE_SERVERS_SIZES = [3, 5, 7] as const;

/**
 * The article's "add more servers" claim, checked per size: a storm makes cp refuse a client on
 * the side without a strict quorum (availability violated) and lets ap answer on both sides, so
 * a read on one side misses a write taken on the other (stale-read violated). A counterexample proves a mode
 * gives something up, so ap's is found by seeded random simulation (shrunk), which stays fast at
 * N=7 where a breadth-first search of every storm does not; cp's refusal is two steps deep and
 * found breadth-first.
 */
function moreServersStep(): LessonStep {
  const runs: LessonCheckRun[] = [];
  for (const n of MORE_SERVERS_SIZES) {
    const majority = String(Math.floor(n / 2) + 1);
    const size = { n: String(n), w: majority, r: majority, partitions: '1' };
    runs.push({ kind: 'check', id: `cp-n${n}`, says: `N=${n}, cp`, flags: { ...size, mode: 'cp', property: ['availability'] }, expect: { availability: 'violated' } });
    runs.push({
      kind: 'check',
      id: `ap-n${n}`,
      says: `N=${n}, ap`,
      flags: { ...size, mode: 'ap', quorum: 'sloppy', handoff: true, property: ['stale-read'], strategy: 'random', seed: '1' },
      expect: staleRead('violated'),
      ...(n === 7 ? { featured: true } : {}),
    });
  }
  return {
    name: 'more-servers',
    title: 'Add more servers: the choice stays',
    claim:
      'More replicas do not buy an option C. For N = 3, 5 and 7, with W and R a majority, a storm still splits the cluster: ' +
      'CP refuses a client on the side without a strict quorum (availability violated), and AP answers on both sides, so a read on one ' +
      'side misses a write taken on the other (stale-read violated). At every size each mode gives one of the two up.',
    runs,
    table: {
      corner: 'N',
      columns: ['cp: refuse without a strict quorum', 'ap: sloppy quorum, never refuse'],
      rows: MORE_SERVERS_SIZES.map((n) => ({ label: String(n), runs: [`cp-n${n}`, `ap-n${n}`] })),
      conclusion: 'At every size a storm forces the choice: there is no option C.',
    },
    seeAlso: 'quorumlab cap bank',
  };
}

/** The lesson, in the article's order. */
export const lessonSteps: readonly LessonStep[] = [
  {
    name: 'overlap',
    title: 'The pigeonhole overlap',
    claim:
      'With N=3 replicas, a write quorum of W=2 and a read quorum of R=2 must share a replica: 2 + 2 > 3. ' +
      'With W=1 and R=2 (1 + 2 = 3), some pairs share none, and a read can miss the write entirely.',
    runs: [
      { kind: 'overlap', id: 'w2-r2', says: 'W + R > N', n: 3, w: 2, r: 2, featured: true },
      { kind: 'overlap', id: 'w1-r2', says: 'W + R = N', n: 3, w: 1, r: 2 },
    ],
  },
  {
    name: 'lww-holds',
    title: 'W + R > N with last-write-wins: no stale read',
    claim:
      'N=3, W=2, R=2, last-write-wins: no read returns stale data in any interleaving with a network partition, ' +
      'nor in any with a crash and a lost message. Take one replica from the read (R=1, so W + R = N) and the read can ask only the replica the write skipped: stale.',
    runs: [
      { kind: 'check', id: 'partition', says: 'W=2 R=2, one partition', target: 'strict', flags: {}, expect: staleRead('holds') },
      { kind: 'check', id: 'crash-loss', says: 'W=2 R=2, a crash and a lost message', flags: { crashes: '1', drops: '1' }, expect: staleRead('holds') },
      { kind: 'check', id: 'r1', says: 'W=2 R=1, one partition', target: 'strict', flags: { r: '1' }, expect: staleRead('violated'), featured: true },
    ],
  },
  {
    name: 'first-reply',
    title: 'But not if the read trusts its first reply, or a majority count',
    claim:
      'The quorums still meet, but the read answers with the first reply it gets: a replica the write has not reached yet answers first, ' +
      'and its old value is returned. Counting votes fails too: with N=4, W=2, R=3 the new value can be one vote against two.',
    runs: [
      { kind: 'check', id: 'first', says: 'first reply wins', target: 'first-reply', flags: {}, expect: staleRead('violated'), featured: true },
      { kind: 'check', id: 'majority', says: 'majority of the replies wins', flags: { n: '4', w: '2', r: '3', resolve: 'majority' }, expect: staleRead('violated') },
    ],
  },
  {
    name: 'tunable',
    title: 'The tunable table has one ceiling',
    claim:
      'Under a partition, W=1 R=3 (reads wait for everyone), W=3 R=1 (writes wait for everyone) and W=2 R=2 all keep stale-read; ' +
      'W=1 R=1 does not. Tuning moves the waiting between reads and writes; W + R > N is the line.',
    runs: [
      { kind: 'check', id: 'w1-r3', says: 'W=1 R=3', flags: { w: '1', r: '3', partitions: '1' }, expect: staleRead('holds') },
      { kind: 'check', id: 'w3-r1', says: 'W=3 R=1', flags: { w: '3', r: '1', partitions: '1' }, expect: staleRead('holds') },
      { kind: 'check', id: 'w2-r2', says: 'W=2 R=2, the strict scenario', target: 'strict', flags: {}, expect: staleRead('holds') },
      { kind: 'check', id: 'w1-r1', says: 'W=1 R=1', flags: { w: '1', r: '1', partitions: '1' }, expect: staleRead('violated'), featured: true },
    ],
    seeAlso: 'quorumlab sweep --n 3 --partitions 1 --property stale-read',
  },
  bankStep(bankBranches),
  moreServersStep(),
  {
    name: 'sloppy-ghost',
    title: "The sloppy quorum's ghost overlap",
    claim:
      'A sloppy quorum lets a spare stand in for an unreachable home replica. With N=3, W=2, R=2 and one spare, a partition cuts R2 and R3 off ' +
      'from the writer: the spare S1 stores the write with a hint for R2, and with R1 that makes two acks, so the write succeeds. A reader on the ' +
      'other side asks the real replicas R2 and R3, which never saw it. W + R > N on paper, but the write quorum {R1, S1} and the read quorum ' +
      '{R2, R3} share nothing: the overlap is a ghost. The same cluster with a strict quorum keeps stale-read.',
    runs: [
      { kind: 'check', id: 'sloppy', says: 'sloppy quorum', target: 'sloppy-ghost', flags: {}, expect: staleRead('violated'), featured: true },
      { kind: 'check', id: 'strict', says: 'strict quorum', target: 'sloppy-ghost', flags: { quorum: 'strict' }, expect: staleRead('holds') },
    ],
  },
  {
    name: 'healing',
    title: 'Hinted handoff and anti-entropy converge',
    claim:
      'Once the faults stop, repair brings the replicas together: with hinted handoff and anti-entropy every home replica ends with the same value, ' +
      'even after a partition and a lost message. Without any repair, one lost write leaves a replica behind forever.',
    runs: [
      {
        kind: 'check',
        id: 'repair',
        says: 'hinted handoff and anti-entropy',
        flags: { n: '2', w: '1', r: '1', spares: '1', ops: 'w1', quorum: 'sloppy', handoff: true, antiEntropy: true, partitions: '1', drops: '1', property: ['convergence'] },
        expect: { convergence: 'holds' },
      },
      {
        kind: 'check',
        id: 'no-repair',
        says: 'no repair, a lost message',
        flags: { n: '2', w: '1', r: '1', ops: 'w1', drops: '1', property: ['convergence'] },
        expect: { convergence: 'violated' },
        featured: true,
      },
    ],
  },
  {
    name: 'abd',
    title: "The fix for atomicity: ABD's write-back",
    claim:
      'A reader that reads twice can see the new value and then the old one: each read met the write quorum, yet the history is not linearizable. ' +
      "ABD's second phase fixes it: before answering, a read writes what it read back to a quorum (read repair sync).",
    runs: [
      { kind: 'check', id: 'sync', says: 'read repair sync', target: 'abd', flags: {}, expect: { linearizable: 'holds' } },
      { kind: 'check', id: 'off', says: 'no read repair', target: 'abd', flags: { readRepair: 'off' }, expect: { linearizable: 'violated' }, featured: true },
    ],
  },
];

/** The step named `name`, or undefined. */
export function findLessonStep(name: string): LessonStep | undefined {
  return lessonSteps.find((step) => step.name === name);
}
