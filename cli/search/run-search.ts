/**
 * The search stage of the check pipeline: the explorer (one thread, or worker threads), with
 * the explorer's errors turned into the command's one-line failures.
 */
import {
  check,
  ExplorerError,
  ModelFault,
  type Model,
  StrictSpecError,
  checkParallel,
  type ModelSource,
  type CheckOptions,
  type CheckResult,
} from '../../explorer/index.ts';
import { fail, ok, type Result } from '../errors.ts';
import { firstLine } from '../load/spec-module.ts';
import { faultLine } from './fault-words.ts';
import type { Interrupts } from './interrupts.ts';
import { silentProgress, terminalProgress } from './progress.ts';

/** How the search talks to the user while it runs. */
export interface SearchIo {
  /** Where the progress line is drawn, when it is drawn. */
  readonly stderrStream: NodeJS.WritableStream;
  /** Draw a progress line (stderr is a terminal and the output is not JSON). */
  readonly showProgress: boolean;
  /** Whether a model error is the user's (a spec module: one line, exit 2) or a bug (thrown). */
  readonly userModel: boolean;
  /** SIGINT/SIGTERM, listened to by the caller for as long as the command runs. */
  readonly interrupts: Interrupts;
}

/** A finished search and whether the user interrupted it. */
export interface SearchOutcome<S, A> {
  readonly result: CheckResult<S, A>;
  readonly interrupted: boolean;
}

/** Worker threads for the search, and where each loads the model from. */
export interface SearchWorkers {
  /** More than one: the parallel breadth-first search. */
  readonly workers: number;
  readonly source: ModelSource;
}

/**
 * Runs the explorer on `model` with `options` (their `onProgress` and `shouldStop` included);
 * with `parallel`, on that many worker threads. The explorer's refusals become one-line
 * failures; so does any error of a user's model (`userModel`), which for a built-in model
 * would be a bug and is thrown.
 */
export async function searchModel<S, A>(
  model: Model<S, A>,
  options: CheckOptions,
  who: { readonly userModel: boolean },
  parallel?: SearchWorkers,
): Promise<Result<CheckResult<S, A>>> {
  try {
    return ok(parallel !== undefined && parallel.workers > 1 ? await checkParallel(model, parallel.source, { ...options, workers: parallel.workers }) : await check(model, options));
  } catch (error) {
    if (error instanceof ExplorerError && error.code === 'EXP_UNSUPPORTED') return fail('QL103', firstLine(error).replace(/^EXP_UNSUPPORTED:\s*/, ''));
    if (error instanceof ExplorerError && error.code === 'EXP_UNKNOWN_PROPERTY') return fail('QL113', firstLine(error).replace(/^EXP_UNKNOWN_PROPERTY:\s*/, ''));
    if (error instanceof ExplorerError && error.code === 'EXP_BAD_OPTION') {
      // Today only the reduction raises it: partial-order reduction asked for where it does not apply.
      const problem = firstLine(error).replace(/^EXP_BAD_OPTION:\s*/, '');
      return fail('QL114', options.reduction === true ? `--por on: ${problem}; use --por off` : problem);
    }
    if (error instanceof StrictSpecError) return fail('QL123', firstLine(error).replace(/^EXP_BAD_MODEL:\s*/, ''));
    if (who.userModel) {
      if (error instanceof ModelFault) return fail('QL121', faultLine(model, error));
      if (error instanceof ExplorerError && error.code === 'EXP_BAD_MODEL') return fail('QL121', `model '${model.name}' broke its contract: ${firstLine(error).replace(/^EXP_BAD_MODEL:\s*/, '')}`);
      return fail('QL121', `model '${model.name}' failed during the search: ${firstLine(error)}`);
    }
    throw error;
  }
}

/**
 * {@link searchModel} in this thread with a progress line on a terminal, and SIGINT/SIGTERM
 * turned into a clean stop that still reports what was covered.
 */
export async function runSearch<S, A>(
  model: Model<S, A>,
  options: Omit<CheckOptions, 'onProgress' | 'shouldStop'>,
  io: SearchIo,
  parallel?: SearchWorkers,
): Promise<Result<SearchOutcome<S, A>>> {
  const progress = io.showProgress ? terminalProgress(io.stderrStream, options.limits?.maxStates) : silentProgress;
  const interrupts = io.interrupts;
  try {
    const full: CheckOptions = { ...options, onProgress: (p) => { progress.update(p); }, shouldStop: () => interrupts.requested() };
    const searched = await searchModel(model, full, io, parallel);
    return searched.ok ? ok({ result: searched.value, interrupted: interrupts.requested() }) : searched;
  } finally {
    progress.stop();
  }
}
