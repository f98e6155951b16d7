import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUORUMS_MEET, findLessonStep, lessonSteps, overlapExpectation } from '../../../cli/lesson/steps.ts';
import { runDir } from '../../../cli/lesson/run-lesson.ts';

/** Whether some k-subset of n replicas misses some j-subset, by listing every pair of bitmasks. */
function someDisjointPair(n: number, w: number, r: number): boolean {
  const ofSize = (k: number): number[] => {
    const masks: number[] = [];
    for (let mask = 0; mask < 1 << n; mask++) {
      let bits = 0;
      for (let m = mask; m !== 0; m >>= 1) bits += m & 1;
      if (bits === k) masks.push(mask);
    }
    return masks;
  };
  return ofSize(w).some((write) => ofSize(r).some((read) => (write & read) === 0));
}

describe('the lesson steps', () => {
  it('are the article\'s nine steps, in its order, each findable by name', () => {
    expect(lessonSteps.map((step) => step.name)).toEqual(['overlap', 'lww-holds', 'first-reply', 'tunable', 'bank', 'more-servers', 'sloppy-ghost', 'healing', 'abd']);
    for (const step of lessonSteps) expect(findLessonStep(step.name)).toBe(step);
    expect(findLessonStep('nope')).toBeUndefined();
  });

  it('each step has one featured run, distinct run directories, and expects a violation of its featured run (so it draws a diagram)', () => {
    for (const step of lessonSteps) {
      const featured = step.runs.filter((run) => run.featured === true);
      expect(featured, step.name).toHaveLength(1);
      const dirs = step.runs.map((run) => runDir(step, run));
      expect(new Set(dirs).size, step.name).toBe(dirs.length);
      expect(runDir(step, featured[0])).toBe(step.name);
      const run = featured[0];
      // An overlap run always draws its pair of quorums; a check draws only a counterexample.
      if (run.kind === 'check') expect(Object.values(run.expect), step.name).toContain('violated');
      for (const other of step.runs) if (other.kind === 'check') expect(Object.keys(other.expect).length).toBeGreaterThan(0);
    }
  });

  it('a step\'s table names each of its runs once, a row per size and a column per mode', () => {
    for (const step of lessonSteps) {
      if (step.table === undefined) continue;
      const named = step.table.rows.flatMap((row) => row.runs);
      expect([...named].sort(), step.name).toEqual(step.runs.map((run) => run.id).sort());
      for (const row of step.table.rows) expect(row.runs).toHaveLength(step.table.columns.length);
    }
    const more = findLessonStep('more-servers');
    // N = 3, 5, 7 with majority quorums: W = R = 2, 3, 4.
    for (const [n, majority] of [[3, 2], [5, 3], [7, 4]] as const) {
      for (const run of more?.runs.filter((candidate) => candidate.id.endsWith(`-n${n}`)) ?? []) {
        if (run.kind !== 'check') continue;
        expect(run.flags).toMatchObject({ n: String(n), w: String(majority), r: String(majority), partitions: '1' });
      }
    }
  });

  it('the overlap expectation is the pigeonhole: quorums always meet exactly when no disjoint pair exists', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n }))),
        ([n, w, r]) => {
          expect(overlapExpectation({ n, w, r })[QUORUMS_MEET]).toBe(someDisjointPair(n, w, r) ? 'violated' : 'holds');
        },
      ),
      { numRuns: 200 },
    );
  });
});
