/**
 * Network partitions: the network splits along a cut (a bitmask over the endpoints: nodes,
 * then clients; 1 marks one side) and later heals. Which cuts are worth enumerating, their
 * canonical form, and the two fault actions.
 */
import type { QuorumState } from '../protocols/state.ts';

/** The network splits along `cut`. */
export interface PartitionAction {
  readonly kind: 'partition';
  readonly cut: number;
}

/** The network is whole again. */
export interface HealAction {
  readonly kind: 'heal';
}

/** The cut with endpoint 0 on side 0, so a partition and its mirror image are one value. */
export function canonicalCut(cut: number, endpoints: number): number {
  if (cut === 0 || (cut & 1) === 0) return cut;
  return ~cut & (2 ** endpoints - 1);
}

/**
 * Every partition worth enumerating, as cut bitmasks over the endpoints (nodes 0..M-1, then
 * clients). Both sides hold at least one node: isolating only clients from every node adds
 * nothing the interleavings (messages waiting) do not already show, except timeouts, which a
 * one-node side shows too. Node 0 is on side 0 so a split and its mirror are counted once.
 * A client with a site follows its node; a client without one takes either side, so every
 * placement is enumerated. With a fixed cut only that node split is used.
 */
export function enumerateCuts(nodes: number, clients: number, sites?: readonly number[], fixedCut?: readonly number[]): readonly number[] {
  const nodeMasks: number[] = [];
  if (fixedCut !== undefined) {
    let mask = 0;
    for (const n of fixedCut) mask |= 1 << n;
    nodeMasks.push(mask);
  } else {
    for (let mask = 2; mask < 2 ** nodes; mask += 2) nodeMasks.push(mask);
  }
  const cuts: number[] = [];
  for (const nodeMask of nodeMasks) {
    if (sites !== undefined) {
      let cut = nodeMask;
      for (let c = 0; c < clients; c++) if ((nodeMask >>> sites[c]) & 1) cut |= 1 << (nodes + c);
      cuts.push(canonicalCut(cut, nodes + clients));
    } else {
      for (let placement = 0; placement < 2 ** clients; placement++) {
        cuts.push(canonicalCut(nodeMask | (placement << nodes), nodes + clients));
      }
    }
  }
  return [...new Set(cuts)];
}

const HEAL: HealAction = { kind: 'heal' };
// Actions are immutable values: a partition budget enables one action per cut in every state
// with the network whole, so they are built once per cut list.
const PARTITIONS = new WeakMap<readonly number[], readonly PartitionAction[]>();

function partitionActions(cuts: readonly number[]): readonly PartitionAction[] {
  let actions = PARTITIONS.get(cuts);
  if (actions === undefined) {
    actions = cuts.map((cut) => ({ kind: 'partition', cut }));
    PARTITIONS.set(cuts, actions);
  }
  return actions;
}

/** Appends the partition and heal actions enabled in `s`: a split while the network is whole and budget is left, else a heal. */
export function partitionActionsEnabled(cuts: readonly number[], s: QuorumState, out: { push(action: PartitionAction | HealAction): unknown }): void {
  if (s.cut === 0 && s.partitionsLeft > 0) for (const action of partitionActions(cuts)) out.push(action);
  if (s.cut !== 0) out.push(HEAL);
}

/** The state after the network splits along `cut`. */
export function applyPartition(s: QuorumState, cut: number): QuorumState {
  return { ...s, cut, partitionsLeft: s.partitionsLeft - 1 };
}

/** The state after the network heals. */
export function applyHeal(s: QuorumState): QuorumState {
  return { ...s, cut: 0 };
}
