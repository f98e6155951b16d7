/**
 * The explorer's public API: the search (one thread or parallel workers), trace replay, and
 * the contract types.
 */
export { check } from './check.ts';
export { DEFAULT_ORBIT_SAMPLE as DEFAULT_SYMMETRY_SAMPLE } from './_internals/orbit-sample.ts';
export { replay } from './replay.ts';
export { simulate, type SimulateOptions } from './simulate.ts';
export { checkParallel, defaultWorkers, loadModel, type ModelSource, type ParallelCheckOptions } from './parallel/index.ts';
export { ExplorerError, ModelFault, type ExplorerErrorCode, type FaultSite, type ModelCall } from './errors.ts';
export { GrowableByteWriter } from './byte-writer.ts';
export { StructuralEncoder, MAX_ENCODING_DEPTH } from './structural-encoder.ts';
export { modelEncoder, type Encode } from './model-encoder.ts';
export { DEADLOCK_PROPERTY, deadlockProperty, propertiesWithDeadlock } from './deadlock.ts';
export { strictModel, StrictSpecError } from './strict-model.ts';
export { FingerprintTable, type FingerprintTableOptions } from './fingerprint-table.ts';
export type { ByteWriter, JsonValue, LaneDescription, Model, ModelDescription, PartialOrderReduction, Property, WordStates } from './model.ts';
export type {
  CheckOptions,
  CheckResult,
  Limits,
  Progress,
  PropertyResult,
  Stats,
  Strategy,
  SymmetryFactor,
  Trace,
  Verdict,
} from './result.ts';
export type { ChartEvent, ChartMarks, FinalRow, LaneFinals, LaneSet, LaneSetMember, MessageTone, StepDescription } from './describe.ts';
export { checkInductive, formatCount, type InductResult, type InductStep, type Invariant } from './induct.ts';
export { faultCallName } from './errors.ts';
export { oneThreadReason } from './parallel/check-parallel.ts';
export { importModule } from './parallel/model-source.ts';
// What the command reports of a search's workings (memory limits, the collision probability of a
// lost search) and what the benchmarks measure (the fingerprint), kept in _internals otherwise.
export { collisionProbability } from './_internals/assemble.ts';
export { fingerprintWriter } from './_internals/fingerprint.ts';
export { HEAP_CEILING_SHARE, YOUNG_GENERATION_BYTES, effectiveMemoryLimit, formatBytes } from './_internals/stop-guard.ts';
