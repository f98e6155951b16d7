/**
 * The command's public surface for other code: `check` as a library call (the pipeline of
 * `quorumlab check --json`), its options, its result and its error.
 */
export { check, CheckError, type CheckFlagOptions } from './api/check.ts';
export type { CheckJson, CheckJsonTrace } from './format/check-report.ts';
export { errorCodes, type ErrorCode } from './errors.ts';
