/**
 * The consistency checkers: each judges a `History` of client operations and returns a
 * `CheckOutcome` naming the first operation that breaks its property.
 */
export { INITIAL_VALUE, precedes } from './history.ts';
export type { CheckOutcome, History, HistoryOp, OpStatus } from './history.ts';
export { describeOp, describeInvocation, clientName, valueName, readReturned } from './describe-op.ts';
export type { OpNames } from './describe-op.ts';
export { checkStaleRead } from './stale-read.ts';
export { checkLinearizable } from './linearizable.ts';
export { checkReadYourWrites, checkMonotonicReads } from './session.ts';
export { checkAvailability } from './availability.ts';
