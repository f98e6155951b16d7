/**
 * The files `check --out DIR` writes, built in memory by the reports (`verdict.json`,
 * `report.md`, and with a trace `trace.itf.json`, `trace.dot`, `trace.svg`, `trace.png`).
 */
import type { Model } from '../../explorer/model.ts';
import type { CheckResult, Limits } from '../../explorer/result.ts';
import { buildCheckOutputs } from '../../reports/output.ts';
import { fail, ok, type Result } from '../errors.ts';
import { firstLine } from '../load/spec-module.ts';
import { sourceName, type CheckTarget } from '../load/target.ts';

/** Options of the files: whether to render a PNG, and the limits the search ran with. */
export interface OutputOptions {
  readonly png: boolean;
  readonly limits: Limits;
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
      // No timings in the files: the same check writes the same bytes, so outputs diff cleanly.
      // Timings are in the summary and in --json on stdout.
      options: { png: options.png, limits: options.limits, timing: false },
    });
    return ok(files);
  } catch (error) {
    if (target.source.kind === 'spec') return fail('QL121', `cannot draw the trace of model '${model.name}': ${firstLine(error)}`);
    throw error;
  }
}
