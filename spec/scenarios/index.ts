/**
 * Named configurations that tell the article's story: the bank under a storm, strict and
 * sloppy quorums, first-reply resolution, clock skew, ABD, and the W/R trade-off.
 */
import type { ClientScript } from '../cluster/ops.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import { defaultConfig } from '../protocols/config.ts';

/** A named configuration with the properties it is meant to be checked against. */
export interface Scenario {
  /** The name on the command line, e.g. `bank`. */
  readonly name: string;
  /** A one-line title. */
  readonly title: string;
  /** What the scenario shows and what verdict to expect, in a few sentences. */
  readonly description: string;
  readonly config: QuorumConfig;
  /** The properties checked by default. */
  readonly properties: readonly string[];
}

const write = (value: number): ClientScript[number] => ({ kind: 'write', value });
const read: ClientScript[number] = { kind: 'read' };

/** A write by client 1 then a read by client 2: the classic stale-read setting. */
const writeThenRead: readonly ClientScript[] = [[write(1)], [read]];

/** The scenarios, in the order `quorumlab` lists them. */
export const scenarios: readonly Scenario[] = [
  {
    name: 'bank',
    title: 'The bank: five branches, a storm, and a withdrawal',
    description:
      'Five branches hold the account (N=5, W=R=3). A storm cuts branches 1 and 2 off from branches 3, 4 and 5. ' +
      'A customer at branch 1 withdraws $60 (the balance becomes $40); a clerk at branch 4 checks the balance. ' +
      'In cp mode (the default) the cut-off side refuses: no stale balance, but no service (availability violated). ' +
      'With --mode ap the withdrawal is accepted locally with hints for the other branches, and branch 4 still shows $100 (stale-read violated).',
    config: {
      ...defaultConfig,
      n: 5,
      w: 3,
      r: 3,
      ops: writeThenRead,
      mode: 'cp',
      handoff: true,
      partitions: 1,
      clientSites: [0, 3],
      partitionCut: [0, 1],
      names: {
        nodes: ['Branch 1', 'Branch 2', 'Branch 3', 'Branch 4', 'Branch 5'],
        clients: ['Customer', 'Clerk'],
        values: { 0: '$100', 1: '$40' },
        partition: 'storm',
      },
    },
    properties: ['stale-read', 'availability'],
  },
  {
    name: 'strict',
    title: 'Strict quorum, W + R > N, one partition',
    description: 'N=3, W=2, R=2, last-write-wins, one partition. Every read quorum meets every write quorum: stale-read holds.',
    config: { ...defaultConfig, partitions: 1 },
    properties: ['stale-read'],
  },
  {
    name: 'first-reply',
    title: 'The first reply wins',
    description:
      'As strict, but the read answers with the first reply it gets instead of the newest. The quorums still meet, ' +
      'yet a stale replica that answers first wins: stale-read is violated.',
    config: { ...defaultConfig, resolve: 'first', partitions: 1 },
    properties: ['stale-read'],
  },
  {
    name: 'sloppy-ghost',
    title: 'The sloppy-quorum ghost',
    description:
      'N=3, W=2, R=2 with one spare, sloppy quorum and hinted handoff. A partition cuts R2 and R3 (with client 2) off ' +
      'from R1, the spare S1 and client 1. Client 1 writes: R2 and R3 are unreachable, so the spare stands in for R2 and ' +
      'stores the write with a hint; with R1 that makes W=2 acks, and the write succeeds. Client 2 then reads from the ' +
      'real replicas R2 and R3, which never saw it. W + R > N on paper, but the write quorum {R1, S1} and the read ' +
      'quorum {R2, R3} share no replica: the overlap was a ghost. With --quorum strict the write cannot reach W home ' +
      'replicas and stale-read holds.',
    config: { ...defaultConfig, spares: 1, quorum: 'sloppy', handoff: true, partitions: 1, clientSites: [0, 1], partitionCut: [1, 2] },
    properties: ['stale-read'],
  },
  {
    name: 'new-old-inversion',
    title: 'Clock skew makes last-write-wins keep the older write',
    description:
      'Wall-clock versions with one tick of skew. Client 2 writes 2; afterwards client 1, whose clock runs one tick ' +
      'behind, writes 1 with a timestamp that ties and loses. Last-write-wins keeps the older 2, and client 3 reads it: stale-read is violated.',
    config: { ...defaultConfig, ops: [[write(1)], [write(2)], [read]], clock: 'wall', skew: 1 },
    properties: ['stale-read'],
  },
  {
    name: 'abd',
    title: 'ABD: read repair before answering makes reads linearizable',
    description:
      'N=3, W=2, R=2, a writer and a reader that reads twice. With synchronous read repair (write the value back to a ' +
      'quorum before answering) the history is linearizable; with --read-repair off the two reads can see new then old.',
    config: { ...defaultConfig, ops: [[write(1)], [read, read]], readRepair: 'sync' },
    properties: ['linearizable'],
  },
  {
    name: 'tunable-w1-rn',
    title: 'Tunable consistency: W=1, R=N',
    description: 'N=3, W=1, R=3 with a partition, a lost message and a crash: every read asks every replica, so stale-read holds (reads wait).',
    config: { ...defaultConfig, w: 1, r: 3, partitions: 1, drops: 1, crashes: 1 },
    properties: ['stale-read'],
  },
  {
    name: 'tunable-wn-r1',
    title: 'Tunable consistency: W=N, R=1',
    description: 'N=3, W=3, R=1 with a partition, a lost message and a crash: a write completes only on every replica, so stale-read holds (writes wait).',
    config: { ...defaultConfig, w: 3, r: 1, partitions: 1, drops: 1, crashes: 1 },
    properties: ['stale-read'],
  },
  {
    name: 'tunable-balanced',
    title: 'Tunable consistency: W=2, R=2',
    description: 'N=3, W=2, R=2 with a partition, a lost message and a crash: majorities always meet, so stale-read holds.',
    config: { ...defaultConfig, w: 2, r: 2, partitions: 1, drops: 1, crashes: 1 },
    properties: ['stale-read'],
  },
];

/** The scenario named `name`, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
