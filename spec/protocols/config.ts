/**
 * The knobs of the quorum model: cluster size, quorums, how versions are made and reads
 * resolved, which repair mechanisms run, the availability mode and the fault budgets.
 */
import type { ClientScript } from '../cluster/ops.ts';
import { RESOLUTION_RULES, RESOLVE_NAMES, type ResolutionRule, type ResolveName } from './resolution.ts';

/** Everything that defines one quorum model instance. */
export interface QuorumConfig {
  /** Home replicas (the preference list R1..RN). */
  readonly n: number;
  /** Write quorum: acks a write waits for. */
  readonly w: number;
  /** Read quorum: replies a read waits for. */
  readonly r: number;
  /** Spare nodes (S1..SS) that stand in for unreachable home replicas under a sloppy quorum. */
  readonly spares: number;
  /** One script per client. */
  readonly ops: readonly ClientScript[];
  /** `strict`: only home replicas count; `sloppy`: spares stand in, holding hints. */
  readonly quorum: 'strict' | 'sloppy';
  /** How a read picks its answer among the replies. */
  readonly resolve: ResolveName;
  /** How writes are versioned. */
  readonly clock: 'logical' | 'wall' | 'vclock';
  /** Read repair: none, fire-and-forget after answering, or write-back before answering (ABD). */
  readonly readRepair: 'off' | 'async' | 'sync';
  /** Hinted handoff: spares send hinted writes home once the home replica is reachable. */
  readonly handoff: boolean;
  /** Anti-entropy: connected home replicas whose contents differ merge by version. */
  readonly antiEntropy: boolean;
  /** `quorum`: wait (and maybe time out); `cp`: refuse when the strict quorum is unreachable; `ap`: never refuse. */
  readonly mode: 'quorum' | 'cp' | 'ap';
  /** How many partitions may happen. */
  readonly partitions: number;
  /** How many in-flight messages may be lost. */
  readonly drops: number;
  /** How many crashes may happen. */
  readonly crashes: number;
  /** Whether a crashed node loses its data. */
  readonly stateLoss: boolean;
  /** How many times a client's wall clock may be moved back one tick. */
  readonly skew: number;
  /** Scenario extras (optional): the node each client sits beside (partitions put a client on its node's side), a fixed partition cut, display names for nodes, clients and values. */
  readonly clientSites?: readonly number[];
  readonly partitionCut?: readonly number[];
  readonly names?: {
    readonly nodes?: readonly string[];
    readonly clients?: readonly string[];
    readonly values?: Readonly<Record<number, string>>;
    /** The scenario's word for a partition, e.g. `storm`. */
    readonly partition?: string;
  };
}

/** The default configuration: N=3, W=2, R=2, no spares, ops `w1;r`, strict, lww, logical clocks, no repair, quorum mode, no faults. */
export const defaultConfig: QuorumConfig = {
  n: 3,
  w: 2,
  r: 2,
  spares: 0,
  ops: [[{ kind: 'write', value: 1 }], [{ kind: 'read' }]],
  quorum: 'strict',
  resolve: 'lww',
  clock: 'logical',
  readRepair: 'off',
  handoff: false,
  antiEntropy: false,
  mode: 'quorum',
  partitions: 0,
  drops: 0,
  crashes: 0,
  stateLoss: false,
  skew: 0,
};

/** Upper bounds that keep the state's small-integer fields in range. */
const MAX_NODES = 15;
const MAX_CLIENTS = 8;
const MAX_OPS_PER_CLIENT = 15;
const MAX_BUDGET = 15;

/** One line naming the problem and the accepted values, or null when the config is valid (W, R in 1..N; spares >= 0; budgets >= 0; sloppy needs spares > 0 or ap mode; vclock resolve needs vclock clock; ...). */
export function validateConfig(config: QuorumConfig): string | null {
  const isInt = (x: number): boolean => Number.isInteger(x);
  if (!isInt(config.n) || config.n < 1) return `n must be an integer >= 1 (got ${config.n})`;
  if (!isInt(config.w) || config.w < 1 || config.w > config.n) return `w must be an integer in 1..${config.n} (N) (got ${config.w})`;
  if (!isInt(config.r) || config.r < 1 || config.r > config.n) return `r must be an integer in 1..${config.n} (N) (got ${config.r})`;
  if (!isInt(config.spares) || config.spares < 0) return `spares must be an integer >= 0 (got ${config.spares})`;
  if (config.n + config.spares > MAX_NODES) return `n + spares must be at most ${MAX_NODES} (got ${config.n + config.spares})`;
  if (config.ops.length < 1) return 'ops must name at least one client script, e.g. "w1;r"';
  if (config.ops.length > MAX_CLIENTS) return `at most ${MAX_CLIENTS} clients (got ${config.ops.length})`;
  for (let c = 0; c < config.ops.length; c++) {
    if (config.ops[c].length > MAX_OPS_PER_CLIENT) return `client ${c + 1} has ${config.ops[c].length} ops; at most ${MAX_OPS_PER_CLIENT}`;
    for (const op of config.ops[c]) {
      if (op.kind === 'write' && (!isInt(op.value) || op.value < 1 || op.value > 255)) {
        return `client ${c + 1} writes ${op.value}; written values must be integers in 1..255`;
      }
    }
  }
  const totalOps = config.ops.reduce((sum, script) => sum + script.length, 0);
  // The history's real-time order is a 31-bit mask of operation ids.
  if (totalOps > 31) return `at most 31 operations in all scripts together (got ${totalOps})`;
  const budgets: [string, number][] = [
    ['partitions', config.partitions],
    ['drops', config.drops],
    ['crashes', config.crashes],
    ['skew', config.skew],
  ];
  for (const [name, value] of budgets) {
    if (!isInt(value) || value < 0 || value > MAX_BUDGET) return `${name} must be an integer in 0..${MAX_BUDGET} (got ${value})`;
  }
  if (!['strict', 'sloppy'].includes(config.quorum)) return `quorum must be one of strict, sloppy (got ${config.quorum})`;
  if (!RESOLVE_NAMES.includes(config.resolve)) return `resolve must be one of ${RESOLVE_NAMES.join(', ')} (got ${config.resolve})`;
  if (!['logical', 'wall', 'vclock'].includes(config.clock)) return `clock must be one of logical, wall, vclock (got ${config.clock})`;
  if (!['off', 'async', 'sync'].includes(config.readRepair)) return `readRepair must be one of off, async, sync (got ${config.readRepair})`;
  if (!['quorum', 'cp', 'ap'].includes(config.mode)) return `mode must be one of quorum, cp, ap (got ${config.mode})`;
  if (config.mode === 'cp' && config.quorum === 'sloppy') {
    // cp refuses an operation whose strict quorum is unreachable; a sloppy quorum would answer it from spares instead.
    return 'mode cp refuses without a strict quorum, which a sloppy quorum contradicts: use quorum strict with mode cp (or mode ap, which never refuses)';
  }
  if (config.quorum === 'sloppy' && config.spares === 0 && config.mode !== 'ap') {
    return 'a sloppy quorum needs spares > 0 (or mode ap, where the reachable home replicas hold hints)';
  }
  const rule: ResolutionRule = RESOLUTION_RULES[config.resolve];
  if (!rule.clocks.includes(config.clock)) {
    if (config.clock === 'vclock') {
      const fits = RESOLVE_NAMES.filter((name) => (RESOLUTION_RULES[name] as ResolutionRule).clocks.includes('vclock'));
      return `clock vclock has no total order for ${config.resolve}: use resolve ${fits.join(', ')}`;
    }
    return `resolve ${config.resolve} needs clock ${rule.clocks.join(' or ')} (got clock ${config.clock})`;
  }
  if (config.skew > 0 && config.clock !== 'wall') return 'skew moves wall clocks: it needs clock wall';
  if (config.clientSites !== undefined) {
    if (config.clientSites.length !== config.ops.length) return `clientSites must name one node per client (${config.ops.length}), got ${config.clientSites.length}`;
    for (const site of config.clientSites) {
      if (!isInt(site) || site < 0 || site >= config.n + config.spares) return `clientSites entries must be node indices in 0..${config.n + config.spares - 1} (got ${site})`;
    }
  }
  if (config.partitionCut !== undefined) {
    const total = config.n + config.spares;
    if (config.partitionCut.length === 0 || config.partitionCut.length >= total) return `partitionCut must name between 1 and ${total - 1} nodes (one side of the cut)`;
    const seen = new Set<number>();
    for (const node of config.partitionCut) {
      if (!isInt(node) || node < 0 || node >= total) return `partitionCut entries must be node indices in 0..${total - 1} (got ${node})`;
      if (seen.has(node)) return `partitionCut names node ${node} twice`;
      seen.add(node);
    }
  }
  return null;
}
