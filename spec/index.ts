/**
 * The public spec API: client scripts, the quorum config, the quorum model (readable and packed),
 * its reductions and inductive invariants, the consistency checkers and the named scenarios.
 */
export type { ClientOp, ClientScript } from './cluster/ops.ts';
export { parseOps, formatOps } from './cluster/ops.ts';
export type { QuorumConfig } from './protocols/config.ts';
export { defaultConfig, validateConfig } from './protocols/config.ts';
export type { QuorumAction, QuorumState } from './protocols/quorum-model.ts';
export { quorumModel } from './protocols/quorum-model.ts';
export { QUORUM_PROPERTIES, QUORUM_PROPERTY_RULES, HISTORY_PROPERTIES, homeReplicasAgree, type QuorumPropertyName, type QuorumPropertyRule } from './protocols/properties.ts';
export { RESOLUTION_RULES, RESOLVE_NAMES, type ResolutionRule, type ResolveName } from './protocols/resolution.ts';
export type { Fraction, OverlapReport, QuorumPair } from './protocols/overlap.ts';
export { overlap, staleProbability, kStaleProbability, MAX_OVERLAP_REPLICAS } from './protocols/overlap.ts';
export type { Scenario } from './scenarios/index.ts';
export { scenarios, findScenario } from './scenarios/index.ts';
export * from './consistency/index.ts';
export { enumerateCuts } from './faults/partition.ts';
export { EXHAUSTIVE_LIMIT, inductionSupport, quorumStateSpace } from './induction/domain.ts';
export { INVARIANT_NAMES, firstBrokenClause, quorumInvariants, staleReadProperty, type InvariantName, type QuorumInvariant } from './induction/invariants.ts';
export { describeQuorumState } from './induction/words.ts';
export { packedQuorumModel, type PackedAction, type PackedState } from './packed/model.ts';
export { packedSurface, type PackedMessage } from './reductions/packed-surface.ts';
export { planRules, quotientSearch, type QuotientArgument, type QuotientSearch } from './reductions/quotients.ts';
