import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/index.ts';
import { stateGraph, traceNeighbourhood, formatValue } from '../../reports/state-graph.ts';
import { renderSvg } from '../../reports/render.ts';
import { parseDot } from './dot-parse.ts';
import { ghostModel } from './fixtures/ghost-model.ts';

async function ghostTrace() {
  const result = await check(ghostModel);
  const trace = result.results[0].trace;
  if (trace === null) throw new Error('no counterexample');
  return trace;
}

describe('traceNeighbourhood', () => {
  it('has the path states and one level of alternatives', async () => {
    const graph = traceNeighbourhood(ghostModel, await ghostTrace());
    // 14 path states s0..s13; the alternatives are offered at the odd states 1..11, i.e. as
    // alternatives to steps 2, 4, ..., 12.
    expect(graph.nodes.filter((n) => n.kind !== 'sibling').map((n) => n.id)).toEqual(Array.from({ length: 14 }, (_, i) => `s${i}`));
    expect(graph.nodes.filter((n) => n.kind === 'sibling').map((n) => n.id)).toEqual(['s2a', 's4a', 's6a', 's8a', 's10a', 's12a']);
    expect(graph.nodes.find((n) => n.id === 's13')?.kind).toBe('violating');
    expect(graph.edges.filter((e) => e.onPath)).toHaveLength(13);
    expect(graph.edges.filter((e) => !e.onPath)).toHaveLength(6);
  });

  it('counts the alternatives it leaves out', async () => {
    const graph = traceNeighbourhood(ghostModel, await ghostTrace(), { maxSiblings: 0 });
    expect(graph.nodes).toHaveLength(14);
    expect(graph.omitted).toEqual({ s1: 1, s3: 1, s5: 1, s7: 1, s9: 1, s11: 1 });
  });
});

describe('stateGraph', () => {
  it('draws tables with the changed fields highlighted and the path in red', async () => {
    const text = stateGraph(traceNeighbourhood(ghostModel, await ghostTrace()));
    const dot = parseDot(text);
    expect(dot.nodes.size).toBe(20 + 1);
    // Step 1 changes only `net` (the partition).
    const s1 = dot.nodes.get('s1')?.label ?? '';
    expect(s1).toMatch(/#6b7280">net<\/FONT><\/TD><TD[^>]*BGCOLOR="#fef08a"><B>\{R2,R3\} cut off<\/B>/);
    expect(s1).not.toMatch(/>R1<\/FONT><\/TD><TD[^>]*BGCOLOR/);
    expect(dot.nodes.get('s13')?.label).toContain('VIOLATION');
    expect(dot.nodes.get('s0')?.label).toContain('(init)');
    expect(dot.edges.filter((e) => e.attrs.color === 'red')).toHaveLength(13);
    expect(await renderSvg(text)).toContain('<svg');
  });

  it('escapes HTML in views and marks omitted states', () => {
    const text = stateGraph({
      nodes: [
        { id: 'a', view: { x: '<b>&"' }, kind: 'path', initial: true },
        { id: 'b', view: { x: 'y' }, parent: 'a', kind: 'violating' },
      ],
      edges: [{ from: 'a', to: 'b', label: 'go "now"', onPath: true }],
      omitted: { b: 4 },
    });
    expect(text).toContain('&lt;b&gt;&amp;&quot;');
    expect(parseDot(text).nodes.get('b_more')?.label).toBe('4 more');
  });
});

describe('formatValue', () => {
  it('prints views compactly', () => {
    expect(formatValue(null)).toBe('-');
    expect(formatValue([1, 'a', [true]])).toBe('[1, a, [true]]');
    expect(formatValue({ v: 1, hint: { for: 'R2' } })).toBe('{v: 1, hint: {for: R2}}');
  });
});
