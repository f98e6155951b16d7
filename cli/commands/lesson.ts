/**
 * `quorumlab lesson [NAME] [--out DIR] [--json]`: the article's argument as checked steps. Each
 * step prints its claim, the exact commands that check it, their verdicts and where the diagram
 * went; with no NAME every step runs and `DIR/index.md` links them all.
 *
 * Exit codes: 0 every step checked out as claimed; 1 some verdict was not the one the lesson
 * expects (printed loudly: the lesson, or the model, is wrong); 2 bad input; 3 interrupted.
 */
import { performance } from 'node:perf_hooks';
import { ExitCode, fail } from '../errors.ts';
import { formatLessonEnd, formatRun, formatStepEnd, formatStepHeading, lessonIndex, lessonJson } from '../format/lesson-transcript.ts';
import { colours } from '../format/summary.ts';
import type { CommandIo } from '../io.ts';
import { prepareLesson, runStep, type LessonContext, type StepOutcome } from '../lesson/run-lesson.ts';
import { findLessonStep, lessonSteps, type LessonStep } from '../lesson/steps.ts';
import { writeFiles } from '../output-files.ts';
import { CheckHost } from '../search/check-host.ts';
import { listenForInterrupts } from '../search/interrupts.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** Where the lesson writes when `--out` is not given. */
export const DEFAULT_LESSON_OUT = 'quorumlab-out/lesson';

/** The raw option values of `lesson`. */
export interface RawLessonFlags {
  readonly out?: string;
  readonly json?: boolean;
  /** Write a PNG beside every SVG. */
  readonly png?: boolean;
}

/** Runs `lesson`: one step by name, or all of them and the index. */
export async function runLesson(name: string | undefined, raw: RawLessonFlags, io: CommandIo): Promise<CommandOutcome> {
  const interrupts = listenForInterrupts();
  const host = new CheckHost();
  try {
    if (raw.out !== undefined && raw.out.trim() === '') return finish(io, fail('QL103', `--out must name a directory (got '')`));
    const out = raw.out ?? DEFAULT_LESSON_OUT;
    let steps: readonly LessonStep[] = lessonSteps;
    if (name !== undefined) {
      const step = findLessonStep(name);
      if (step === undefined) return finish(io, fail('QL110', `unknown lesson step '${name}'; known: ${lessonSteps.map((known) => known.name).join(', ')}`));
      steps = [step];
    }
    const prepared = await prepareLesson(steps, io.cwd);
    if (!prepared.ok) return finish(io, prepared);

    const json = raw.json === true;
    const c = colours(io.stdoutIsTTY && !json);
    const say = (text: string): void => {
      if (!json) io.out(text);
    };
    const context: LessonContext = { out, io, interrupts, showProgress: io.stderrIsTTY && !json, host, done: new Map(), png: raw.png === true };
    const started = performance.now();
    say(c.bold(`quorumlab lesson: ${steps.length === 1 ? 'one step' : `${steps.length} steps`} of the argument, each checked by the model checker (files in ${out})\n\n`));

    const outcomes: StepOutcome[] = [];
    let interrupted = false;
    for (const step of steps) {
      say(formatStepHeading(step, lessonSteps.indexOf(step) + 1, lessonSteps.length, c));
      const outcome = await runStep(step, prepared.value, context);
      if (!outcome.ok) return finish(io, outcome);
      for (const run of outcome.value.runs) say(formatRun(run, c));
      say(formatStepEnd(outcome.value, out, c));
      outcomes.push(outcome.value);
      if (outcome.value.runs.some((run) => run.interrupted)) {
        interrupted = true;
        break;
      }
    }

    let index: string | undefined;
    if (name === undefined && !interrupted) {
      const written = await writeFiles(out, new Map([['index.md', lessonIndex(outcomes)]]));
      if (!written.ok) return finish(io, written);
      index = `${out.endsWith('/') ? out : `${out}/`}index.md`;
    }
    const seconds = (performance.now() - started) / 1000;
    if (json) io.out(`${JSON.stringify(lessonJson(outcomes, out, interrupted), null, 2)}\n`);
    else say(formatLessonEnd(outcomes, seconds, index, c));
    if (interrupted) {
      io.err('interrupted: the lesson stopped before its last step\n');
      return { exitCode: ExitCode.inconclusive };
    }
    return { exitCode: outcomes.every((outcome) => outcome.matched) ? ExitCode.holds : ExitCode.violated };
  } finally {
    await host.close();
    interrupts.dispose();
  }
}
