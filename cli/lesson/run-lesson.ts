/**
 * Running the lesson's steps: each run through the same stages as the command it prints
 * (`quorumlab check ...` or `quorumlab overlap ...`), its verdicts compared with what the claim
 * predicts, and its files written under the lesson's directory.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { match } from 'ts-pattern';
import type { Verdict } from '../../explorer/index.ts';
import { renderPng, renderSvg, CHECK_OUTPUT_FILES, CHECK_OUTPUT_NAMES } from '../../reports/index.ts';
import { overlapFacts } from '../commands/overlap.ts';
import { ok, type Result } from '../errors.ts';
import { overlapDot } from '../format/overlap.ts';
import type { CommandIo } from '../io.ts';
import { replaceFiles, writeFiles } from '../output-files.ts';
import type { CheckHost } from '../search/check-host.ts';
import type { Interrupts } from '../search/interrupts.ts';
import { pageHtml } from '../explore/build-page.ts';
import { pageScript } from '../explore/check-page.ts';
import { commandLine } from './check-options.ts';
import { prepareCheck, runPreparedCheck, type CheckRun, type PreparedCheck } from './run-check.ts';
import { QUORUMS_MEET, overlapExpectation, type Expectation, type LessonRun, type LessonStep } from './steps.ts';

/** The explorer page a step's featured check gets beside its diagram. */
export const EXPLORE_PAGE = 'explore.html';

/** What one run of a step found. */
export interface RunOutcome {
  readonly id: string;
  readonly says: string;
  /** The command that re-runs it, `--out` included, as words after `quorumlab`. */
  readonly words: readonly string[];
  /** Its directory relative to the lesson's (`bank`, `bank/cp`). */
  readonly dir: string;
  readonly expected: Expectation;
  readonly verdicts: Readonly<Record<string, Verdict>>;
  /** Every expected verdict was obtained. */
  readonly matched: boolean;
  /** States explored, or null for an overlap run (it enumerates quorums, not states). */
  readonly states: number | null;
  readonly seconds: number;
  /** For an overlap run: how many quorum pairs are disjoint, in words. */
  readonly detail?: string;
  /** The diagram's file name in `dir` (`trace.svg`, `overlap.svg`), when one was drawn. */
  readonly diagram?: string;
  /** The report's file name in `dir`, when one was written. */
  readonly report?: string;
  /** The explorer page's file name in `dir` (`quorumlab explore`), when one was written. */
  readonly page?: string;
  /** The run repeats an earlier step's check (same command): its result was reused. */
  readonly reusedFrom?: string;
  readonly interrupted: boolean;
}

/** What one step found. */
export interface StepOutcome {
  readonly step: LessonStep;
  readonly runs: readonly RunOutcome[];
  /** Every run matched the claim. */
  readonly matched: boolean;
  /** The step's diagram, relative to the lesson's directory (`bank/trace.svg`), when drawn. */
  readonly diagram?: string;
  /** The step's explorer page, relative to the lesson's directory (`bank/explore.html`), when written. */
  readonly page?: string;
}

/** The state shared by the runs of one lesson: where it writes, and the checks already run. */
export interface LessonContext {
  readonly out: string;
  readonly io: CommandIo;
  readonly interrupts: Interrupts;
  readonly showProgress: boolean;
  /** Where the checks run (a worker thread; see `check-host.ts`). */
  readonly host: CheckHost;
  /** Checks already run, by their command without `--out`, with the directory they were first written to. */
  readonly done: Map<string, { readonly run: CheckRun; readonly dir: string }>;
  /** Write a PNG beside every SVG (`lesson --png`). */
  readonly png: boolean;
}

/** The directory of `run` relative to the lesson's: the step's own for the featured run, else a subdirectory. */
export function runDir(step: LessonStep, run: LessonRun): string {
  return run.featured === true ? step.name : `${step.name}/${run.id}`;
}

/** Every check of `steps`, parsed and resolved before anything runs: a mistake in a step is found at once. */
export async function prepareLesson(steps: readonly LessonStep[], cwd: string): Promise<Result<ReadonlyMap<LessonRun, PreparedCheck>>> {
  const prepared = new Map<LessonRun, PreparedCheck>();
  for (const step of steps) {
    for (const run of step.runs) {
      if (run.kind !== 'check') continue;
      const check = await prepareCheck(run.target, run.flags, cwd);
      if (!check.ok) return check;
      prepared.set(run, check.value);
    }
  }
  return ok(prepared);
}

/** Runs one step: each of its runs, its files written as soon as they are ready. */
export async function runStep(step: LessonStep, prepared: ReadonlyMap<LessonRun, PreparedCheck>, context: LessonContext): Promise<Result<StepOutcome>> {
  const runs: RunOutcome[] = [];
  for (const run of step.runs) {
    const dir = runDir(step, run);
    const outcome = await match(run)
      .with({ kind: 'overlap' }, (overlap) => overlapRun(overlap, dir, context))
      .with({ kind: 'check' }, (check) => checkRun(check, prepared.get(check), dir, context))
      .exhaustive();
    if (!outcome.ok) return outcome;
    runs.push(outcome.value);
    if (outcome.value.interrupted) break;
  }
  const featured = runs.find((outcome, i) => step.runs[i].featured === true && outcome.diagram !== undefined);
  return ok({
    step,
    runs,
    matched: runs.length === step.runs.length && runs.every((outcome) => outcome.matched),
    ...(featured?.diagram !== undefined ? { diagram: `${featured.dir}/${featured.diagram}` } : {}),
    ...(featured?.page !== undefined ? { page: `${featured.dir}/${featured.page}` } : {}),
  });
}

function matches(expected: Expectation, verdicts: Readonly<Record<string, Verdict>>): boolean {
  return Object.entries(expected).every(([property, verdict]) => verdicts[property] === verdict);
}

async function overlapRun(run: Extract<LessonRun, { kind: 'overlap' }>, dir: string, context: LessonContext): Promise<Result<RunOutcome>> {
  const started = performance.now();
  const facts = overlapFacts({ n: run.n, w: run.w, r: run.r, k: undefined });
  const dot = overlapDot(facts.report);
  const svg = await renderSvg(dot);
  const files = new Map<string, string | Uint8Array>([['overlap.dot', dot], ['overlap.svg', svg]]);
  if (context.png) files.set('overlap.png', await renderPng(svg));
  const written = await writeFiles(join(context.out, dir), files);
  if (!written.ok) return written;
  const { pairs, disjointPairs } = facts.report;
  const verdicts = { [QUORUMS_MEET]: disjointPairs === 0 ? 'holds' : 'violated' } as const;
  const expected = overlapExpectation(run);
  return ok({
    id: run.id,
    says: run.says,
    words: ['overlap', '--n', String(run.n), '--w', String(run.w), '--r', String(run.r), '--out', join(context.out, dir), ...(context.png ? ['--png'] : [])],
    dir,
    expected,
    verdicts,
    matched: matches(expected, verdicts),
    states: null,
    seconds: (performance.now() - started) / 1000,
    detail: `${disjointPairs} of ${pairs} (write quorum, read quorum) pairs share no replica`,
    diagram: 'overlap.svg',
    interrupted: false,
  });
}

async function checkRun(run: Extract<LessonRun, { kind: 'check' }>, check: PreparedCheck | undefined, dir: string, context: LessonContext): Promise<Result<RunOutcome>> {
  if (check === undefined) throw new Error(`lesson run ${run.id} was not prepared`);
  // With --png the command that re-runs it says so too, and its files include the PNGs.
  const words = context.png ? [...check.words, '--png'] : check.words;
  const key = commandLine(words);
  const earlier = context.done.get(key);
  let result: CheckRun;
  if (earlier !== undefined) {
    result = earlier.run;
  } else {
    const page = { command: commandLine(['explore', ...check.words.slice(1), '-o', EXPLORE_PAGE]) };
    const searched = await runPreparedCheck(check, { files: true, png: context.png, page }, context);
    if (!searched.ok) return searched;
    result = searched.value;
    if (!result.interrupted) context.done.set(key, { run: result, dir });
  }
  let page = false;
  if (result.files !== null && !result.interrupted) {
    const files = new Map(result.files);
    // The step's featured check gets an explorer page beside its diagram.
    if (run.featured === true && result.page !== null) {
      const script = await pageScript(check.target);
      if (!script.ok) return script;
      files.set(EXPLORE_PAGE, await pageHtml(script.value, result.page));
      page = true;
    }
    // As `check --out` does: an earlier run's trace must not linger beside a verdict that now holds.
    const written = await replaceFiles(join(context.out, dir), files, [...CHECK_OUTPUT_NAMES, EXPLORE_PAGE]);
    if (!written.ok) return written;
  }
  return ok({
    id: run.id,
    says: run.says,
    words: [...words, '--out', join(context.out, dir)],
    dir,
    expected: run.expect,
    verdicts: result.verdicts,
    matched: !result.interrupted && matches(run.expect, result.verdicts),
    states: result.states,
    seconds: earlier !== undefined ? 0 : result.seconds,
    ...(result.files?.has(CHECK_OUTPUT_FILES.traceSvg) === true ? { diagram: CHECK_OUTPUT_FILES.traceSvg } : {}),
    ...(result.files?.has(CHECK_OUTPUT_FILES.report) === true ? { report: CHECK_OUTPUT_FILES.report } : {}),
    ...(page ? { page: EXPLORE_PAGE } : {}),
    ...(earlier !== undefined ? { reusedFrom: earlier.dir } : {}),
    interrupted: result.interrupted,
  });
}
