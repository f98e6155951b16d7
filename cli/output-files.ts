/**
 * Writing a command's files through the reports' `writeOutputs`. Every file is rendered in
 * memory first; only then is anything written (each to a temporary name, then renamed), so a
 * bad input or a failed rendering leaves no partial output.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeOutputs } from '../reports/output.ts';
import { fail, ok, type Result } from './errors.ts';
import { firstLine } from './load/spec-module.ts';

/** Writes `files` (name to contents) into `dir`, creating it; a failure is a one-line QL131. */
export async function writeFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<Result<void>> {
  try {
    await writeOutputs(dir, files);
    return ok(undefined);
  } catch (error) {
    return fail('QL131', `cannot write to '${dir}': ${firstLine(error)}`);
  }
}

/**
 * Writes `files` into `dir` like `writeFiles`, then removes the files named in `outputNames` that
 * this run did not write: a check that now holds must not leave the trace of an earlier
 * counterexample beside its verdict. Only those names are ever removed.
 */
export async function replaceFiles(
  dir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  outputNames: readonly string[],
): Promise<Result<void>> {
  const written = await writeFiles(dir, files);
  if (!written.ok) return written;
  try {
    await Promise.all(outputNames.filter((name) => !files.has(name)).map((name) => rm(join(dir, name), { force: true })));
    return ok(undefined);
  } catch (error) {
    return fail('QL131', `cannot remove an earlier output from '${dir}': ${firstLine(error)}`);
  }
}
