/**
 * quorumlab as a library: the types a spec is written against, and the engine's entry points.
 *
 * A spec in the user's own project types itself with `import type { Model } from 'quorumlab'`
 * and is checked with `npx quorumlab check ./my-spec.ts`; a test suite can run the same check
 * in-process. The package's `exports` map points here (declarations in `dist/`, built by
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
