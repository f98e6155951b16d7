/**
 * The progress line of a running search, drawn on stderr with cli-progress. It appears only
 * on a terminal, and only once a search has run for a second, so quick checks and piped output
 * stay clean.
 */
import { SingleBar } from 'cli-progress';
import type { Progress } from '../../explorer/index.ts';

/** Seconds a search runs before the progress line appears. */
export const PROGRESS_DELAY_SECONDS = 1;

/** A sink for search progress: `update` on each report, `stop` when the search ends. */
export interface ProgressView {
  update(progress: Progress): void;
  stop(): void;
}

/** A view that draws nothing (not a terminal, or `--json`). */
export const silentProgress: ProgressView = { update() {}, stop() {} };

/**
 * A progress line on `stream`. With a state limit, a bar fills towards it; without one, the
 * line shows the counts only (the size of the state space is not known in advance).
 */
export function terminalProgress(stream: NodeJS.WritableStream, maxStates: number | undefined): ProgressView {
  let bar: SingleBar | undefined;
  const payload = (progress: Progress): Record<string, string> => ({
    statesText: progress.states.toLocaleString('en-US'),
    rate: Math.round(progress.statesPerSecond).toLocaleString('en-US'),
    depth: String(progress.depth),
    queue: progress.queue.toLocaleString('en-US'),
    elapsed: progress.seconds.toFixed(1),
  });
  return {
    update(progress) {
      if (bar === undefined) {
        if (progress.seconds < PROGRESS_DELAY_SECONDS) return;
        const format =
          maxStates === undefined
            ? 'searching  {statesText} states  {rate} states/s  depth {depth}  queue {queue}  {elapsed}s'
            : 'searching  [{bar}] {percentage}%  {statesText} states  {rate} states/s  depth {depth}  queue {queue}  {elapsed}s';
        bar = new SingleBar({ stream, format, hideCursor: true, clearOnComplete: true, barsize: 24, fps: 10 });
        bar.start(maxStates ?? 0, progress.states, payload(progress));
        return;
      }
      bar.update(progress.states, payload(progress));
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
