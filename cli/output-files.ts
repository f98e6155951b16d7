/**
 * Writing a command's files: every file is rendered in memory first; only then is anything
 * written, all or nothing (`outputs/write-files.ts`), so a bad input, a failed rendering or a
 * failed rename leaves no partial output.
 */
import { fail, ok, type Result } from './errors.ts';
import { firstLine } from './load/spec-module.ts';
import { writeFilesAtomically } from './outputs/write-files.ts';

/** Writes `files` (name to contents) into `dir`, creating it; a failure is a one-line QL131. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<Result<void>> {
  return replaceFiles(dir, files, []);
}

/**
 * Writes `files` into `dir` like `writeFiles`, and removes the files named in `outputNames` that
 * this run did not write: a check that now holds must not leave the trace of an earlier
 * counterexample beside its verdict. Only those names are ever removed.
 */
export async function replaceFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>, outputNames: readonly string[]): Promise<Result<void>> {
  try {
    await writeFilesAtomically(dir, files, outputNames);
    return ok(undefined);
  } catch (error) {
    return fail('QL131', `cannot write to '${dir}': ${firstLine(error)}`);
  }
}
