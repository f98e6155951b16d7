/**
 * The two Node globals the explorer's search loop calls, supplied where they are missing (a
 * browser's web worker): `setImmediate`, to yield between batches of states, and
 * `process.memoryUsage`, which it samples for its memory limit (the page sets none). The engine
 * stays as it is for Node; the page brings what Node would.
 */

/** What the search reads of `process`. */
interface MemoryUsage {
  readonly heapUsed: number;
  readonly arrayBuffers: number;
}

/** Defines `setImmediate` and `process.memoryUsage` on `globalThis` when they are not there. */
export function installNodeGlobals(): void {
  const scope = globalThis as unknown as Record<string, unknown>;
  if (typeof scope.setImmediate !== 'function') {
    // A message to oneself is a macrotask with no timer clamping (setTimeout(0) waits 4 ms when nested).
    const channel = new MessageChannel();
    const queue: (() => void)[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    scope.setImmediate = (callback: () => void): void => {
      queue.push(callback);
      channel.port2.postMessage(null);
    };
  }
  if (typeof scope.process !== 'object' || scope.process === null) {
    const memoryUsage = (): MemoryUsage => {
      // Chromium's non-standard heap size, when present; else nothing is known.
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return { heapUsed: memory?.usedJSHeapSize ?? 0, arrayBuffers: 0 };
    };
    scope.process = { memoryUsage };
  }
}
