/**
 * Breadth-first search with worker threads, level by level: workers expand states and send
 * back their successors' fingerprints; the main thread owns the one visited table and
 * merges the results in parent-id order, so state ids, counts, verdicts and counterexamples
 * are exactly those of the one-thread search.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Model, Property } from '../model.ts';
import type { CheckOptions, CheckResult, PropertyResult } from '../result.ts';
import { GrowableByteWriter } from '../byte-writer.ts';
import { check } from '../check.ts';
import { ExplorerError } from '../errors.ts';
import { FingerprintTable } from '../fingerprint-table.ts';
import { fingerprintWriter } from '../_internals/fingerprint.ts';
import { stateEncoder, type StateEncoder } from '../_internals/encoder.ts';
import { growableU16, growableU32 } from '../_internals/growable.ts';
import { NO_PARENT, type Finding, type StopCause } from '../_internals/search.ts';
import { assembleResult, safetyResults, selectProperties, type SearchRecord } from '../_internals/assemble.ts';
import type { ModelSource } from './model-source.ts';
import type { FromWorker, RoundResult, ToWorker, WorkerSetup } from './protocol.ts';

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

/** Properties a successor's flag byte can carry. */
const MAX_FLAGGED = 8;
const WORKER_URL = new URL('./worker.js', import.meta.url);



/** One worker thread and its replies to come, in request order. */
class SearchWorker {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (r: RoundResult) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;
  private terminating = false;
  readonly ready: Promise<void>;

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(WORKER_URL, { workerData: setup });
    this.ready = new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        if (this.terminating) return;
        this.failure = error;
        reject(error);
        for (const w of this.waiting.splice(0)) w.reject(error);
      };
      this.worker.on('message', (message: FromWorker) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'error') fail(new ExplorerError('EXP_INTERNAL', `search worker: ${message.message}`));
        else this.waiting.shift()?.resolve(message);
      });
      this.worker.on('error', (error) => fail(error));
      this.worker.on('exit', (code) => fail(new ExplorerError('EXP_INTERNAL', `search worker exited with code ${code}`)));
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
 * random, partial-order reduction asked for, liveness properties (they need the explored
 * graph's edges), or more than 8 properties at once. The parallel search does no
 * partial-order reduction: its result says `reduction: false`.
 *
 * The answer is the one-thread search's: the same state and transition counts, depth,
 * verdicts and counterexample traces (merging follows the one-thread discovery order). Limits
 * are checked between rounds, so a time limit may be overrun by one round.
 */
export async function checkParallel<S, A>(
  model: Model<S, A>,
  source: ModelSource,
  options: ParallelCheckOptions = {},
): Promise<CheckResult<S, A>> {
  if (oneThreadReason(model, options) !== null) return check(model, options);
  const workerCount = options.workers ?? defaultWorkers();
  const properties = selectProperties(model, options.properties);
  const invariants = properties.filter((p) => p.kind === 'always');
  const witnesses = properties.filter((p) => p.kind === 'sometimes');
  const symmetry = options.symmetry ?? model.symmetry !== undefined;
  if (symmetry && model.symmetry === undefined) {
    throw new ExplorerError('EXP_BAD_MODEL', `symmetry was requested but model '${model.name}' has no symmetry function`);
  }
  const setup: WorkerSetup = { source, symmetry, invariants: invariants.map((p) => p.name), witnesses: witnesses.map((p) => p.name) };
  const workers = Array.from({ length: workerCount }, () => new SearchWorker(setup));
  try {
    await Promise.all(workers.map((w) => w.ready));
    const search = new LevelSearch(model, workers, invariants, witnesses, symmetry, options);
    await search.run();
    return search.result();
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
  if (options.reduction === true) return 'partial-order reduction runs in the one-thread search';
  const properties = selectProperties(model, options.properties);
  const liveness = properties.filter((p) => p.kind === 'eventually' || p.kind === 'always-eventually').map((p) => p.name);
  // Liveness is judged on the explored graph's edges, which the workers do not send back.
  if (liveness.length > 0) return `liveness properties (${liveness.join(', ')}) are judged by the one-thread search`;
  if (properties.length > MAX_FLAGGED) return `workers check at most ${MAX_FLAGGED} properties at once (${properties.length} asked for)`;
  return null;
}

/** The main thread's side of a level-synchronous search. */
class LevelSearch<S, A> implements SearchRecord<S> {
  readonly table = new FingerprintTable();
  readonly parents = growableU32();
  readonly via = growableU16();
  readonly violations: (Finding | null)[];
  readonly examples: (Finding | null)[];
  transitions = 0;
  maxDepth = 0;
  depthCut = false;
  stopCause: StopCause | null = null;
  seconds = 0;
  peakMemoryBytes = 0;
  /** The table keeps fingerprints only, so a trace's states are checked as visited, not by id. */
  readonly exactIds = false;

  private readonly writer = new GrowableByteWriter();
  private readonly fp = new Int32Array(2);
  private undecided: number;
  private startedAt = 0;
  private keep: ReturnType<typeof growableU32>[];
  private keepIds: ReturnType<typeof growableU32>[];
  private nextRound = 0;
  /** Keep lists (per worker) of the rounds merged and not yet sent, oldest first. */
  private readonly merged: { round: number; keep: Uint32Array[]; keepIds: Uint32Array[] }[] = [];
  /** The bytes fingerprinted for a state (its canonical representative's with symmetry on). */
  private readonly encodeState: StateEncoder<S>;
  /** Round numbers of the requests sent and not yet merged, oldest first. */
  private readonly roundOf: number[] = [];
  /** Each worker's heap bytes, as of its last round. */
  private readonly workerHeapBytes: number[];

  constructor(
    private readonly model: Model<S, A>,
    private readonly workers: readonly SearchWorker[],
    private readonly invariants: readonly Property<S>[],
    private readonly witnesses: readonly Property<S>[],
    private readonly symmetry: boolean,
    private readonly options: ParallelCheckOptions,
  ) {
    this.encodeState = stateEncoder(model, symmetry ? (model.symmetry ?? null) : null);
    this.violations = invariants.map(() => null);
    this.examples = witnesses.map(() => null);
    this.undecided = invariants.length + witnesses.length;
    this.keep = workers.map(() => growableU32());
    this.keepIds = workers.map(() => growableU32());
    this.workerHeapBytes = workers.map(() => 0);
  }

  get states(): number {
    return this.parents.length;
  }

  get exhaustive(): boolean {
    return this.stopCause === null && !this.depthCut;
  }

  fingerprint(state: S, out: Int32Array): void {
    const writer = this.writer;
    writer.reset();
    this.encodeState(state, writer);
    fingerprintWriter(writer, out);
  }

  async run(): Promise<void> {
    const limits = this.options.limits ?? {};
    const maxDepth = limits.maxDepth ?? Infinity;
    const roundStates = Math.max(1, this.options.roundStates ?? 4096);
    this.startedAt = performance.now();
    let lastProgress = this.startedAt;
    this.sampleMemory();

    // Initial states: discovered here in init order, then dealt out round-robin.
    const inits = this.model.init();
    const initIndices = this.workers.map(() => [] as number[]);
    const initIds = this.workers.map(() => [] as number[]);
    for (let i = 0; i < inits.length && this.stopCause === null; i++) {
      const state = inits[i];
      this.fingerprint(state, this.fp);
      const id = this.record(this.fp[0], this.fp[1], NO_PARENT, i, 0);
      if (id < 0) continue;
      this.evaluateHere(state, id);
      initIndices[id % this.workers.length].push(i);
      initIds[id % this.workers.length].push(id);
    }
    this.workers.forEach((w, k) => w.send({ kind: 'adopt-init', indices: Uint32Array.from(initIndices[k]), ids: Uint32Array.from(initIds[k]) }));

    let levelStart = 0;
    let levelEnd = this.states;
    let depth = 0;
    while (this.stopCause === null && levelEnd > levelStart) {
      if (depth >= maxDepth) {
        const results = await this.round(levelEnd, true);
        if (results.some((r) => r.enabled > 0)) this.depthCut = true;
        break;
      }
      // Pipelined: the workers expand the next id range while this thread merges the last one.
      // A level's last range is merged before the next level starts (its new states must be
      // handed out first).
      let bound = Math.min(levelEnd, levelStart + roundStates);
      let inFlight = this.round(bound, false);
      while (this.stopCause === null) {
        const results = await inFlight;
        const more = bound < levelEnd;
        if (more) {
          bound = Math.min(levelEnd, bound + roundStates);
          inFlight = this.round(bound, false);
          // Abandoned if this merge stops the search; the workers are terminated then.
          inFlight.catch(() => undefined);
        }
        this.merge(results, depth + 1);
        const now = performance.now();
        this.seconds = (now - this.startedAt) / 1000;
        this.sampleMemory();
        if (this.stopCause === null) this.checkLimits();
        if (this.options.onProgress !== undefined && now - lastProgress >= 100) {
          lastProgress = now;
          this.options.onProgress(this.progress(levelEnd - bound));
        }
        if (!more) break;
      }
      levelStart = levelEnd;
      levelEnd = this.states;
      depth++;
    }
    this.seconds = (performance.now() - this.startedAt) / 1000;
    this.sampleMemory();
    this.options.onProgress?.(this.progress(0));
  }

  private progress(queue: number) {
    const seconds = this.seconds;
    return {
      states: this.states,
      transitions: this.transitions,
      depth: this.maxDepth,
      queue,
      seconds,
      statesPerSecond: seconds > 0 ? this.states / seconds : 0,
    };
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
    return Promise.all(rounds);
  }

  /** Record the fingerprint `hi:lo`; returns the new id, or -1 when known or when the state limit stops the search. */
  private record(hi: number, lo: number, parent: number, via: number, depth: number): number {
    if (!this.table.add(hi, lo)) return -1;
    const maxStates = this.options.limits?.maxStates;
    if (maxStates !== undefined && this.parents.length >= maxStates) {
      this.stopCause = 'state-limit';
      return -1;
    }
    const id = this.parents.length;
    this.parents.push(parent);
    this.via.push(via);
    if (depth > this.maxDepth) this.maxDepth = depth;
    return id;
  }

  /** Merge the workers' results in ascending parent id, as the one-thread search discovers them. */
  private merge(results: readonly RoundResult[], depth: number): void {
    results.forEach((r, k) => (this.workerHeapBytes[k] = r.heapBytes));
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
      const fps = lanes[k];
      // Successors a worker did not send were sent before: known, but transitions all the same.
      let counted = 0;
      for (let i = 0; i < sent; i++) {
        const s = successorAt[k] + i;
        const action = r.actions[s];
        this.transitions += action + 1 - counted;
        counted = action + 1;
        const id = this.record(fps[2 * s], fps[2 * s + 1], best, action, depth);
        if (this.stopCause !== null) return;
        if (id < 0) continue;
        this.keep[k].push(s);
        this.keepIds[k].push(id);
        this.evaluateFlags(r.flags[s], id, fps[2 * s], fps[2 * s + 1]);
        if (this.stopCause !== null) return;
      }
      this.transitions += r.counts[parentAt[k]] - counted;
      successorAt[k] += sent;
      parentAt[k]++;
    }
  }

  private evaluateHere(state: S, id: number): void {
    let bits = 0;
    this.invariants.forEach((p, i) => {
      if (!p.check(state)) bits |= 1 << i;
    });
    this.witnesses.forEach((p, i) => {
      if (p.check(state)) bits |= 1 << (this.invariants.length + i);
    });
    this.evaluateFlags(bits, id, this.fp[0], this.fp[1]);
  }

  private evaluateFlags(bits: number, id: number, hi: number, lo: number): void {
    if (bits !== 0) {
      for (let p = 0; p < this.invariants.length; p++) {
        if (this.violations[p] === null && ((bits >>> p) & 1) !== 0) {
          this.violations[p] = { id, hi, lo };
          this.undecided--;
        }
      }
      for (let p = 0; p < this.witnesses.length; p++) {
        if (this.examples[p] === null && ((bits >>> (this.invariants.length + p)) & 1) !== 0) {
          this.examples[p] = { id, hi, lo };
          this.undecided--;
        }
      }
    }
    if (this.undecided === 0 && this.invariants.length + this.witnesses.length > 0) this.stopCause = 'decided';
  }

  private checkLimits(): void {
    const limits = this.options.limits ?? {};
    if (limits.timeoutSeconds !== undefined && this.seconds >= limits.timeoutSeconds) this.stopCause = 'time-limit';
    else if (limits.maxMemoryBytes !== undefined && this.peakMemoryBytes > limits.maxMemoryBytes) this.stopCause = 'memory-limit';
    else if (this.options.shouldStop?.() === true) this.stopCause = 'interrupted';
  }

  /** The whole search's memory: this thread's heap and array buffers, and every worker's. */
  private sampleMemory(): void {
    const usage = process.memoryUsage();
    let bytes = usage.heapUsed + usage.arrayBuffers;
    for (const workerBytes of this.workerHeapBytes) bytes += workerBytes;
    if (bytes > this.peakMemoryBytes) this.peakMemoryBytes = bytes;
  }

  /** Whether `state` was visited: 0 when it was, -1 when not (ids are not kept per fingerprint). */
  visitedId(state: S): number {
    this.fingerprint(state, this.fp);
    return this.table.has(this.fp[0], this.fp[1]) ? 0 : -1;
  }

  /** The search's answer, assembled as the one-thread `check` assembles its own. */
  result(): CheckResult<S, A> {
    const limits = this.options.limits ?? {};
    const byName = safetyResults(this.model, this, this.invariants, this.witnesses, limits);
    const results = selectProperties(this.model, this.options.properties).map((p) => byName.get(p.name) as PropertyResult<S, A>);
    return assembleResult(this, results, { strategy: 'bfs', symmetry: this.symmetry, reduction: false, limits });
  }
}
