/**
 * Breadth-first search with worker threads, level by level: workers expand states and send
 * back their successors' fingerprints; the main thread owns the one visited table and
 * merges the results in parent-id order, so state ids, counts, verdicts and counterexamples
 * are exactly those of the one-thread search.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Model } from '../model.ts';
import type { CheckOptions, CheckResult, Progress } from '../result.ts';
import { GrowableByteWriter } from '../byte-writer.ts';
import { check, checkWith, type SearchPlan } from '../check.ts';
import { ExplorerError } from '../errors.ts';
import { fingerprintWriter } from '../_internals/fingerprint.ts';
import { stateEncoder } from '../_internals/encoder.ts';
import { growableU32 } from '../_internals/growable.ts';
import { ModelCalls, modelFault } from '../_internals/model-calls.ts';
import { MAX_FLAGGED, PropertyChecks } from '../_internals/property-checks.ts';
import { RecordedSearch } from '../_internals/recorded-search.ts';
import { NO_PARENT, StateRecords } from '../_internals/state-records.ts';
import { progressOf, StopGuard } from '../_internals/stop-guard.ts';
import { selectProperties, type SearchRecord } from '../_internals/assemble.ts';
import type { ModelSource } from './model-source.ts';
import type { FromWorker, RoundResult, ToWorker, WorkerFault, WorkerSetup } from './protocol.ts';

/** Options of a parallel search: a search's options plus how many workers. */
export interface ParallelCheckOptions extends CheckOptions {
  /** Worker threads; default {@link defaultWorkers}. 1 runs the one-thread search. */
  readonly workers?: number;
  /** States per round (a round is one id range of a level, split among the workers); default 4096. */
  readonly roundStates?: number;
}

/**
 * The default number of workers: 1 on a machine with at most 2 cores, else its core count.
 *
 * Why 1 on 2 cores (measured on a shared 2-core machine, load 7-17): each worker spends
 * about 0.7 s of CPU loading the TypeScript model, which dominates the many checks that take
 * a second or less; and on long searches 2 workers gained little or nothing: on the bench
 * configuration with a 30 s budget, 0.94x to 1.33x the one-thread states per wall second
 * across N = 3..7, and on N=3 with 150,000 states 18-21 s against 13-18 s for one thread,
 * with 10-40% more CPU in all (the main thread's merge runs beside the workers). More cores
 * were not available to measure; `workers` still chooses.
 */
export function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores <= 2 ? 1 : cores;
}

/**
 * The worker's script, resolved when a worker starts (not when this module loads: the explorer
 * page bundles the engine for a browser, where `import.meta.url` is not a file's URL).
 */
function workerUrl(): URL {
  return new URL('./worker.js', import.meta.url);
}

/** A worker's error: its message, and where a model function failed when that was the cause. */
class WorkerFailure extends ExplorerError {
  constructor(
    message: string,
    readonly fault: WorkerFault | undefined,
  ) {
    super('EXP_INTERNAL', `search worker: ${message}`);
  }
}

/** One worker thread and its replies to come, in request order. */
class SearchWorker {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (r: RoundResult) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;
  private terminating = false;
  readonly ready: Promise<void>;

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(workerUrl(), { workerData: setup });
    this.ready = new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        if (this.terminating) return;
        this.failure = error;
        reject(error);
        for (const w of this.waiting.splice(0)) w.reject(error);
      };
      this.worker.on('message', (message: FromWorker) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'error') fail(new WorkerFailure(message.message, message.fault));
        else this.waiting.shift()?.resolve(message);
      });
      this.worker.on('error', (error) => { fail(error); });
      this.worker.on('exit', (code) => { fail(new ExplorerError('EXP_INTERNAL', `search worker exited with code ${code}`)); });
    });
    // The failure is reported through `round` or `ready`; do not let it go unhandled here.
    this.ready.catch(() => undefined);
  }

  send(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  round(message: Extract<ToWorker, { kind: 'round' }>): Promise<RoundResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<RoundResult>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.send(message, message.keeps.flatMap((k) => [k.keep.buffer as ArrayBuffer, k.keepIds.buffer as ArrayBuffer]));
    });
  }

  async terminate(): Promise<void> {
    this.terminating = true;
    await this.worker.terminate();
  }
}

/**
 * Check `model` with `workers` threads, each loading its own copy from `source` (which must
 * build the same model). Falls back to the one-thread {@link check} when it cannot help or
 * cannot keep the one-thread answer ({@link oneThreadReason} says why): one worker, DFS or
 * random, liveness properties (they need the explored graph's edges), or more than
 * {@link MAX_FLAGGED} properties at once.
 *
 * The answer is the one-thread search's, partial-order reduction included: the same state and
 * transition counts, depth, verdicts and counterexample traces (merging follows the
 * one-thread discovery order, and the reduction's proviso is applied by the main thread,
 * which has the visited set). Both run through the same `checkWith`; only the engine differs.
 * Limits are checked between rounds, so a time limit may be overrun by one round.
 */
export async function checkParallel<S, A>(
  model: Model<S, A>,
  source: ModelSource,
  options: ParallelCheckOptions = {},
): Promise<CheckResult<S, A>> {
  if (oneThreadReason(model, options) !== null) return check(model, options);
  const workerCount = options.workers ?? defaultWorkers();
  const roundStates = Math.max(1, options.roundStates ?? 4096);
  return checkWith(model, options, (plan) => searchInParallel(plan, source, workerCount, roundStates));
}

/** The parallel engine: start the workers, run one level search, stop the workers. */
async function searchInParallel<S, A>(plan: SearchPlan<S, A>, source: ModelSource, workerCount: number, roundStates: number): Promise<SearchRecord<S>> {
  const setup: WorkerSetup = {
    source,
    symmetry: plan.symmetry,
    reduction: plan.reduction !== null,
    invariants: plan.invariants.map((p) => p.name),
    witnesses: plan.witnesses.map((p) => p.name),
  };
  const workers = Array.from({ length: workerCount }, () => new SearchWorker(setup));
  try {
    await Promise.all(workers.map((w) => w.ready));
    const search = new LevelSearch(plan, workers, roundStates);
    await search.run();
    return search;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Why {@link checkParallel} would run the one-thread search for `options`, in a few words, or
 * null when it runs its workers. A caller can tell its user before the search starts.
 */
export function oneThreadReason<S, A>(model: Model<S, A>, options: ParallelCheckOptions = {}): string | null {
  const workers = options.workers ?? defaultWorkers();
  if (workers <= 1) return `${workers} worker asked for`;
  const strategy = options.strategy ?? 'bfs';
  if (strategy !== 'bfs') return `workers apply to BFS only (the strategy is ${strategy})`;
  const properties = selectProperties(model, options.properties, options.deadlock === true);
  const liveness = properties.filter((p) => p.kind === 'eventually' || p.kind === 'always-eventually').map((p) => p.name);
  // Liveness is judged on the explored graph's edges, which the workers do not send back.
  if (liveness.length > 0) return `liveness properties (${liveness.join(', ')}) are judged by the one-thread search`;
  if (properties.length > MAX_FLAGGED) return `workers check at most ${MAX_FLAGGED} properties at once (${properties.length} asked for)`;
  return null;
}

/**
 * The main thread's side of a level-synchronous search: the one visited set and the parent
 * links (`StateRecords`), the limits (`StopGuard`) and the findings (`PropertyChecks`), as the
 * one-thread search keeps them; the workers expand.
 */
class LevelSearch<S, A> extends RecordedSearch<S> implements SearchRecord<S> {
  readonly records: StateRecords;
  readonly guard: StopGuard;
  readonly checks: PropertyChecks<S>;
  transitions = 0;
  reducedStates = 0;
  /** The table keeps fingerprints only, so a trace's states are checked as visited, not by id. */
  readonly exactIds = false;

  private readonly calls: ModelCalls<S, A>;
  private readonly writer = new GrowableByteWriter();
  private readonly fp = new Int32Array(2);
  private keep: ReturnType<typeof growableU32>[];
  private keepIds: ReturnType<typeof growableU32>[];
  private nextRound = 0;
  /** Keep lists (per worker) of the rounds merged and not yet sent, oldest first. */
  private readonly merged: { round: number; keep: Uint32Array[]; keepIds: Uint32Array[] }[] = [];
  /** Round numbers of the requests sent and not yet merged, oldest first. */
  private readonly roundOf: number[] = [];
  /** Each worker's heap bytes, as of its last round. */
  private readonly workerHeapBytes: number[];
  /** Whether some worker's heap passed its ceiling, as of its last round. */
  private workerNearCeiling = false;

  constructor(
    private readonly plan: SearchPlan<S, A>,
    private readonly workers: readonly SearchWorker[],
    private readonly roundStates: number,
  ) {
    super();
    const { model } = plan;
    this.calls = new ModelCalls(model, stateEncoder(model, plan.symmetry ? (model.symmetry ?? null) : null));
    this.guard = new StopGuard(plan.limits, plan.shouldStop, plan.timeOrigin);
    this.records = new StateRecords(this.guard, { depthTags: plan.reduction !== null, maxStates: plan.limits.maxStates });
    this.checks = new PropertyChecks(this.calls as ModelCalls<S, unknown>, plan);
    this.keep = workers.map(() => growableU32());
    this.keepIds = workers.map(() => growableU32());
    this.workerHeapBytes = workers.map(() => 0);
  }


  fingerprint(state: S, out: Int32Array): void {
    const writer = this.writer;
    writer.reset();
    this.calls.encode(state, writer);
    fingerprintWriter(writer, out);
  }

  async run(): Promise<void> {
    const { guard, records } = this;
    const maxDepth = this.plan.limits.maxDepth ?? Infinity;
    guard.start();

    // Initial states: discovered here in init order, then dealt out round-robin.
    const initIndices = this.workers.map(() => [] as number[]);
    const initIds = this.workers.map(() => [] as number[]);
    let init = -1;
    try {
      const inits = this.calls.initialStates();
      for (init = 0; init < inits.length && !guard.stopped; init++) {
        const state = inits[init];
        this.fingerprint(state, this.fp);
        const id = records.record(this.fp[0], this.fp[1], NO_PARENT, init, 0);
        if (id < 0) continue;
        if (this.checks.recordFlags(this.checks.flags(state), id, this.fp[0], this.fp[1])) guard.stop('decided');
        initIndices[id % this.workers.length].push(init);
        initIds[id % this.workers.length].push(id);
      }
    } catch (error) {
      throw this.calls.fault(error, this.calls.call === 'init' ? null : { initIndex: init, actionIndices: [] }, this.faultProperty(this.calls.property));
    }
    this.workers.forEach((w, k) => { w.send({ kind: 'adopt-init', indices: Uint32Array.from(initIndices[k]), ids: Uint32Array.from(initIds[k]) }); });

    let levelStart = 0;
    let levelEnd = this.states;
    let depth = 0;
    while (!guard.stopped && levelEnd > levelStart) {
      if (depth >= maxDepth) {
        const results = await this.round(levelEnd, true);
        if (results.some((r) => r.enabled > 0)) this.depthCut = true;
        break;
      }
      // Pipelined: the workers expand the next id range while this thread merges the last one.
      // A level's last range is merged before the next level starts (its new states must be
      // handed out first).
      let bound = Math.min(levelEnd, levelStart + this.roundStates);
      let inFlight = this.round(bound, false);
      while (!guard.stopped) {
        const results = await inFlight;
        const more = bound < levelEnd;
        if (more) {
          bound = Math.min(levelEnd, bound + this.roundStates);
          inFlight = this.round(bound, false);
          // Abandoned if this merge stops the search; the workers are terminated then.
          inFlight.catch(() => undefined);
        }
        this.merge(results, depth + 1);
        let otherBytes = 0;
        for (const bytes of this.workerHeapBytes) otherBytes += bytes;
        guard.poll(otherBytes, this.workerNearCeiling);
        if (this.plan.onProgress !== undefined && guard.progressDue()) this.plan.onProgress(this.progress(levelEnd - bound));
        if (!more) break;
      }
      levelStart = levelEnd;
      levelEnd = this.states;
      depth++;
    }
    guard.tick();
    this.plan.onProgress?.(this.progress(0));
  }

  private progress(queue: number): Progress {
    return progressOf(this.states, this.transitions, this.records.maxDepth, queue, this.guard.seconds);
  }

  private faultProperty(index: number): { property?: string } {
    const property = this.calls.call === 'property' ? this.checks.nameAt(index) : undefined;
    return property === undefined ? {} : { property };
  }

  /** A worker's failure: a model fault rebuilt here with the steps to where it happened, else the worker's error. */
  private workerFailure(error: unknown): unknown {
    if (!(error instanceof WorkerFailure) || error.fault === undefined) return error;
    const { fault } = error;
    const path = this.records.pathTo(fault.stateId);
    const site = fault.onSuccessor ? { initIndex: path.initIndex, actionIndices: [...path.actionIndices, fault.actionIndex] } : path;
    const withAction = !fault.onSuccessor && fault.actionIndex >= 0 && (fault.call === 'next' || fault.call === 'fairness');
    return modelFault(this.plan.model, fault.call, fault.detail, site, {
      ...(withAction ? { actionIndex: fault.actionIndex } : {}),
      ...(fault.property !== undefined ? { property: fault.property } : {}),
    });
  }

  /** Ask every worker for the next round, handing over the keep lists of the rounds merged since the last request. */
  private round(bound: number, probe: boolean): Promise<RoundResult[]> {
    const round = this.nextRound++;
    const merged = this.merged.splice(0);
    const rounds = this.workers.map((w, k) => {
      const keeps = merged.map((m) => ({ round: m.round, keep: m.keep[k], keepIds: m.keepIds[k] }));
      return w.round({ kind: 'round', round, keeps, bound, probe });
    });
    this.roundOf.push(round);
    return Promise.all(rounds).catch((error: unknown) => {
      throw this.workerFailure(error);
    });
  }

  /** Merge the workers' results in ascending parent id, as the one-thread search discovers them. */
  private merge(results: readonly RoundResult[], depth: number): void {
    this.workerNearCeiling = false;
    results.forEach((r, k) => {
      this.workerHeapBytes[k] = r.heapBytes;
      if (r.nearCeiling) this.workerNearCeiling = true;
    });
    this.mergeRound(results, depth);
    // Hand the keep lists over as this round's (copies: the growable buffers are reused).
    const round = this.roundOf.shift() as number;
    this.merged.push({
      round,
      keep: this.keep.map((g) => g.data.slice(0, g.length)),
      keepIds: this.keepIds.map((g) => g.data.slice(0, g.length)),
    });
    for (const g of [...this.keep, ...this.keepIds]) g.length = 0;
  }

  private mergeRound(results: readonly RoundResult[], depth: number): void {
    const { guard, records } = this;
    const reduced = this.plan.reduction !== null;
    const w = results.length;
    const parentAt = new Array<number>(w).fill(0);
    const successorAt = new Array<number>(w).fill(0);
    const lanes = results.map((r) => new Int32Array(r.fingerprints.buffer, r.fingerprints.byteOffset, r.fingerprints.length));
    for (;;) {
      let k = -1;
      let best = Infinity;
      for (let j = 0; j < w; j++) {
        const at = parentAt[j];
        if (at < results[j].parents.length && results[j].parents[at] < best) {
          best = results[j].parents[at];
          k = j;
        }
      }
      if (k < 0) return;
      const r = results[k];
      const sent = r.sent[parentAt[k]];
      const first = successorAt[k];
      const fps = lanes[k];
      const index = parentAt[k];
      const ample = reduced ? r.ample[index] : -1;
      successorAt[k] += sent;
      parentAt[k]++;
      if (ample >= 0) {
        // As the one-thread search: the ample successor alone, when the proviso allows it.
        let s = first;
        while (r.actions[s] !== ample) s++;
        if (records.amplePasses(fps[2 * s], fps[2 * s + 1], depth - 1, 'depth')) {
          this.transitions++;
          this.reducedStates++;
          this.discover(r, k, s, fps, best, depth);
          if (guard.stopped) return;
          continue;
        }
      }
      // Successors a worker did not send were sent before: known, but transitions all the same.
      let counted = 0;
      for (let s = first; s < first + sent; s++) {
        const action = r.actions[s];
        this.transitions += action + 1 - counted;
        counted = action + 1;
        this.discover(r, k, s, fps, best, depth);
        if (guard.stopped) return;
      }
      this.transitions += r.counts[index] - counted;
    }
  }

  /** Record successor `s` of worker `k`'s round `r`; when new, keep it and record its findings. */
  private discover(r: RoundResult, k: number, s: number, fps: Int32Array, parent: number, depth: number): void {
    const hi = fps[2 * s];
    const lo = fps[2 * s + 1];
    const id = this.records.record(hi, lo, parent, r.actions[s], depth);
    if (id < 0) return;
    this.keep[k].push(s);
    this.keepIds[k].push(id);
    if (this.checks.recordFlags(r.flags[s], id, hi, lo)) this.guard.stop('decided');
  }

  /** Whether `state` was visited: 0 when it was, -1 when not (ids are not kept per fingerprint). */
  visitedId(state: S): number {
    this.fingerprint(state, this.fp);
    return this.records.table.has(this.fp[0], this.fp[1]) ? 0 : -1;
  }
}
