/**
 * Stable error codes of the `quorumlab` command, the failure value every stage returns, and the
 * small `Result` type the command pipelines are written in. A bad input is a value, not an
 * exception: each stage returns `Result<T>`, and only the command turns a failure into one line
 * on stderr and exit code 2.
 */

/**
 * The stable error codes, one per kind of bad input. Scripts and tests may match on them;
 * the message wording may improve, the code does not change.
 */
export const errorCodes = {
  QL100: 'an unknown command',
  QL101: 'an unknown option',
  QL102: 'an option is missing its value, or a command its argument',
  QL103: 'an option value is not one of the accepted values or not a number in range',
  QL104: 'too many arguments for the command',
  QL110: 'an unknown scenario name',
  QL111: 'the quorum configuration is inconsistent (W or R outside 1..N, a knob that needs another)',
  QL112: 'the --ops script does not parse',
  QL113: 'an unknown property name for this model',
  QL114: 'an option that does not apply to this target (e.g. quorum knobs with a fixed spec module)',
  QL115: 'a --const that names no declared constant, a constant with no default and no value, or a value of the wrong kind',
  QL120: 'a file that does not exist or cannot be read',
  QL121: 'a spec module that fails to load or does not export a Model',
  QL122: 'a spec module that cannot run in a browser, so explore cannot bundle it into its page (it imports a Node module)',
  QL123: 'a spec that breaks a rule --strict-spec checks (a call that changes its input, answers that change when asked again, a property that throws)',
  QL124: 'a spec module with a type error (check --typecheck; the line names the file, line and column, a code frame follows)',
  QL125: 'a spec module that does not compile (a syntax error; the line names the file, line and column, a code frame follows)',
  QL130: 'a DOT source that Graphviz cannot render',
  QL131: 'an output file that cannot be written',
  QL140: 'a trace file that is malformed or truncated',
  QL141: 'a trace whose recorded configuration no longer matches the model it names',
  QL142: 'a trace step that is not enabled when replayed',
} as const;

/** One stable error code (see {@link errorCodes}). */
export type ErrorCode = keyof typeof errorCodes;

/** A bad input: its stable code and the one line shown to the user (without the `error: ` prefix). */
export interface CliFailure {
  readonly code: ErrorCode;
  readonly message: string;
  /**
   * Lines that show where the problem is, printed under the one line: the code frame of a
   * spec module that does not compile. Absent for every other failure.
   */
  readonly codeFrame?: string;
}

/** A failed stage outcome: the bad input that stopped the pipeline. */
export type Failure = { readonly ok: false; readonly error: CliFailure };

/** The outcome of one pipeline stage: a value, or the bad input that stopped the pipeline. */
export type Result<T> = { readonly ok: true; readonly value: T } | Failure;

/** A successful stage outcome. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed stage outcome: `code` and the one-line message naming the problem and the accepted values. */
export function fail(code: ErrorCode, message: string): Failure {
  return { ok: false, error: { code, message: oneLine(message) } };
}

/** The exit codes of every command: the CLI contract. */
export const ExitCode = {
  holds: 0,
  violated: 1,
  badInput: 2,
  inconclusive: 3,
} as const;

/** One of the contract's exit codes. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** What is printed on stderr for a failure: its one line, and a code frame under it when it has one. */
export function formatFailure(failure: CliFailure): string {
  return failure.codeFrame === undefined ? `error: ${failure.message}` : `error: ${failure.message}\n${failure.codeFrame}`;
}

/** A failure whose one line is followed by the code frame of the place it names. */
export function failAt(code: ErrorCode, message: string, codeFrame: string | null): Failure {
  const failed = fail(code, message);
  if (codeFrame === null) return failed;
  // Control characters from the source must not reach the terminal; tabs are spaces already.
  return { ok: false, error: { ...failed.error, codeFrame: codeFrame.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ') } };
}

/**
 * Flattens a message to one line: a library's multi-line error (a parser, Graphviz) must not
 * break the one-line promise, and a control character must not reach the terminal.
 */
export function oneLine(message: string): string {
  return message
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
