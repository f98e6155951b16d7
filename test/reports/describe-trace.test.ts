import { describe, expect, it } from 'vitest';
import { MINORITY_LEGEND, describeTrace, genericFinals, laneFinals, toJsonValue } from '../../reports/describe-trace.ts';
import { sequenceDiagram } from '../../reports/sequence.ts';
import { check, type Model, type LaneDescription } from '../../explorer/index.ts';
import { model as twoPhase, type TwoPhaseAction, type TwoPhaseState } from '../../examples/two-phase-commit.ts';
import { parseDot } from './dot-parse.ts';
import { compactValue } from '../../reports/_internals/text.ts';

const lanes: LaneDescription[] = [
  { id: 'C1', label: 'C1', role: 'client' },
  { id: 'R1', label: 'R1', role: 'replica' },
  { id: 'S1', label: 'S1', role: 'spare' },
];

describe('laneFinals', () => {
  it('takes each replica and spare entry of a record keyed by lane ids, and leaves clients out', () => {
    const view = {
      replicas: { R1: { up: true, entries: [1] }, S1: { up: false } },
      clients: { C1: { pending: null } },
      stores: { R1: 5, R9: 1 },
      net: 'ok',
    };
    expect(laneFinals(lanes, view)).toEqual({ R1: { up: true, entries: [1], stores: 5 }, S1: { up: false } });
  });

  it('gives nothing when no field is keyed by lanes', () => {
    expect(laneFinals(lanes, { R1: '1 v1', net: 'ok' })).toEqual({});
  });
});

describe('genericFinals', () => {
  const three: LaneDescription[] = [
    { id: 'C1', label: 'C1', role: 'client' },
    { id: 'R1', label: 'R1', role: 'replica' },
    { id: 'R2', label: 'R2', role: 'replica' },
    { id: 'R3', label: 'R3', role: 'replica' },
    { id: 'S1', label: 'S1', role: 'spare' },
  ];

  it('prints each field compactly and highlights the value fewer replicas hold than the most common one', () => {
    const view = {
      nodes: {
        R1: { x: 1, up: true },
        R2: { x: 0, up: true },
        R3: { x: 0, up: false },
        S1: { x: 1, hints: [{ for: 'R2', x: 1 }] },
      },
    };
    // x: R2 and R3 hold 0, R1 alone holds 1, so R1's x is the odd one; up: true twice, false once, so R3's.
    // S1 is the only spare: nothing to compare it with.
    expect(genericFinals(three, view)).toEqual({
      lanes: {
        R1: [{ key: 'x', value: '1', highlight: true }, { key: 'up', value: 'yes' }],
        R2: [{ key: 'x', value: '0' }, { key: 'up', value: 'yes' }],
        R3: [{ key: 'x', value: '0' }, { key: 'up', value: 'no', highlight: true }],
        S1: [{ key: 'x', value: '1' }, { key: 'hints', value: 'for=R2 x=1' }],
      },
      legend: MINORITY_LEGEND,
    });
  });

  it('highlights nothing, and gives no legend, on a tie or when all agree', () => {
    const lanes = three.slice(0, 3);
    const finals = genericFinals(lanes, { nodes: { R1: { x: 1, y: 2 }, R2: { x: 0, y: 2 } } });
    expect(finals.legend).toBeUndefined();
    expect(Object.values(finals.lanes).flat().some((row) => row.highlight === true)).toBe(false);
  });
});

describe('describeTrace final tables for a user model without describe.finals', async () => {
  const result = await check(twoPhase, { properties: ['atomicity'] });
  const trace = result.results[0].trace!;

  it('two-phase commit, whose view keys nothing by lane: the chart draws, with no tables and no legend', () => {
    const described = describeTrace(twoPhase, trace, 'atomicity');
    expect(described.finals).toEqual({ lanes: {} });
    const dot = parseDot(sequenceDiagram(described));
    expect(dot.nodes.has('C_h') && dot.nodes.has('P1_h') && dot.nodes.has('P2_h')).toBe(true);
    expect([...dot.nodes.keys()].filter((id) => id.endsWith('_final') || id === 'final_legend')).toEqual([]);
  });

  it('the same model with a view keyed by lanes: compact tables, the participant that aborted highlighted', () => {
    const keyed: Model<TwoPhaseState, TwoPhaseAction> = {
      ...twoPhase,
      describe: {
        ...twoPhase.describe!,
        state: (s) => ({ processes: { C: { state: s.coordinator, votes: s.yesVotes }, P1: { state: s.participants[0] }, P2: { state: s.participants[1] } } }),
      },
    };
    // The shortest atomicity violation (4 steps): one participant votes yes, the coordinator
    // commits on that vote, the participant learns commit, the other votes no. So C and one
    // participant end committed, the other aborted: among the three lanes of role `process`,
    // aborted is the minority value of `state`.
    expect(trace.actions.length).toBe(4);
    const described = describeTrace(keyed, trace, 'atomicity');
    const last = trace.states[4];
    const aborted = `P${last.participants.indexOf('aborted') + 1}`;
    const highlightedLanes = Object.entries(described.finals.lanes)
      .filter(([, rows]) => rows.some((row) => row.highlight === true))
      .map(([lane]) => lane);
    expect(highlightedLanes).toEqual([aborted]);
    expect(described.finals.lanes[aborted]).toEqual([{ key: 'state', value: 'aborted', highlight: true }]);
    expect(described.finals.legend).toBe(MINORITY_LEGEND);
    const dot = parseDot(sequenceDiagram(described));
    expect(dot.nodes.get(`${aborted}_final`)?.label).toContain('BGCOLOR="#fecaca">aborted');
    expect(dot.nodes.get('final_legend')?.label).toContain(MINORITY_LEGEND);
  });

  it("a model's own describe.finals replaces the generic tables", () => {
    const own: Model<TwoPhaseState, TwoPhaseAction> = {
      ...twoPhase,
      describe: {
        ...twoPhase.describe!,
        finals: (states) => ({ lanes: { C: [{ key: 'decided', value: states[states.length - 1].coordinator }] } }),
      },
    };
    expect(describeTrace(own, trace, 'atomicity').finals).toEqual({ lanes: { C: [{ key: 'decided', value: 'committed' }] } });
  });
});

describe('compactValue', () => {
  it('prints no braces or quotes', () => {
    expect(compactValue(null)).toBe('-');
    expect(compactValue(true)).toBe('yes');
    expect(compactValue('v(1,C1)')).toBe('v(1,C1)');
    expect(compactValue([])).toBe('none');
    expect(compactValue(['x:=1', 2])).toBe('[x:=1, 2]');
    expect(compactValue({ value: 1, version: 'v(1,C1)' })).toBe('value=1 version=v(1,C1)');
    expect(compactValue([{ value: 1, version: 'v0' }, { value: 2, tags: ['a'] }])).toBe('value=1 version=v0\nvalue=2 tags=[a]');
  });
});

describe('toJsonValue', () => {
  it('turns maps, sets, bigints and typed arrays into JSON', () => {
    expect(toJsonValue({ m: new Map([['a', 1n]]), s: new Set([2]), t: new Uint8Array([3]), u: undefined, f: Infinity })).toEqual({
      m: [['a', '1']],
      s: [2],
      t: [3],
      u: null,
      f: 'Infinity',
    });
  });
});
