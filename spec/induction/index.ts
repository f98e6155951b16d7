/**
 * Inductive invariants of the quorum model: the bounded domain of well-formed states (a
 * fast-check arbitrary and, when small, an exhaustive enumerator) and the candidate invariants,
 * from the stale-read property alone to the quorum-intersection argument that proves it.
 */
export { EXHAUSTIVE_LIMIT, domainSize, enumerateQuorumStates, inductionSupport, quorumStateArbitrary, quorumStateSpace, writeVersion } from './domain.ts';
export { INVARIANT_NAMES, firstBrokenClause, quorumInvariants, staleReadProperty, wellFormedProblem, type Clause, type InvariantName, type QuorumInvariant } from './invariants.ts';
export { describeQuorumState } from './words.ts';
