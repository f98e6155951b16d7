/**
 * Writing a command's files. Every file is rendered in memory first; only then is anything
 * written, so a bad input or a failed rendering leaves no partial output.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from './errors.ts';
import { firstLine } from './load/spec-module.ts';

/** Writes `files` (name to contents) into `dir`, creating it; a failure is a one-line QL131. */
export async function writeFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<Result<void>> {
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, contents] of files) {
      // A temporary name, then a rename: an interrupted run leaves no half-written file.
      const temporary = join(dir, `.${name}.${process.pid}.tmp`);
      await writeFile(temporary, contents);
      await rename(temporary, join(dir, name));
    }
    return ok(undefined);
  } catch (error) {
    return fail('QL131', `cannot write to '${dir}': ${firstLine(error)}`);
  }
}
