/**
 * Ctrl-C and SIGTERM during a search: the first one asks the search to stop (it is polled
 * between batches through `shouldStop`), so the command can still report what was covered and
 * exit 3; a second one exits at once, for a user who does not want to wait.
 */

/** A subscription to SIGINT and SIGTERM. */
export interface Interrupts {
  /** Whether a stop was asked for. */
  requested(): boolean;
  /** The signal that asked for it, if any. */
  signal(): NodeJS.Signals | undefined;
  /** Stops listening (the default handlers come back). */
  dispose(): void;
}

/** Exit code of a process ended by a second interrupt: 128 + SIGINT, as shells expect. */
const SECOND_INTERRUPT_EXIT = 130;

/** Starts listening for SIGINT and SIGTERM. `onFirst` is told when the first one arrives. */
export function listenForInterrupts(onFirst?: (signal: NodeJS.Signals) => void): Interrupts {
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (received !== undefined) process.exit(SECOND_INTERRUPT_EXIT);
    received = signal;
    onFirst?.(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    requested: () => received !== undefined,
    signal: () => received,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
