import { describe, expect, it } from 'vitest';
import { reportMarkdown, type ReportInput } from '../../reports/markdown.ts';

const base: ReportInput = {
  source: 'strict',
  verdict: 'inconclusive',
  property: { name: 'stale-read', kind: 'always' },
  reason: 'state limit 100 reached',
  config: { n: 3, ops: 'w1|r', names: { R1: 'a' } },
  stats: { states: 100, transitions: 250, depth: 4 },
  strategy: 'bfs',
  symmetry: true,
  exhaustive: false,
  coverage: 'explored 100 states to depth 4',
  limits: { maxStates: 100, maxDepth: 9 },
  collisionProbability: 0,
};

describe('reportMarkdown', () => {
  it('says why a search is inconclusive, its bounds and what it covered', () => {
    const md = reportMarkdown(base);
    expect(md).toContain('# strict: `stale-read` is INCONCLUSIVE');
    expect(md).toContain('- **Why inconclusive:** state limit 100 reached');
    expect(md).toContain('- **Bounds:** depth <= 9, states <= 100');
    expect(md).toContain('- **Covered:** explored 100 states to depth 4');
    expect(md).not.toContain('collision');
  });

  it('escapes table cells and prints nested values compactly', () => {
    const md = reportMarkdown(base);
    expect(md).toContain('| ops | w1\\|r |');
    expect(md).toContain('| names | {R1: a} |');
  });

  it('gives the collision probability of a search that holds, in two significant digits', () => {
    const md = reportMarkdown({ ...base, verdict: 'holds', exhaustive: true, collisionProbability: 3.81e-10, limits: undefined, coverage: undefined });
    expect(md).toContain('- **Fingerprint collision probability:** 3.8e-10');
    expect(md).toContain('- **Bounds:** none (the whole reachable state space)');
    expect(md).toContain('- **Covered:** every reachable state within the bounds');
  });

  it('marks where a lasso loops', () => {
    const md = reportMarkdown({
      ...base,
      verdict: 'violated',
      trace: { kind: 'counterexample', narrations: ['a', 'b', 'c'], loopStart: 1, explanation: 'they never agree' },
    });
    expect(md).toContain('- **Step 2:** B. (the cycle starts here)');
    expect(md).toContain('From here the behaviour returns to the state after step 1 and repeats forever.');
    expect(md.endsWith('They never agree.\n')).toBe(true);
    expect(md).toContain('## The counterexample (3 steps)');
  });
});
