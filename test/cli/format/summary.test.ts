import { describe, expect, it } from 'vitest';
import type { Model, CheckResult } from '../../../explorer/index.ts';
import { buildCheckReport, checkJson } from '../../../cli/format/check-report.ts';
import { colours, formatSummary } from '../../../cli/format/summary.ts';

/** A counter that may step by one or two; `small` fails once it reaches 3. */
const counter: Model<number, 1 | 2> = {
  name: 'counter',
  init: () => [0],
  actions: (n) => (n < 4 ? [1, 2] : []),
  next: (n, step) => n + step,
  encode: (n, out) => { out.u8(n); },
  properties: [
    { name: 'small', kind: 'always', check: (n) => n < 3 },
    { name: 'reaches-two', kind: 'sometimes', check: (n) => n === 2 },
  ],
  describe: { action: (n, step) => `add ${step} to ${n}` },
};

const stats = { states: 1234, transitions: 5678, depth: 2, seconds: 0.5, statesPerSecond: 2468, peakMemoryBytes: 1e6, bytesPerState: 12.5 };

/** 0 -> 1 -> 3: the shortest way to 3 takes 2 steps (0+1+2; also 0+2+1). */
const violated: CheckResult<number, 1 | 2> = {
  verdict: 'violated',
  results: [
    { property: 'small', kind: 'always', verdict: 'violated', trace: { states: [0, 1, 3], actions: [1, 2], actionIndices: [0, 1] } },
    { property: 'reaches-two', kind: 'sometimes', verdict: 'holds', trace: { states: [0, 2], actions: [2], actionIndices: [1] } },
  ],
  stats,
  exhaustive: false,
  coverage: 'explored 1234 states to depth 2; stopped early: every property was decided',
  collisionProbability: 0,
  strategy: 'bfs',
  symmetry: false,
  reduction: false,
};

const subject = { config: { n: 3 }, configLine: 'N=3 W=2 R=2', workers: 1, interrupted: false };

describe('buildCheckReport and checkJson', () => {
  it('leads with the first violated property and puts its counterexample into words', () => {
    const report = buildCheckReport(counter, violated, subject);
    expect(report.property).toBe('small');
    expect(report.counterexample?.steps).toEqual([
      { index: 1, actionIndex: 0, label: 'add 1 to 0' },
      { index: 2, actionIndex: 1, label: 'add 2 to 1' },
    ]);
    const json = checkJson(report) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'verdict', 'property', 'config', 'stats', 'counterexample', 'properties', 'exhaustive', 'coverage',
      'collisionProbability', 'symmetry', 'reduction', 'quotient', 'strategy', 'workers', 'interrupted',
    ]);
    expect(json.reduction).toBe(false);
    expect(json.quotient).toBeNull();
    expect(json.counterexample).toEqual({ steps: [{ step: 1, index: 0, label: 'add 1 to 0' }, { step: 2, index: 1, label: 'add 2 to 1' }] });
    expect(json.properties).toEqual([
      { name: 'small', kind: 'always', verdict: 'violated', counterexampleLength: 2 },
      { name: 'reaches-two', kind: 'sometimes', verdict: 'holds', counterexampleLength: 1 },
    ]);
    expect(json.stats).toEqual({ states: 1234, transitions: 5678, depth: 2, seconds: 0.5, statesPerSecond: 2468, peakMemoryBytes: 1e6, bytesPerState: 12.5 });
  });

  it('puts reduction and the states it expanded by one action into the JSON stats, only when present', () => {
    const reduced: CheckResult<number, 1 | 2> = { ...violated, reduction: true, stats: { ...violated.stats, reducedStates: 321 } };
    const json = checkJson(buildCheckReport(counter, reduced, { ...subject, workers: 1 }));
    expect(json.reduction).toBe(true);
    expect(json.stats.reducedStates).toBe(321);
    expect(Object.keys(json.stats).at(-1)).toBe('reducedStates');
    expect('reducedStates' in (checkJson(buildCheckReport(counter, violated, subject)) as { stats: object }).stats).toBe(false);
  });

  it('rounds the symmetry factor estimate and its interval to 4 decimals in the JSON stats', () => {
    const estimated: CheckResult<number, 1 | 2> = {
      ...violated,
      stats: { ...violated.stats, symmetryFactor: { estimate: 5.46451234, low: 5.391211941962253, high: 5.537788058037747, sampled: 1000, exact: false } },
    };
    const json = checkJson(buildCheckReport(counter, estimated, subject)) as { stats: { symmetryFactor: unknown } };
    expect(json.stats.symmetryFactor).toEqual({ estimate: 5.4645, low: 5.3912, high: 5.5378, sampled: 1000, exact: false });
  });

  it('labels actions of a model without describe hooks as JSON', () => {
    const { describe: _omitted, ...bare } = counter;
    const report = buildCheckReport(bare, violated, subject);
    expect(report.counterexample?.steps.map((s) => s.label)).toEqual(['1', '2']);
  });
});

describe('formatSummary', () => {
  it('prints the verdict, the config line, the search and numbered steps, without colour off a terminal', () => {
    const text = formatSummary(buildCheckReport(counter, violated, subject), colours(false));
    expect(text).toBe(
      [
        'VIOLATED  small (counterexample: 2 steps)',
        'config:  N=3 W=2 R=2',
        'search:  1,234 states, 5,678 transitions, depth 2, 0.50 s (2,468 states/s); bfs, symmetry off',
        'covered: explored 1234 states to depth 2; stopped early: every property was decided',
        'properties:',
        '  small [always]: VIOLATED (counterexample: 2 steps)',
        '  reaches-two [sometimes]: HOLDS (example: 1 step)',
        'counterexample (2 steps):',
        '  1. add 1 to 0',
        '  2. add 2 to 1',
        '',
      ].join('\n'),
    );
  });

  it('names partial-order reduction and the workers on the search line when they were used', () => {
    const reduced: CheckResult<number, 1 | 2> = { ...violated, reduction: true, stats: { ...violated.stats, reducedStates: 1000 } };
    expect(formatSummary(buildCheckReport(counter, reduced, subject), colours(false)).split('\n')[2]).toBe(
      'search:  1,234 states, 5,678 transitions, depth 2, 0.50 s (2,468 states/s); bfs, symmetry off, partial-order reduction on (1,000 states expanded by one action)',
    );
    expect(formatSummary(buildCheckReport(counter, violated, { ...subject, workers: 2 }), colours(false)).split('\n')[2]).toMatch(/; bfs, symmetry off, 2 workers$/);
  });

  it('names the quotients on the search line, and the faults they left out on a line of their own', () => {
    const sentence = 'the partition cannot change small here (it only delays): checked without it';
    const quotient = { rules: ['unobservable-faults', 'last-op-timeouts'], removed: ['partitions'], sentence };
    const report = buildCheckReport(counter, violated, { ...subject, quotient });
    const lines = formatSummary(report, colours(false)).split('\n');
    expect(lines.slice(1, 4)).toEqual([
      'config:  N=3 W=2 R=2',
      `faults:  ${sentence}`,
      'search:  1,234 states, 5,678 transitions, depth 2, 0.50 s (2,468 states/s); bfs, symmetry off, quotients on (unobservable-faults, last-op-timeouts)',
    ]);
    expect((checkJson(report) as { quotient: unknown }).quotient).toEqual(quotient);
    // Without faults left out there is no faults line.
    const lazy = formatSummary(buildCheckReport(counter, violated, { ...subject, quotient: { rules: ['lazy-faults'], removed: [], sentence: null } }), colours(false));
    expect(lazy.split('\n')[2]).toMatch(/; bfs, symmetry off, quotients on \(lazy-faults\)$/);
  });

  it('colours the verdict on a terminal, unless NO_COLOR asks not to', () => {
    const saved = { NO_COLOR: process.env.NO_COLOR, TERM: process.env.TERM };
    try {
      delete process.env.NO_COLOR;
      process.env.TERM = 'xterm';
      expect(formatSummary(buildCheckReport(counter, violated, subject), colours(true)).split('\n')[0]).toContain('\u001b[31m');
      process.env.NO_COLOR = '1';
      expect(formatSummary(buildCheckReport(counter, violated, subject), colours(true))).not.toContain('\u001b[');
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) Reflect.deleteProperty(process.env, key);
        else process.env[key] = value;
      }
    }
  });

  it('marks where a lasso loops back', () => {
    const lasso: CheckResult<number, 1 | 2> = {
      ...violated,
      results: [{ property: 'small', kind: 'always', verdict: 'violated', trace: { states: [0, 1, 3], actions: [1, 2], actionIndices: [0, 1], loopStart: 1 } }],
    };
    const text = formatSummary(buildCheckReport(counter, lasso, subject), colours(false));
    expect(text).toContain('  -- the loop starts here and repeats forever --\n  2. add 2 to 1');
  });
});
