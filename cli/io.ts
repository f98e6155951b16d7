/**
 * Where a command writes: stdout, stderr, and whether each is a terminal. Commands take this
 * instead of touching `process` so that tests can run them in-process and read what they say.
 */

/** The streams and working directory a command runs with. */
export interface CommandIo {
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Writes to stdout (the result: a summary, JSON, a table). */
  out(text: string): void;
  /** Writes to stderr (errors, notes, progress). */
  err(text: string): void;
  /** Whether stdout is a terminal (colours are used only then). */
  readonly stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (the progress line is drawn only then). */
  readonly stderrIsTTY: boolean;
  /** The stderr stream itself, for the progress line. */
  readonly stderrStream: NodeJS.WritableStream;
}

/** The real process's streams. */
export function processIo(): CommandIo {
  // `quorumlab check | head -1` closes the pipe early: end quietly instead of with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    cwd: process.cwd(),
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stdoutIsTTY: isTerminal(process.stdout),
    stderrIsTTY: isTerminal(process.stderr),
    stderrStream: process.stderr,
  };
}

/** Whether `stream` is a terminal: Node's `isTTY` is `true` on one and absent (not `false`) otherwise. */
function isTerminal(stream: { readonly isTTY?: boolean }): boolean {
  return stream.isTTY === true;
}
