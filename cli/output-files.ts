/**
 * Writing a command's files through the reports' `writeOutputs`. Every file is rendered in
 * memory first; only then is anything written (each to a temporary name, then renamed), so a
 * bad input or a failed rendering leaves no partial output.
 */
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
