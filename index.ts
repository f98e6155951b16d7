/**
 * quorumlab as a library: the types a spec is written against, and the engine's entry points.
 *
 * A spec in the user's own project types itself with `import type { Model } from 'quorumlab'`
 * and is checked with `npx quorumlab check ./my-spec.ts`; a test suite runs the same check with
 * `await check('./my-spec.ts', { maxStates: 1e6 })` (or `check(model)`), which resolves to the
 * object `check --json` prints. The package's `exports` map points here (declarations in `dist/`, built by
 * `npm run build`); `index.js` loads this file through tsx, as the command loads its sources.
 */
export type {
  ByteWriter,
  CheckOptions,
  CheckResult,
  JsonValue,
  LaneDescription,
  Limits,
  Model,
  ModelDescription,
  PartialOrderReduction,
  Property,
  PropertyResult,
  Stats,
  Strategy,
  StepDescription,
  Trace,
  Verdict,
} from './explorer/index.ts';
export { ExplorerError, StructuralEncoder, type ExplorerErrorCode } from './explorer/index.ts';
export { check, CheckError, errorCodes, type CheckFlagOptions, type CheckJson, type CheckJsonTrace, type ErrorCode } from './cli/index.ts';
