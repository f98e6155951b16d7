/**
 * Parallel breadth-first search over worker threads, and the model-source descriptor the
 * workers load their model from.
 */
export { checkParallel, defaultWorkers, oneThreadReason, type ParallelCheckOptions } from './check-parallel.ts';
export { importModule, loadModel, type ModelSource } from './model-source.ts';
