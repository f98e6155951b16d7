/**
 * Facts about a configuration that every transition needs, computed once: the node and client
 * counts, the partitions worth enumerating, and who can reach whom in a state.
 */
import type { Message } from '../cluster/network.ts';
import { connected } from '../cluster/network.ts';
import { enumerateCuts } from '../faults/partition.ts';
import { isUp } from '../faults/crash.ts';
import type { QuorumConfig } from './config.ts';
import type { QuorumState } from './state.ts';

/** Precomputed facts about a config that every transition needs. */
export interface Topology {
  readonly config: QuorumConfig;
  /** Home replicas + spares. */
  readonly nodes: number;
  readonly clientCount: number;
  /** Every partition worth enumerating. */
  readonly cuts: readonly number[];
}

/** The topology of a (valid) config. */
export function topology(config: QuorumConfig): Topology {
  const nodes = config.n + config.spares;
  return {
    config,
    nodes,
    clientCount: config.ops.length,
    cuts: enumerateCuts(nodes, config.ops.length, config.clientSites, config.partitionCut),
  };
}

/** The endpoint number of client `c`. */
export function clientEndpoint(t: Topology, c: number): number {
  return t.nodes + c;
}

/** Whether client `c` can talk to `node` now: same side of any partition, and the node up. */
export function canReach(t: Topology, s: QuorumState, c: number, node: number): boolean {
  return isUp(s, node) && connected(s.cut, clientEndpoint(t, c), node);
}

/** Whether message `m` can be delivered now: its endpoints connected and a node receiver up. */
export function deliverable(t: Topology, s: QuorumState, m: Message): boolean {
  if (!connected(s.cut, m.from, m.to)) return false;
  return m.to >= t.nodes || isUp(s, m.to);
}
