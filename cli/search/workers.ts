/**
 * How many search workers `check` uses: `--workers K` (default {@link defaultWorkers}), and
 * one whenever the parallel search cannot run what was asked (DFS or random, liveness
 * properties, a model no worker can load). A user who typed `--workers` is told in one line
 * why one is used; a default that falls back says nothing.
 */
import { type Model, defaultWorkers, oneThreadReason, type ModelSource, type Strategy } from '../../explorer/index.ts';
import { ok, type Result } from '../errors.ts';

/** What the search was asked for, as far as the number of workers goes. */
export interface WorkerRequest {
  /** `--workers`, or undefined for the default. */
  readonly asked: number | undefined;
  readonly strategy: Strategy;
  readonly properties: readonly string[];
  /** Where a worker loads the model from; undefined when it cannot. */
  readonly source: ModelSource | undefined;
}

/** The workers a search runs with. */
export interface WorkerPlan {
  /** 1 (the one-thread search) or more (the parallel search). */
  readonly workers: number;
  /** Set when `workers` > 1. */
  readonly source: ModelSource | null;
  /** One line for stderr saying why `--workers K` was not followed, or null. */
  readonly note: string | null;
}

/** The workers for `request` on `model`. */
export function planWorkers<S, A>(model: Model<S, A>, request: WorkerRequest): Result<WorkerPlan> {
  const count = request.asked ?? defaultWorkers();
  const explicit = request.asked !== undefined;
  const one = (why: string | null): Result<WorkerPlan> =>
    ok({ workers: 1, source: null, note: explicit && why !== null ? `note: --workers ${count}: ${why}; searching with one worker` : null });
  if (count <= 1) return one(null);
  if (request.source === undefined) return one(`model '${model.name}' cannot be loaded by a worker thread`);
  const reason = oneThreadReason(model, { workers: count, strategy: request.strategy, properties: request.properties });
  if (reason !== null) return one(reason);
  return ok({ workers: count, source: request.source, note: null });
}
