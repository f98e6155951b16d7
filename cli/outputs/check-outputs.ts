/**
 * The files `check --out DIR` writes (their names: `CHECK_OUTPUT_FILES` in `reports/output.ts`),
 * built in memory by the reports, and written all or nothing.
 */
import type { JsonValue, Model, CheckResult, Limits } from '../../explorer/index.ts';
import { buildCheckOutputs, CHECK_OUTPUT_NAMES } from '../../reports/index.ts';
import { replaceFiles } from '../output-files.ts';
import { fail, ok, type Result } from '../errors.ts';
import { firstLine } from '../load/spec-module.ts';
import { isUserModel, sourceName, type CheckTarget } from '../load/target.ts';

/** Options of the files: whether to render PNGs, the limits the search ran with, and the verdict object. */
export interface OutputOptions {
  readonly png: boolean;
  readonly limits: Limits;
  /** `verdict.json`'s content: the check's `--json` object without timings (`checkJson(report, { timing: false })`). */
  readonly verdict: JsonValue;
}

/**
 * Builds every file of one check in memory. A user's model whose describe hooks throw is a bad
 * input (one line); for the built-in models it is a bug and is thrown.
 */
export async function buildOutputs<S, A>(
  model: Model<S, A>,
  result: CheckResult<S, A>,
  target: CheckTarget,
  options: OutputOptions,
): Promise<Result<ReadonlyMap<string, string | Uint8Array>>> {
  try {
    const files = await buildCheckOutputs({
      result,
      model,
      source: sourceName(target.source),
      config: target.config,
      verdict: options.verdict,
      options: { png: options.png, limits: options.limits },
    });
    return ok(files);
  } catch (error) {
    if (isUserModel(target.source)) return fail('QL121', `cannot draw the trace of model '${model.name}': ${firstLine(error)}`);
    throw error;
  }
}

/**
 * Writes one check's files into `dir`, all or nothing, removing the check files of an earlier
 * run that this one does not write.
 */
export function writeCheckFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<Result<void>> {
  return replaceFiles(dir, files, CHECK_OUTPUT_NAMES);
}
