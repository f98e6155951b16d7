/**
 * The state graph: the whole graph of a small space against an independent reachability count,
 * the neighbourhood of a trace (the alternatives at each state collapsed by kind, counted, and
 * marked where they lead), short labels in the model's words, and a picture shaped for a slide.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, replay, type Trace } from '../../explorer/index.ts';
import { actionKind, formatValue, stateBrief, stateGraph, stateGraphOf, traceNeighbourhood, wholeStateGraph } from '../../reports/state-graph.ts';
import { renderSvg } from '../../reports/render.ts';
import { parseDot } from './dot-parse.ts';
import { ghostModel } from './fixtures/ghost-model.ts';
import { distances, graphArbitrary, graphModel, type Graph } from '../explorer/fixtures/graph.ts';
import { quorumModel, packedQuorumModel, findScenario } from '../../spec/index.ts';
import { model as twoPhaseCommit } from '../../examples/two-phase-commit.ts';

async function ghostTrace() {
  const result = await check(ghostModel);
  const trace = result.results[0].trace;
  if (trace === null) throw new Error('no counterexample');
  return trace;
}

/** A trace of a graph model along the given out-edge indices from its first initial node. */
function graphTrace(graph: Graph, choices: readonly number[]): Trace<number, number> {
  return replay(graphModel(graph), 0, choices);
}

describe('traceNeighbourhood', () => {
  it('has the path states and, at each state that offers one, a group for the alternative', async () => {
    const graph = traceNeighbourhood(ghostModel, await ghostTrace());
    expect(graph.layout).toBe('neighbourhood');
    // 14 path states s0..s13; the script offers its alternative at the odd states 1..11.
    expect(graph.nodes.filter((n) => n.kind === 'path' || n.kind === 'violating').map((n) => n.id)).toEqual(Array.from({ length: 14 }, (_, i) => `s${i}`));
    const groups = graph.nodes.filter((n) => n.kind === 'group');
    expect(groups.map((n) => n.parent)).toEqual(['s1', 's3', 's5', 's7', 's9', 's11']);
    // Each alternative is a string action: its kind is the first word of its label ("alternative at 1").
    for (const group of groups) expect(group.lines).toEqual(['alternative x1: 1 new']);
    expect(graph.nodes.find((n) => n.id === 's13')?.kind).toBe('violating');
    expect(graph.edges.filter((e) => e.kind === 'path')).toHaveLength(13);
  });

  it('collapses alternatives by kind, counting new states, states offered before, and states of the path', () => {
    // By hand: 0 -> 1 -> 2 is the path (edges 0 then 0). At node 0 the other edges go to 3, 3
    // again and 1 (the path's next state); at node 1 the other edge goes to 3, offered already.
    const graph: Graph = { nodes: 4, edges: [[1, 3, 3, 1], [2, 3], [], []], fair: [[null, null, null, null], [null, null], [], []], inits: [0] };
    const model = graphModel(graph);
    const trace = graphTrace(graph, [0, 0]);
    const drawn = traceNeighbourhood(model, trace);
    // A graph model's actions are numbers, so each alternative's kind is its label's first word: the number.
    const groups = drawn.nodes.filter((n) => n.kind === 'group');
    expect(groups.map((n) => [n.parent, n.lines[0]])).toEqual([
      ['s0', '1 x1: 1 new'],
      ['s0', '2 x1: 1 seen'],
      ['s0', '3 x1: to s1'],
      ['s1', '1 x1: 1 seen'],
    ]);
  });
});

describe('wholeStateGraph', () => {
  it('draws every reachable state and each transition between two states once', () => {
    fc.assert(
      fc.property(graphArbitrary(12), fc.array(fc.nat(), { maxLength: 6 }), (graph, choices) => {
        const model = graphModel(graph);
        const start = graph.inits[0];
        // A walk from the first initial node along the chosen edges, as far as it goes.
        const path: number[] = [];
        let at = start;
        for (const choice of choices) {
          if (graph.edges[at].length === 0) break;
          path.push(choice % graph.edges[at].length);
          at = graph.edges[at][path[path.length - 1]];
        }
        const trace = replay(model, graph.inits.indexOf(start), path);
        const drawn = wholeStateGraph(model, trace, { violating: false });
        const reachable = distances(graph);
        expect(drawn?.nodes).toHaveLength(reachable.size);
        const pairs = new Set<string>();
        for (const u of reachable.keys()) for (const v of graph.edges[u]) pairs.add(`${u}>${v}`);
        const idOf = new Map<string, number>();
        // Path nodes are named by their index on the path, the others numbered: map both back through the trace and tooltips.
        trace.states.forEach((state, i) => {
          const node = drawn?.nodes.find((n) => n.id === `s${i}`);
          if (node !== undefined) idOf.set(node.id, state);
        });
        for (const node of drawn?.nodes ?? []) if (node.kind === 'state') idOf.set(node.id, Number(node.tooltip?.replace(/^state /, '')));
        const pairOf = (e: { from: string; to: string }): string => `${idOf.get(e.from)}>${idOf.get(e.to)}`;
        expect(new Set((drawn?.edges ?? []).map(pairOf))).toEqual(pairs);
        // Off the path, each pair of states is joined once, and never where the path already runs.
        const pathPairs = new Set((drawn?.edges ?? []).filter((e) => e.kind === 'path').map(pairOf));
        const others = (drawn?.edges ?? []).filter((e) => e.kind !== 'path').map(pairOf);
        expect(new Set(others).size).toBe(others.length);
        for (const pair of others) expect(pathPairs.has(pair)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('gives up above the limit, and stateGraphOf then draws the neighbourhood', () => {
    // A chain 0 -> 1 -> ... -> 9: ten states.
    const graph: Graph = { nodes: 10, edges: Array.from({ length: 10 }, (_, i) => (i < 9 ? [i + 1] : [])), fair: Array.from({ length: 10 }, (_, i) => (i < 9 ? [null] : [])), inits: [0] };
    const model = graphModel(graph);
    const trace = graphTrace(graph, [0, 0]);
    expect(wholeStateGraph(model, trace, { maxStates: 10 })?.nodes).toHaveLength(10);
    expect(wholeStateGraph(model, trace, { maxStates: 9 })).toBeUndefined();
    expect(stateGraphOf(model, trace, { maxStates: 9 }).layout).toBe('neighbourhood');
    expect(stateGraphOf(model, trace, { maxStates: 10 }).layout).toBe('whole');
  });

  it('draws the two-phase commit example whole, as many states as a brute-force enumeration finds', async () => {
    const result = await check(twoPhaseCommit, { symmetry: false, properties: ['atomicity'] });
    const trace = result.results[0].trace;
    if (trace === null) throw new Error('no counterexample');
    // Independently: breadth-first over the states as JSON text.
    const seen = new Set<string>();
    const queue = [...twoPhaseCommit.init()];
    for (const state of queue) seen.add(JSON.stringify(state));
    for (let head = 0; head < queue.length; head++) {
      for (const action of twoPhaseCommit.actions(queue[head])) {
        const next = twoPhaseCommit.next(queue[head], action);
        if (seen.has(JSON.stringify(next))) continue;
        seen.add(JSON.stringify(next));
        queue.push(next);
      }
    }
    const drawn = wholeStateGraph(twoPhaseCommit, trace);
    expect(drawn?.nodes).toHaveLength(seen.size);
    const dot = stateGraph(drawn!);
    // Views printed compactly: no JSON braces, quotes or key: value pairs in any label.
    for (const line of dot.split('\n').filter((l) => l.includes('label='))) expect(line.replace(/tooltip="[^"]*"/, '')).not.toMatch(/\{"|":|\[\{/);
    expect(await renderSvg(dot)).toContain('<svg');
  });
});

describe('state labels', () => {
  it('say a quorum state in at most five short lines of the final tables\' words, never JSON', async () => {
    const scenario = findScenario('sloppy-ghost')!;
    const model = quorumModel(scenario.config);
    const result = await check(model, { properties: ['stale-read'] });
    const trace = result.results[0].trace!;
    for (const state of trace.states) {
      const lines = stateBrief(model, state);
      expect(lines.length).toBeLessThanOrEqual(5);
      for (const line of lines) {
        expect(line.length).toBeLessThanOrEqual(46);
        expect(line).not.toMatch(/"\w+":|\{"|\bnull\b|\bfalse\b|\btrue\b/);
      }
    }
    // The last state, by hand: R1 and S1 hold the write, R2 and R3 the initial value; S1 holds
    // the hint; C1's write completed and C2's read returned 0; the write to R3 is still in flight.
    expect(stateBrief(model, trace.states[trace.states.length - 1]).join(' / ')).toBe(
      '1 v(1,C1) at R1, S1; 0 v0 at R2, R3 / hints at S1 / C1 write(1) ok; C2 read -> 0 / 1 in flight; partition {R1, S1, C1} | {R2, / R3, C2}',
    );
  });

  it('prints a model without a brief compactly, field by field, and groups actions by kind', () => {
    const graph: Graph = { nodes: 2, edges: [[1], []], fair: [[null], []], inits: [0] };
    expect(stateBrief(graphModel(graph), 1)).toEqual(['state 1']);
    expect(actionKind(graphModel(graph), 0, 0)).toBe('0');
    const quorum = quorumModel(findScenario('strict')!.config);
    expect(actionKind(quorum, quorum.init()[0], quorum.actions(quorum.init()[0])[0])).toBe('invoke');
    // The packed model's actions are integers: its describe hook names their kinds.
    const packed = packedQuorumModel(findScenario('strict')!.config);
    const kinds = new Set(packed.actions(packed.init()[0]).map((a) => actionKind(packed, packed.init()[0], a)));
    expect([...kinds].sort()).toEqual(['invoke', 'partition']);
  });
});

describe('stateGraph', () => {
  it('draws the path red, the violation marked, changed lines bold, and renders', async () => {
    const text = stateGraph(traceNeighbourhood(ghostModel, await ghostTrace()));
    const dot = parseDot(text);
    expect(dot.nodes.get('s13')?.label).toContain('s13: violation');
    expect(dot.nodes.get('s0')?.label).toContain('s0: initial');
    expect(dot.edges.filter((e) => e.attrs.class === 'path' && e.attrs.arrowhead === undefined)).toHaveLength(13);
    expect(await renderSvg(text)).toContain('<svg');
  });

  it('wraps a long path into columns so the picture is shaped like a slide', async () => {
    const scenario = findScenario('sloppy-ghost')!;
    const model = quorumModel(scenario.config);
    const result = await check(model, { properties: ['stale-read'] });
    const svg = await renderSvg(stateGraph(traceNeighbourhood(model, result.results[0].trace!)));
    const [, width, height] = /width="(\d+)pt" height="(\d+)pt"/.exec(svg)!.map(Number);
    // Eleven steps in one column would be about five times as tall as wide.
    expect(width / height).toBeGreaterThan(1);
    expect(width / height).toBeLessThan(2.5);
  });
});

describe('formatValue', () => {
  it('prints views compactly', () => {
    expect(formatValue(null)).toBe('-');
    expect(formatValue([1, 'a', [true]])).toBe('[1, a, [true]]');
    expect(formatValue({ v: 1, hint: { for: 'R2' } })).toBe('{v: 1, hint: {for: R2}}');
  });
});
