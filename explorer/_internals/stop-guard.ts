/**
 * When a search must stop, written once for every search (one thread, the parallel main
 * thread, random simulation): the limits (states, time, memory), the heap ceiling, a stop
 * request (Ctrl-C), the clock, the peak memory, and the words that say why a search stopped.
 */
import * as v8 from 'node:v8';
import type { Limits, Progress } from '../result.ts';

/** Why a search ended before its frontier was empty. */
export type StopCause = 'state-limit' | 'time-limit' | 'memory-limit' | 'heap-ceiling' | 'interrupted' | 'decided';

/**
 * The share of V8's old generation a search may fill before it stops on its own. Past its
 * limit V8 aborts the whole thread ("Last few GCs", no report); the margin leaves room for the
 * allocations of one batch and for building the report of what was covered.
 */
export const HEAP_CEILING_SHARE = 0.9;

/**
 * What V8's heap limit holds beyond the old generation: the young generation, three 16 MB
 * semi-spaces on 64-bit Node (`--max-old-space-size=96` gives a heap limit of 144 MB).
 */
export const YOUNG_GENERATION_BYTES = 48 * 2 ** 20;

/** How often a progress snapshot is reported, at most. */
export const PROGRESS_MS = 100;
/** How often the memory is read, at most. */
const MEMORY_MS = 10;

/**
 * The heap a search in this thread may fill: {@link HEAP_CEILING_SHARE} of V8's old generation
 * (its heap limit less the young generation), in bytes; compared with
 * {@link oldGenerationBytes}, since an old generation that reaches its limit is what makes V8
 * abort. Infinity where Node's v8 module is absent (the explorer page bundles the engine for a
 * browser).
 */
export function heapCeilingBytes(): number {
  if (typeof v8.getHeapStatistics !== 'function') return Infinity;
  const limit = v8.getHeapStatistics().heap_size_limit;
  return Math.floor(HEAP_CEILING_SHARE * Math.max(limit - YOUNG_GENERATION_BYTES, limit / 2));
}

/** The bytes this thread's old generation holds (every heap space but the young ones). */
export function oldGenerationBytes(): number {
  if (typeof v8.getHeapSpaceStatistics !== 'function') return 0;
  let bytes = 0;
  for (const space of v8.getHeapSpaceStatistics()) if (!space.space_name.startsWith('new_')) bytes += space.space_used_size;
  return bytes;
}

/**
 * The memory limit a search in this thread really has: `maxMemoryBytes` when it is below the
 * heap ceiling, else the ceiling (`lowered` then says the limit asked for could not be kept).
 */
export function effectiveMemoryLimit(limits: Limits): { readonly bytes: number; readonly lowered: boolean } {
  const ceiling = heapCeilingBytes();
  const asked = limits.maxMemoryBytes;
  return asked === undefined || asked <= ceiling ? { bytes: asked ?? ceiling, lowered: false } : { bytes: ceiling, lowered: true };
}

/** Bytes in the words of a coverage sentence: `512 MB`, `3.7 GB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  return `${Math.round(bytes / 2 ** 20)} MB`;
}

/**
 * The stop conditions of one search. The search calls {@link StopGuard.poll} between batches
 * of work (never per state), and {@link StopGuard.stateLimitReached} before recording a state.
 */
export class StopGuard {
  /** Why the search stopped, once it did. */
  cause: StopCause | null = null;
  /** Seconds since {@link StopGuard.start}, as of the last poll. */
  seconds = 0;
  /** Peak heap plus array-buffer bytes seen (this thread's, plus what callers add for others). */
  peakMemoryBytes = 0;

  private readonly limits: Limits;
  private readonly shouldStop: (() => boolean) | undefined;
  private readonly maxStates: number;
  private readonly ceiling: number;
  private startedAt = 0;
  /** Seconds already spent of the time limit when the search started. */
  private spentBefore = 0;
  private readonly timeOrigin: number | undefined;
  private lastProgress = 0;
  private lastMemory = -Infinity;
  /** As of the last memory reading: this thread's old generation, and the search's heap plus array buffers. */
  private oldGeneration = 0;
  private memoryBytes = 0;

  /**
   * `timeOrigin`: when the time limit starts counting (a `Date.now()` time), if before the
   * search starts.
   */
  constructor(limits: Limits, shouldStop?: () => boolean, timeOrigin?: number) {
    this.limits = limits;
    this.shouldStop = shouldStop;
    this.timeOrigin = timeOrigin;
    this.maxStates = limits.maxStates ?? Infinity;
    this.ceiling = heapCeilingBytes();
  }

  /** Start the clock. */
  start(): void {
    this.startedAt = performance.now();
    this.spentBefore = this.timeOrigin === undefined ? 0 : Math.max(0, (Date.now() - this.timeOrigin) / 1000);
    this.lastProgress = this.startedAt;
    this.tick();
  }

  /** Seconds counted against the time limit so far: the search's, and what was spent before it (see the time origin). */
  get limitSeconds(): number {
    return this.spentBefore + this.seconds;
  }

  /** Whether the search has stopped. */
  get stopped(): boolean {
    return this.cause !== null;
  }

  /** Stop for `cause`, unless already stopped. */
  stop(cause: StopCause): void {
    if (this.cause === null) this.cause = cause;
  }

  /**
   * Whether a search holding `states` states may record one more; if not, it stops for the
   * state limit.
   */
  stateLimitReached(states: number): boolean {
    if (states < this.maxStates) return false;
    this.stop('state-limit');
    return true;
  }

  /**
   * Between batches: read the clock and the memory, and stop when a limit is passed or a stop
   * was asked for. `otherBytes`: memory held by other threads of the search (the parallel
   * search's workers); `otherNearCeiling`: one of them passed its own heap ceiling. Returns
   * whether the search has stopped.
   */
  poll(otherBytes = 0, otherNearCeiling = false): boolean {
    const now = performance.now();
    this.seconds = (now - this.startedAt) / 1000;
    // Reading the memory costs tens of microseconds: at most once per MEMORY_MS.
    if (now - this.lastMemory >= MEMORY_MS) {
      this.lastMemory = now;
      this.readMemory(otherBytes);
    }
    if (this.cause !== null) return true;
    const { timeoutSeconds, maxMemoryBytes } = this.limits;
    if (timeoutSeconds !== undefined && this.limitSeconds >= timeoutSeconds) this.stop('time-limit');
    else if (maxMemoryBytes !== undefined && this.memoryBytes > maxMemoryBytes) this.stop('memory-limit');
    else if (this.oldGeneration > this.ceiling || otherNearCeiling) this.stop('heap-ceiling');
    else if (this.shouldStop !== undefined && this.shouldStop()) this.stop('interrupted');
    return this.cause !== null;
  }

  /**
   * Read the clock and the memory without judging them: at the end of a search (an emptied
   * frontier is exhaustive however long it took). Returns this thread's memory usage.
   */
  tick(otherBytes = 0): void {
    this.seconds = (performance.now() - this.startedAt) / 1000;
    this.readMemory(otherBytes);
  }

  private readMemory(otherBytes: number): void {
    const usage = process.memoryUsage();
    this.oldGeneration = oldGenerationBytes();
    this.memoryBytes = usage.heapUsed + usage.arrayBuffers + otherBytes;
    if (this.memoryBytes > this.peakMemoryBytes) this.peakMemoryBytes = this.memoryBytes;
  }

  /** Whether a progress report is due (one every {@link PROGRESS_MS} at most); if so, it counts as made. */
  progressDue(): boolean {
    const now = performance.now();
    if (now - this.lastProgress < PROGRESS_MS) return false;
    this.lastProgress = now;
    return true;
  }

  /** Why the search stopped, in the words coverage sentences and reasons use. */
  stopText(): string {
    return this.cause === null ? 'not stopped' : stopText(this.cause, this.limits, this.ceiling);
  }
}

/** A progress snapshot. */
export function progressOf(states: number, transitions: number, depth: number, queue: number, seconds: number): Progress {
  return { states, transitions, depth, queue, seconds, statesPerSecond: seconds > 0 ? states / seconds : 0 };
}

/** Why a search stopped, in the words coverage sentences and reasons use. */
export function stopText(cause: StopCause, limits: Limits = {}, ceiling: number = heapCeilingBytes()): string {
  switch (cause) {
    case 'state-limit':
      return `stopped by the state limit (${limits.maxStates})`;
    case 'time-limit':
      return `stopped by the time limit (${limits.timeoutSeconds} s)`;
    case 'memory-limit':
      return `stopped by the memory limit (${limits.maxMemoryBytes} bytes)`;
    case 'heap-ceiling':
      return `stopped near the heap limit (at ${formatBytes(ceiling)}, ${Math.round(HEAP_CEILING_SHARE * 100)}% of the heap this search's thread may use)`;
    case 'interrupted':
      return 'interrupted';
    case 'decided':
      return 'stopped early: every property was decided';
  }
}
