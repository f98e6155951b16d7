/**
 * The check pipeline as the commands run it: in the check host (a worker thread), with the
 * progress line on a terminal, and with a host that was lost (a spec that hangs past the time
 * limit or an interrupt, exits, never settles its loading, or runs out of memory) turned into
 * what the contract promises: an inconclusive report with what was covered (exit 3), or one
 * line of bad input (exit 2). Never a silent exit.
 */
import { type Model, type CheckResult, type PropertyResult, collisionProbability, formatBytes } from '../../explorer/index.ts';
import { buildCheckOutputs } from '../../reports/index.ts';
import type { CheckFlags } from '../args/check-flags.ts';
import { fail, ok, type Result } from '../errors.ts';
import { buildCheckReport, checkJson } from '../format/check-report.ts';
import type { CommandIo } from '../io.ts';
import type { CheckOutcome, CheckRequest, LoadedCheck } from './check-pipeline.ts';
import { STOP_GRACE_MS, type CheckHost, type HostedCheck } from './check-host.ts';
import type { Interrupts } from './interrupts.ts';
import { silentProgress, terminalProgress } from './progress.ts';

/** What a command gives every check it runs in its host. */
export interface HostedCheckContext {
  readonly host: CheckHost;
  readonly interrupts: Interrupts;
  readonly io: CommandIo;
  /** Draw the progress line on stderr while a search runs. */
  readonly showProgress: boolean;
}

/** The request for `check [target] <flags>` in `cwd`: its deadline is `--timeout` from now. */
export function checkRequest(target: string | undefined, flags: CheckFlags, cwd: string, files: boolean): CheckRequest {
  const timeout = flags.limits.timeoutSeconds;
  return { target, flags, cwd, files, ...(timeout !== undefined ? { deadline: Date.now() + timeout * 1000 } : {}) };
}

/** Runs `request` in the command's host and returns its outcome, a lost host's included. */
export async function runHostedCheck(request: CheckRequest, context: HostedCheckContext): Promise<Result<CheckOutcome>> {
  const progress = context.showProgress ? terminalProgress(context.io.stderrStream, request.flags.limits.maxStates) : silentProgress;
  const hosted = await context.host.run(request, { interrupts: context.interrupts, progress });
  if (hosted.kind === 'finished') return hosted.result;
  return lostOutcome(hosted, request);
}

type Lost = Extract<HostedCheck, { kind: 'lost' }>;

/**
 * The outcome of a check whose host was lost: inconclusive with what the last progress report
 * covered, when a limit or the user stopped it (or it ran out of memory); one line of bad input
 * when the spec ended its thread or threw where no call of the search could catch it.
 */
export async function lostOutcome(lost: Lost, request: CheckRequest): Promise<Result<CheckOutcome>> {
  const what = lost.loaded === null ? `spec module '${request.target ?? 'default'}'` : `model '${lost.loaded.model}'`;
  if (lost.cause === 'exited') {
    if (lost.phase === 'loading') {
      return fail('QL121', `${what} never finished loading: it awaits a promise that never settles (its thread ended with code ${lost.detail})`);
    }
    return fail('QL121', `${what} ended the search's thread (exit code ${lost.detail}) while ${lost.phase === 'searching' ? 'it was searched' : 'its trace was described'}`);
  }
  if (lost.cause === 'crashed') {
    if (lost.loaded !== null && !lost.loaded.userModel) throw new Error(`the check host failed: ${lost.detail}`);
    return fail('QL121', `${what} threw outside any call the search made to it (a timer or a promise of its own?): ${lost.detail}`);
  }
  const loaded = lost.loaded ?? loadingOnly(request);
  const why = lostReason(lost, request);
  const progress = lost.progress;
  const states = progress?.states ?? 0;
  const depth = progress?.depth ?? 0;
  const seconds = progress?.seconds ?? 0;
  const result: CheckResult<never, never> = {
    verdict: 'inconclusive',
    results: loaded.properties.map((p): PropertyResult<never, never> => ({ property: p.name, kind: p.kind, verdict: 'inconclusive', trace: null, reason: why })),
    stats: { states, transitions: progress?.transitions ?? 0, depth, seconds, statesPerSecond: seconds > 0 ? states / seconds : 0, peakMemoryBytes: 0, bytesPerState: 0 },
    exhaustive: false,
    coverage: lost.phase === 'loading' ? why : `${why}; ${progress === null ? 'the search had not yet reported its progress' : `at its last progress report the search had explored ${states} states to depth ${depth}`}`,
    collisionProbability: collisionProbability(states),
    strategy: loaded.strategy,
    symmetry: loaded.symmetry,
    reduction: false,
  };
  const model = standIn(loaded);
  const report = buildCheckReport(model, result, { config: loaded.config, configLine: loaded.configLine, workers: loaded.workers, interrupted: lost.cause === 'interrupted' });
  const files = request.files
    ? await buildCheckOutputs({ result, model, source: loaded.source, config: loaded.config, verdict: checkJson(report, { timing: false }), options: { png: false, limits: loaded.limits } })
    : null;
  return ok({ report, json: checkJson(report), files, page: null, notes: [] });
}

/** Why a lost check stopped, in the words of a coverage sentence. */
function lostReason(lost: Lost, request: CheckRequest): string {
  const grace = `${STOP_GRACE_MS / 1000} s`;
  switch (lost.cause) {
    case 'time-limit': {
      const limit = `stopped by the time limit (${request.flags.limits.timeoutSeconds} s)`;
      if (lost.phase === 'loading') return `${limit} while the model was still loading: nothing was searched`;
      if (lost.phase === 'describing') return `${limit} while its result was described: the model's describe hooks did not return in time, so the thread was ended`;
      return `${limit}; the search did not stop within ${grace}, so its thread was ended (a call into the spec that does not return?)`;
    }
    case 'interrupted':
      return lost.phase === 'loading'
        ? 'interrupted while the model was still loading: nothing was searched'
        : `interrupted; the search did not stop within ${grace}, so its thread was ended (a call into the spec that does not return?)`;
    default:
      return `the search ran out of memory (its heap holds at most ${formatBytes(lost.heapBytes)})`;
  }
}

/** What is known of a check lost while its model was still loading: the target's name and the flags. */
function loadingOnly(request: CheckRequest): LoadedCheck {
  const name = request.target ?? 'default';
  return {
    model: name,
    properties: [],
    config: { spec: name },
    configLine: `spec ${name} (still loading)`,
    source: name,
    userModel: true,
    strategy: request.flags.strategy,
    symmetry: false,
    workers: 1,
    limits: request.flags.limits,
  };
}

/**
 * A stand-in for the model of a lost check: its name and properties, no states. The report and
 * the files of a result without a trace read nothing else of a model.
 */
function standIn(loaded: LoadedCheck): Model<never, never> {
  return {
    name: loaded.model,
    init: () => [],
    actions: () => [],
    next: (state) => state,
    encode: () => undefined,
    properties: loaded.properties.map((p) => ({ ...p, check: () => false })),
  };
}
