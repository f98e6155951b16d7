/**
 * The quorum configuration a `check` runs: a base (a scenario's, or the default) with the
 * explicitly given flags laid over it, then validated by the model's own rules.
 */
import { validateConfig, type QuorumConfig, formatOps } from '../../spec/index.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { CheckFlags } from './check-flags.ts';

/**
 * Lays `flags.overrides` over `base` and validates the result. `baseName` says where the base
 * came from (`scenario bank`, `the default configuration`), for messages about a knob the user
 * did not type.
 */
export function mergeConfig(base: QuorumConfig, baseName: string, flags: Pick<CheckFlags, 'overrides' | 'overrideFlags'>): Result<QuorumConfig> {
  const config: QuorumConfig = { ...base, ...flags.overrides };
  for (const key of ['w', 'r'] as const) {
    const value = config[key];
    if (Number.isInteger(value) && value >= 1 && value <= config.n) continue;
    const flag = flags.overrideFlags.get(key);
    if (flag !== undefined) return fail('QL111', `${flag} must be between 1 and N=${config.n} (got ${value})`);
    return fail('QL111', `${key.toUpperCase()}=${value} from ${baseName} needs N >= ${value}, but --n is ${config.n}`);
  }
  // Scenario extras name nodes and clients by index: they only fit the cluster they were made for.
  const extras = dropStaleExtras(config, base);
  const problem = validateConfig(extras);
  if (problem !== null) return fail('QL111', `invalid configuration (${describeSource(baseName, flags)}): ${problem}`);
  return ok(extras);
}

function describeSource(baseName: string, flags: Pick<CheckFlags, 'overrideFlags'>): string {
  const given = [...flags.overrideFlags.values()];
  return given.length === 0 ? baseName : `${baseName} with ${given.join(' ')}`;
}

/**
 * Scenario extras (client sites, a fixed cut, display names) index nodes and clients; when the
 * user changes the cluster's shape or the scripts, they no longer fit and are dropped rather
 * than silently pointing at the wrong node.
 */
function dropStaleExtras(config: QuorumConfig, base: QuorumConfig): QuorumConfig {
  const sameNodes = config.n === base.n && config.spares === base.spares;
  const sameClients = config.ops.length === base.ops.length;
  const { clientSites, partitionCut, names, ...rest } = config;
  const kept: { -readonly [K in keyof QuorumConfig]: QuorumConfig[K] } = { ...rest };
  if (clientSites !== undefined && sameNodes && sameClients) kept.clientSites = clientSites;
  if (partitionCut !== undefined && sameNodes) kept.partitionCut = partitionCut;
  if (names !== undefined) {
    const keptNames: { -readonly [K in keyof NonNullable<QuorumConfig['names']>]: NonNullable<QuorumConfig['names']>[K] } = {};
    // The scenario's word for a partition fits any shape of its cluster.
    if (names.partition !== undefined) keptNames.partition = names.partition;
    if (names.nodes !== undefined && sameNodes) keptNames.nodes = names.nodes;
    // A client's lane says where it sits ("Clerk at Branch 4"): its name goes when its site goes.
    const sitesKept = clientSites === undefined || kept.clientSites !== undefined;
    if (names.clients !== undefined && sameClients && sitesKept) keptNames.clients = names.clients;
    if (names.values !== undefined && formatOps(config.ops) === formatOps(base.ops)) keptNames.values = names.values;
    if (Object.keys(keptNames).length > 0) kept.names = keptNames;
  }
  return kept;
}

/** The configuration in one line, as the summary prints it: `N=3 W=2 R=2 strict lww logical ...`. */
export function configLine(config: QuorumConfig): string {
  const parts = [
    `N=${config.n}`,
    `W=${config.w}`,
    `R=${config.r}`,
    ...(config.spares > 0 ? [`spares=${config.spares}`] : []),
    config.quorum,
    config.resolve,
    config.clock,
    `read-repair=${config.readRepair}`,
    ...(config.handoff ? ['handoff'] : []),
    ...(config.antiEntropy ? ['anti-entropy'] : []),
    `mode=${config.mode}`,
    `ops=${formatOps(config.ops)}`,
    ...(config.partitions > 0 ? [`partitions=${config.partitions}`] : []),
    ...(config.drops > 0 ? [`drops=${config.drops}`] : []),
    ...(config.crashes > 0 ? [`crashes=${config.crashes}${config.stateLoss ? ' (state loss)' : ''}`] : []),
    ...(config.skew > 0 ? [`skew=${config.skew}`] : []),
  ];
  return parts.join(' ');
}
