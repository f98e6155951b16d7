/**
 * Checks run in a worker thread, the check host, so that the command's main thread stays in
 * charge whatever a spec's code does. The main thread enforces `--timeout` and SIGINT/SIGTERM
 * (first by asking the search to stop, then, if the spec's code does not return, by ending
 * the host), learns of a spec that exits, never settles a promise or runs out of memory, and
 * writes the report in every case. The host runs the one check pipeline
 * (`runCheckPipeline`) and answers with its outcome; while it runs it says when the model is
 * loaded, how the search progresses, and when the search is over.
 *
 * The host's heap is sized for the search (see {@link hostHeapMegabytes}), so the default run
 * can use the machine's memory rather than Node's default heap.
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { type Progress, HEAP_CEILING_SHARE, YOUNG_GENERATION_BYTES } from '../../explorer/index.ts';
import type { Result } from '../errors.ts';
import type { CheckOutcome, CheckRequest, LoadedCheck } from './check-pipeline.ts';
import type { Interrupts } from './interrupts.ts';
import type { ProgressView } from './progress.ts';

/** Main thread to host. */
export interface RunMessage {
  readonly kind: 'run';
  readonly id: number;
  readonly request: CheckRequest;
  /** One 32-bit cell: non-zero once the search should stop (an interrupt). */
  readonly stop: SharedArrayBuffer;
}

/** Host to main thread. */
export type HostMessage =
  | { readonly kind: 'loaded'; readonly id: number; readonly loaded: LoadedCheck }
  | { readonly kind: 'progress'; readonly id: number; readonly progress: Progress }
  | { readonly kind: 'searched'; readonly id: number }
  | { readonly kind: 'done'; readonly id: number; readonly result: Result<CheckOutcome> }
  /** An error of the spec's that no call caught (a timer or a promise of its own). */
  | { readonly kind: 'uncaught'; readonly id: number; readonly message: string }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string; readonly stack?: string };

/** Where a check was when its host was lost. */
export type CheckPhase = 'loading' | 'searching' | 'describing';

/** Why a host was lost before it answered. */
export type LostCause =
  /** The time limit passed and the search did not stop: the spec's code did not return. */
  | 'time-limit'
  /** The user interrupted and the search did not stop: the spec's code did not return. */
  | 'interrupted'
  /** The thread ended: its event loop emptied (a promise that never settles), or the spec ended it. */
  | 'exited'
  /** The thread ran out of heap. */
  | 'out-of-memory'
  /** An error no call of the pipeline caught (a spec's asynchronous throw). */
  | 'crashed';

/** What a check run in the host came to. */
export type HostedCheck =
  | { readonly kind: 'finished'; readonly result: Result<CheckOutcome> }
  | {
      readonly kind: 'lost';
      readonly cause: LostCause;
      readonly phase: CheckPhase;
      readonly loaded: LoadedCheck | null;
      /** The last progress the search reported, or null. */
      readonly progress: Progress | null;
      /** For `exited` and `crashed`: the exit code or the error's message. */
      readonly detail: string;
      /** The host's heap limit, in bytes. */
      readonly heapBytes: number;
    };

/** How long a search may take to stop once asked (a search polls every 50 ms); past that the spec's code is stuck. */
export const STOP_GRACE_MS = 2000;
/** How long describing and drawing a result may take once an interrupt came during it. */
export const DESCRIBE_GRACE_MS = 10_000;
/** How long past the deadline a model may still be loading (a loaded machine starting a thread) before the host is ended. */
export const LOADING_GRACE_MS = 10_000;
/** How often the main thread looks at the clock and the interrupts while a check runs. */
const WATCH_MS = 50;
/** The share of the machine's memory the host's heap may have by default, and at most. */
export const DEFAULT_HEAP_SHARE = 0.5;
export const MAX_HEAP_SHARE = 0.8;

const HOST_URL = new URL('./check-host-worker.js', import.meta.url);
const MB = 2 ** 20;

/**
 * The host's old generation (most of its heap) in megabytes: the one Node was told to have,
 * when it was told (`--max-old-space-size`); else what `--max-memory` needs (the search stops
 * at {@link HEAP_CEILING_SHARE} of it), at most {@link MAX_HEAP_SHARE} of the machine's memory;
 * else {@link DEFAULT_HEAP_SHARE} of it. Never less than Node's own default.
 */
export function hostHeapMegabytes(maxMemoryBytes: number | undefined): number {
  // The old generation: what `--max-old-space-size` sets, and what `resourceLimits` calls maxOldGenerationSizeMb.
  const own = getHeapStatistics().heap_size_limit - YOUNG_GENERATION_BYTES;
  const sized = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => arg.startsWith('--max-old-space-size'));
  if (sized) return Math.round(own / MB);
  const total = totalmem();
  const wanted = maxMemoryBytes === undefined ? DEFAULT_HEAP_SHARE * total : Math.min(maxMemoryBytes / HEAP_CEILING_SHARE, MAX_HEAP_SHARE * total);
  return Math.round(Math.max(own, wanted) / MB);
}

/**
 * How long past the deadline a check may still be in `phase` before its host is ended: a
 * search stops within a batch once its time is up, so past {@link STOP_GRACE_MS} the spec's
 * code is stuck; loading and describing (drawing a trace) may take longer on a loaded machine.
 */
function graceAfterDeadline(phase: CheckPhase): number {
  return phase === 'searching' ? STOP_GRACE_MS : phase === 'loading' ? LOADING_GRACE_MS : DESCRIBE_GRACE_MS;
}

/** A check host: one worker thread that runs checks one after another; a lost one is replaced. */
export class CheckHost {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly heapMegabytes: number;

  constructor(options: { readonly maxMemoryBytes?: number } = {}) {
    this.heapMegabytes = hostHeapMegabytes(options.maxMemoryBytes);
  }

  /**
   * Runs `request` in the host. `interrupts` are watched: the first asks the search to stop;
   * if it has not stopped {@link STOP_GRACE_MS} later, the host is ended. So is a host still
   * searching {@link STOP_GRACE_MS} after the request's deadline.
   */
  run(request: CheckRequest, control: { readonly interrupts: Interrupts; readonly progress: ProgressView }): Promise<HostedCheck> {
    const worker = this.start();
    const id = ++this.nextId;
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const heapBytes = this.heapMegabytes * MB;
    return new Promise<HostedCheck>((resolve, reject) => {
      let phase: CheckPhase = 'loading';
      let loaded: LoadedCheck | null = null;
      let progress: Progress | null = null;
      let stopBy = Infinity;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearInterval(watch);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
        control.progress.stop();
        return true;
      };
      const lose = (cause: LostCause, detail = '', end = true): void => {
        if (!settle()) return;
        this.worker = null;
        const lost: HostedCheck = { kind: 'lost', cause, phase, loaded, progress, detail, heapBytes };
        // An ended host cannot answer; its replacement starts with the next request. A thread
        // that failed on its own is not ended again (Node may abort while it reports its error).
        if (end) void worker.terminate().finally(() => { resolve(lost); });
        else resolve(lost);
      };
      const onMessage = (message: HostMessage): void => {
        if (message.id !== id && !(message.kind === 'uncaught' && message.id === -1)) return;
        switch (message.kind) {
          case 'loaded':
            loaded = message.loaded;
            phase = 'searching';
            break;
          case 'progress':
            progress = message.progress;
            control.progress.update(message.progress);
            break;
          case 'searched':
            phase = 'describing';
            control.progress.stop();
            if (stopBy !== Infinity) stopBy = Date.now() + DESCRIBE_GRACE_MS;
            break;
          case 'done':
            if (settle()) resolve({ kind: 'finished', result: message.result });
            break;
          case 'uncaught':
            lose('crashed', message.message);
            break;
          case 'failed':
            if (settle()) {
              this.worker = null;
              void worker.terminate();
              const error = new Error(message.message);
              if (message.stack !== undefined) error.stack = message.stack;
              reject(error);
            }
            break;
        }
      };
      const onError = (error: Error): void => {
        const code = (error as NodeJS.ErrnoException).code;
        lose(code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crashed', error.message, false);
      };
      const onExit = (code: number): void => { lose('exited', String(code), false); };
      const watch = setInterval(() => {
        const now = Date.now();
        if (control.interrupts.requested() && Atomics.load(stop, 0) === 0) {
          Atomics.store(stop, 0, 1);
          stopBy = now + (phase === 'describing' ? DESCRIBE_GRACE_MS : STOP_GRACE_MS);
        }
        if (now > stopBy) lose('interrupted');
        else if (request.deadline !== undefined && now > request.deadline + graceAfterDeadline(phase)) lose('time-limit');
      }, WATCH_MS);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const message: RunMessage = { kind: 'run', id, request, stop: stop.buffer };
      worker.postMessage(message);
    });
  }

  /** Ends the host (when idle). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker === null) {
      this.worker = new Worker(HOST_URL, {
        resourceLimits: { maxOldGenerationSizeMb: this.heapMegabytes, maxYoungGenerationSizeMb: YOUNG_GENERATION_BYTES / MB },
      });
    }
    // Referenced while it runs a check; an idle host does not keep the command alive.
    this.worker.ref();
    return this.worker;
  }
}
