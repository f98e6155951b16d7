import { describe, expect, it } from 'vitest';
import { formatStepTable } from '../../../cli/format/lesson-transcript.ts';
import { colours } from '../../../cli/format/summary.ts';
import type { RunOutcome, StepOutcome } from '../../../cli/lesson/run-lesson.ts';
import { findLessonStep } from '../../../cli/lesson/steps.ts';

/** A run outcome with these verdicts, matched when they are the ones expected. */
function outcome(id: string, expected: Record<string, 'holds' | 'violated'>, verdicts: Record<string, 'holds' | 'violated'>): RunOutcome {
  const matched = Object.entries(expected).every(([property, verdict]) => verdicts[property] === verdict);
  return { id, says: id, words: [], dir: id, expected, verdicts, matched, states: 1, seconds: 0, interrupted: false };
}

describe('the lesson table of a step', () => {
  const step = findLessonStep('more-servers')!;
  const runs = (apAt7: 'holds' | 'violated'): RunOutcome[] =>
    [3, 5, 7].flatMap((n) => [
      outcome(`cp-n${n}`, { availability: 'violated' }, { availability: 'violated' }),
      outcome(`ap-n${n}`, { 'stale-read': 'violated' }, { 'stale-read': n === 7 ? apAt7 : 'violated' }),
    ]);

  it('prints a row per size with each mode\'s verdicts, and the conclusion when every run checked out', () => {
    const stepOutcome: StepOutcome = { step, runs: runs('violated'), matched: true };
    const lines = formatStepTable(stepOutcome, colours(false));
    expect(lines.map((line) => line.trimStart())).toEqual([
      'N   cp: refuse without a strict quorum   ap: sloppy quorum, never refuse',
      '3   availability VIOLATED                stale-read VIOLATED',
      '5   availability VIOLATED                stale-read VIOLATED',
      '7   availability VIOLATED                stale-read VIOLATED',
      'At every size a storm forces the choice: there is no option C.',
    ]);
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  it('leaves the conclusion out when a run did not check out', () => {
    const stepOutcome: StepOutcome = { step, runs: runs('holds'), matched: false };
    const lines = formatStepTable(stepOutcome, colours(false));
    expect(lines[3].trimStart()).toBe('7   availability VIOLATED                stale-read HOLDS');
    expect(lines).toHaveLength(4);
  });
});
