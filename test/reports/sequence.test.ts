import { describe, expect, it } from 'vitest';
import { sequenceDiagram, type SequenceInput } from '../../reports/sequence.ts';
import { renderSvg } from '../../reports/render.ts';
import { drawnMessages, parseDot, posOf, type ParsedDot } from './dot-parse.ts';
import { ghostActionLabels, ghostLanes, ghostSteps, ghostViolation } from './fixtures/sloppy-ghost.ts';
import { crashLasso } from './fixtures/crash-lasso.ts';

const ghost: SequenceInput = {
  lanes: ghostLanes,
  steps: ghostSteps,
  actionLabels: ghostActionLabels,
  violation: ghostViolation,
  title: 'sloppy ghost',
};

function laneX(dot: ParsedDot, lane: string): number {
  return posOf(dot.nodes.get(`${lane}_h`)).x;
}

function rowY(dot: ParsedDot, step: number): number {
  return posOf(dot.nodes.get(`T${step}`)).y;
}

/** The vertical extent of a fixed-size box node: [bottom, top] in points. */
function boxExtent(attrs: Record<string, string> | undefined): { left: number; right: number; top: number; bottom: number } {
  const { x, y } = posOf(attrs);
  const halfH = (Number(attrs?.height) * 72) / 2;
  const halfW = (Number(attrs?.width) * 72) / 2;
  return { left: x - halfW, right: x + halfW, top: y + halfH, bottom: y - halfH };
}


describe('sequenceDiagram on the sloppy-quorum ghost', () => {
  const text = sequenceDiagram(ghost);
  const dot = parseDot(text);

  it('pins the layout with neato', () => {
    expect(dot.graph.layout).toBe('neato');
    expect(dot.graph.inputscale).toBe('72');
    expect(dot.graph.splines).toBe('line');
    for (const [id, attrs] of dot.nodes) expect(attrs.pos, id).toMatch(/!$/);
  });

  it('draws one lane per process, each side of the partition together, clients at the outer edge', () => {
    // The fixture's partition cuts {R2,R3} off from {C1,R1,S1,C2}; C1, the first lane, is on the
    // second side, which goes left: its clients C1 and C2 first, then R1 and S1; then R2, R3.
    const order = ['C1', 'C2', 'R1', 'S1', 'R2', 'R3'];
    const heads = [...dot.nodes.keys()].filter((id) => id.endsWith('_h'));
    expect(heads.sort()).toEqual(order.map((id) => `${id}_h`).sort());
    const xs = order.map((id) => laneX(dot, id));
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    expect(dot.nodes.get('S1_h')?.fillcolor).not.toBe(dot.nodes.get('R1_h')?.fillcolor);
    expect(dot.nodes.get('C1_h')?.fillcolor).toBe(dot.nodes.get('C2_h')?.fillcolor);
  });

  it('has one row per step, time flowing down', () => {
    for (let step = 1; step <= ghostSteps.length; step++) expect(rowY(dot, step)).toBeLessThan(rowY(dot, step - 1));
    expect(dot.nodes.get('T1')?.label).toBe('1 partition');
    expect(dot.nodes.get('T8')?.label).toBe('8 heal');
  });

  it('draws every message between existing lanes, from its send row to its delivery row', () => {
    for (const edge of dot.edges) {
      expect(dot.nodes.has(edge.from), edge.from).toBe(true);
      expect(dot.nodes.has(edge.to), edge.to).toBe(true);
    }
    // From the fixture, by hand: [from, to, send step, delivery step] of the 8 delivered messages.
    const delivered: [string, string, number, number][] = [
      ['C1', 'R1', 2, 4],
      ['C1', 'S1', 2, 5],
      ['R1', 'C1', 4, 6],
      ['S1', 'C1', 5, 7],
      ['C2', 'R2', 9, 10],
      ['C2', 'R3', 9, 11],
      ['R2', 'C2', 10, 12],
      ['R3', 'C2', 11, 13],
    ];
    const messages = drawnMessages(dot);
    // 10 sends: 8 delivered, m3 dropped, m8 (C2's read to R1) still in flight.
    expect(messages).toHaveLength(10);
    // A message's pieces chain through waypoints: each joins the previous piece's end.
    for (const message of messages) for (const point of message.waypoints) expect(dot.nodes.get(point)?.class).toBe('waypoint');
    for (const [from, to, sent, arrived] of delivered) {
      const match = messages.filter((e) => {
        const a = posOf(dot.nodes.get(e.from));
        const b = posOf(dot.nodes.get(e.to));
        return a.x === laneX(dot, from) && a.y === rowY(dot, sent) && b.x === laneX(dot, to) && b.y === rowY(dot, arrived);
      });
      expect(match, `${from}->${to}`).toHaveLength(1);
    }
    const drops = messages.filter((e) => e.to.endsWith('_x'));
    expect(drops).toHaveLength(1);
    expect(posOf(dot.nodes.get(drops[0].to))).toEqual({ x: laneX(dot, 'R3'), y: rowY(dot, 3) });
    expect(drops[0].attrs.color).toBe('red');
    const inFlight = messages.filter((e) => e.to.endsWith('_f'));
    expect(inFlight.map((e) => e.to)).toEqual(['R1_f']);
    expect(inFlight[0].attrs.style).toBe('dashed');
    expect([...dot.nodes.keys()].filter((id) => /^m\d+_lbl$/.test(id))).toHaveLength(10);
  });

  it('marks the violating read, its replies and its bar in red, with a note', () => {
    const violating = [...dot.nodes.entries()].filter(([, a]) => a.fillcolor === '#fecaca');
    expect(violating).toHaveLength(1);
    const [id, attrs] = violating[0];
    expect(posOf(attrs)).toEqual({ x: laneX(dot, 'C2'), y: rowY(dot, 13) });
    expect(dot.edges.some((e) => e.from === id && e.to === 'note')).toBe(true);
    expect(dot.nodes.get('note')?.label).toContain('stale-read violated');
    // The replies from R2 and R3 (steps 12 and 13) are the red arrows.
    // Without the model's marks, every message into the violating read is what the chart can point at.
    const red = drawnMessages(dot).filter((e) => e.attrs.color === '#dc2626' && e.attrs.penwidth === '2.5');
    expect(red.map((e) => posOf(dot.nodes.get(e.from)).x).sort()).toEqual([laneX(dot, 'R2'), laneX(dot, 'R3')].sort());
    // C2's cells are at steps 9, 12, 13: two bar segments, both red; C1's (2, 6, 7): two, blue.
    const bars = dot.edges.filter((e) => e.attrs.penwidth === '7');
    expect(bars.filter((e) => e.from.startsWith('C2_')).map((e) => e.attrs.color)).toEqual(['#fca5a5', '#fca5a5']);
    expect(bars.filter((e) => e.from.startsWith('C1_')).map((e) => e.attrs.color)).toEqual(['#93c5fd', '#93c5fd']);
  });

  it('draws the partition as one band between the sides, from the partition row to the heal row, labelled once', () => {
    expect([...dot.nodes.keys()].filter((id) => id.startsWith('part'))).toEqual([]);
    expect([...dot.nodes.keys()].filter((id) => id.startsWith('band'))).toEqual(['band0', 'band0_lbl']);
    const band = boxExtent(dot.nodes.get('band0'));
    expect(band.top).toBeCloseTo(rowY(dot, 1), 0);
    expect(band.bottom).toBeCloseTo(rowY(dot, 8), 0);
    // Every lane of one side left of it, every lane of the other right of it.
    for (const lane of ['C1', 'R1', 'S1', 'C2']) expect(laneX(dot, lane), lane).toBeLessThan(band.left);
    for (const lane of ['R2', 'R3']) expect(laneX(dot, lane), lane).toBeGreaterThan(band.right);
    expect(dot.nodes.get('band0_lbl')?.label).toBe('partition: {R2,R3} cut off from {C1,R1,S1,C2}');
    expect(posOf(dot.nodes.get('band0_lbl')).y).toBeCloseTo(rowY(dot, 1), 0);
  });

  it('is the same text on every run and renders', async () => {
    expect(sequenceDiagram(ghost)).toBe(text);
    const svg = await renderSvg(text);
    expect(svg).toContain('<svg');
    expect(svg).toContain('stale&#45;read violated');
  });
});

describe('sequenceDiagram on crashes, refusals and a lasso', () => {
  const text = sequenceDiagram(crashLasso);
  const dot = parseDot(text);

  it('writes ASCII only and escapes quotes, backslashes, brackets and entities', async () => {
    expect(/^[\x09\x0a\x20-\x7e]*$/.test(text)).toBe(true);
    const svg = await renderSvg(text);
    // The invoke label is `write(1) "quoted" \n <b>&amp;`: it must come out literally, XML-escaped once.
    expect(svg).toContain('&quot;quoted&quot; \\n &lt;b&gt;&amp;amp;');
    expect(svg).toContain('Write(1) &#45;&gt; v1');
  });

  it('never starts a label with an empty line (it crashes the WASM Graphviz)', () => {
    const chart = sequenceDiagram({ lanes: [], steps: [{ events: [{ kind: 'local', lane: 'R1', label: '' }, { kind: 'recover', lane: 'R1' }], narration: '' }], actionLabels: [] });
    expect(parseDot(chart).nodes.get('R1_s1')?.label).toBe(' \\nrecover');
    expect(chart).not.toMatch(/label="\\n/);
  });

  it('puts each side of the partition together and labels the band in the chart\'s own words when the model gives none', () => {
    // {R1,R3} | {C1,R2,C2}: C1's side goes left, clients first.
    const xs = ['C1', 'C2', 'R2', 'R1', 'R3'].map((lane) => laneX(dot, lane));
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    expect(dot.nodes.get('band0_lbl')?.label).toBe('partition: {R1,R3} cut off from {C1,R2,C2}');
  });

  it('draws the crash as a black box and the lane dashed until the recovery', () => {
    expect(dot.nodes.get('R2_s3')?.fillcolor).toBe('black');
    expect(dot.nodes.get('R2_s3')?.label).toBe('CRASH (state lost)');
    expect(dot.nodes.get('R2_s7')?.label).toBe('recover from R3');
    // R2's nodes: head, 3 (crash), 7 (recover), 11 (digest), foot: only 3 -> 7 is dashed.
    const segments = dot.edges.filter((e) => e.from.startsWith('R2_') && e.to.startsWith('R2_'));
    expect(segments.map((e) => `${e.from}>${e.to}:${e.attrs.style ?? 'solid'}`)).toEqual([
      'R2_h>R2_s3:solid',
      'R2_s3>R2_s7:dashed',
      'R2_s7>R2_s11:solid',
      'R2_s11>R2_f:solid',
    ]);
  });

  it('colours a timed-out operation grey and a refused one orange', () => {
    const bar = dot.edges.find((e) => e.from === 'C1_s2' && e.to === 'C1_s5');
    expect(bar?.attrs.color).toBe('#d1d5db');
    expect(dot.nodes.get('C1_s5')?.label).toBe('write(1) (timeout)');
    expect(dot.nodes.get('C2_s9')?.fillcolor).toBe('#ffedd5');
  });

  it('marks where the loop starts and returns', () => {
    expect(dot.nodes.get('T10')?.label).toContain('loop');
    const back = dot.edges.find((e) => e.from === 'loop_bottom' && e.to === 'loop_top');
    expect(back).toBeDefined();
    const top = posOf(dot.nodes.get('loop_top')).y;
    const bottom = posOf(dot.nodes.get('loop_bottom')).y;
    expect(top).toBeGreaterThan(rowY(dot, 10));
    expect(top).toBeLessThan(rowY(dot, 9));
    expect(bottom).toBeLessThan(rowY(dot, 11));
  });
});

describe('sequenceDiagram with a second partition that splits the lanes differently', () => {
  const lanes = [
    { id: 'C1', label: 'C1', role: 'client' as const },
    { id: 'R1', label: 'R1', role: 'replica' as const },
    { id: 'R2', label: 'R2', role: 'replica' as const },
    { id: 'R3', label: 'R3', role: 'replica' as const },
  ];
  // The first cut orders the lanes C1, R2, R3 | R1. The second, {C1,R3} | {R1,R2}, has no side
  // contiguous in that order, so it is shaded over its side {C1,R3} (the cut, the sides being
  // equal), one box per run of adjacent lanes: C1, then R3.
  const dot = parseDot(
    sequenceDiagram({
      lanes,
      steps: [
        { events: [{ kind: 'partition', cut: ['R1'], rest: ['C1', 'R2', 'R3'], label: 'first cut' }], narration: '' },
        { events: [{ kind: 'heal', label: 'heal' }], narration: '' },
        { events: [{ kind: 'partition', cut: ['C1', 'R3'], rest: ['R1', 'R2'], label: 'second cut, which no band can show between two sides' }], narration: '' },
        { events: [{ kind: 'local', lane: 'R2', label: 'alone' }], narration: '' },
      ],
      actionLabels: ['p', 'h', 'p', 'l'],
    }),
  );

  it('draws the first as a band and shades the second over its side, one box per run, the label on the widest', () => {
    const xs = ['C1', 'R2', 'R3', 'R1'].map((lane) => laneX(dot, lane));
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    const band = boxExtent(dot.nodes.get('band0'));
    expect(laneX(dot, 'R3')).toBeLessThan(band.left);
    expect(laneX(dot, 'R1')).toBeGreaterThan(band.right);
    expect(band.bottom).toBeCloseTo(rowY(dot, 2), 0);
    const regions = [...dot.nodes.keys()].filter((id) => id.startsWith('part'));
    expect(regions).toEqual(['part1_0', 'part1_1']);
    const [first, second] = regions.map((id) => boxExtent(dot.nodes.get(id)));
    expect(laneX(dot, 'C1')).toBeGreaterThan(first.left);
    expect(laneX(dot, 'C1')).toBeLessThan(first.right);
    expect(laneX(dot, 'R2')).toBeGreaterThan(first.right);
    expect(laneX(dot, 'R2')).toBeLessThan(second.left);
    expect(laneX(dot, 'R3')).toBeLessThan(second.right);
    for (const box of [first, second]) {
      expect(box.top).toBeCloseTo(rowY(dot, 3), 0);
      expect(box.bottom).toBeLessThan(rowY(dot, 4));
    }
    const labels = regions.map((id) => dot.nodes.get(id)?.label ?? '');
    const widths = [first, second].map((b) => b.right - b.left);
    const wide = widths[0] > widths[1] ? 0 : 1;
    expect(labels[1 - wide]).toBe('');
    const lines = labels[wide].split('\\n');
    expect(lines.join(' ')).toBe('second cut, which no band can show between two sides');
    // DejaVu Sans at 9 pt averages under 0.62 em a character: each line narrower than the box.
    for (const line of lines) expect(line.length * 9 * 0.62).toBeLessThan(widths[wide]);
  });
});

describe('sequenceDiagram without step descriptions', () => {
  it('draws a one-lane chart of the action labels', () => {
    const dot = parseDot(sequenceDiagram({ lanes: [], steps: [], actionLabels: ['a', 'b', 'c'] }));
    expect([...dot.nodes.keys()].filter((id) => id.endsWith('_h'))).toEqual(['trace_h']);
    expect(['trace_s1', 'trace_s2', 'trace_s3'].map((id) => dot.nodes.get(id)?.label)).toEqual(['a', 'b', 'c']);
  });

  it('infers the lanes from the events, in order of first appearance, when none are given, then groups the partition\'s sides', () => {
    const dot = parseDot(sequenceDiagram({ lanes: [], steps: ghostSteps, actionLabels: ghostActionLabels }));
    // Step 2 names C1, then R1, S1, R3 as destinations; step 9 names C2, then R2. The partition
    // puts {C1,R1,S1,C2} left (C1's side; no lane has the client role) and {R3,R2} right.
    const order = ['C1', 'R1', 'S1', 'C2', 'R3', 'R2'];
    const xs = order.map((id) => posOf(dot.nodes.get(`${id}_h`)).x);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
  });

  it('draws an empty trace as lane heads and feet', () => {
    const dot = parseDot(sequenceDiagram({ lanes: ghostLanes, steps: [], actionLabels: [] }));
    expect([...dot.nodes.keys()].filter((id) => id.endsWith('_s1'))).toEqual([]);
    expect(dot.edges).toHaveLength(ghostLanes.length);
  });
});

describe('sequenceDiagram violation note anchors', () => {
  const base = { lanes: ghostLanes, actionLabels: ghostActionLabels, title: 'x' };

  it('ties the note to the X when the violating step only drops a message', () => {
    // Steps 1-3 of the ghost: step 3 is the drop of the write to R3.
    const dot = parseDot(sequenceDiagram({ ...base, steps: ghostSteps.slice(0, 3), violation: { step: 3, title: 't', explanation: 'e' } }));
    const xs = [...dot.nodes.entries()].filter(([, a]) => a.label === 'X').map(([id]) => id);
    expect(xs).toHaveLength(1);
    expect(dot.edges.filter((e) => e.to === 'note').map((e) => e.from)).toEqual(xs);
  });

  it('draws the note without a tie when nothing is on a lane at the violating step', () => {
    // Step 1 of the ghost is the partition alone.
    const dot = parseDot(sequenceDiagram({ ...base, steps: ghostSteps.slice(0, 1), violation: { step: 1, title: 't', explanation: 'e' } }));
    expect(dot.nodes.has('note')).toBe(true);
    expect(dot.edges.filter((e) => e.to === 'note')).toEqual([]);
  });
});

describe('sequenceDiagram final states', () => {
  const marked = (dot: ParsedDot, lane: string): string[] =>
    [...(dot.nodes.get(`${lane}_final`)?.label ?? '').matchAll(/<TD ALIGN="LEFT">([^<]*)<\/TD><TD[^>]*BGCOLOR="#fecaca">/g)].map((m) => m[1]);

  it('hangs a table under each lane given rows, filling exactly the highlighted values', () => {
    const dot = parseDot(
      sequenceDiagram({
        ...ghost,
        finals: {
          lanes: {
            R1: [{ key: 'x', value: '1' }],
            R2: [{ key: 'x', value: '0', highlight: true }, { key: 'up', value: 'no' }],
            R3: [{ key: 'x', value: '0', highlight: true }],
            S1: [{ key: 'hints', value: 'R2: 1' }],
          },
          legend: 'misses a write that completed',
        },
      }),
    );
    expect(['R1', 'R2', 'R3', 'S1'].map((l) => dot.nodes.has(`${l}_final`))).toEqual([true, true, true, true]);
    expect(dot.nodes.has('C1_final')).toBe(false);
    expect(marked(dot, 'R1')).toEqual([]);
    expect(marked(dot, 'R2')).toEqual(['x']);
    expect(marked(dot, 'R3')).toEqual(['x']);
    expect(marked(dot, 'S1')).toEqual([]);
    // Under the foot: the table's centre is below the lane's foot point.
    expect(posOf(dot.nodes.get('R1_final')).y).toBeLessThan(posOf(dot.nodes.get('R1_f')).y);
    // The legend says what the red means, below every table.
    const legend = dot.nodes.get('final_legend');
    expect(legend?.label).toContain('misses a write that completed');
    for (const lane of ['R1', 'R2', 'R3', 'S1']) expect(posOf(legend).y).toBeLessThan(posOf(dot.nodes.get(`${lane}_final`)).y);
  });

  it('keeps the violation note right of a legend that reaches past the last lane', () => {
    const legend = 'misses the write of 1 @ v(1,C1) by the customer at branch 1, which completed before the read began';
    const dot = parseDot(
      sequenceDiagram({
        lanes: [
          { id: 'C1', label: 'C1', role: 'client' },
          { id: 'R1', label: 'R1', role: 'replica' },
        ],
        steps: [
          { events: [{ kind: 'invoke', lane: 'C1', op: 'o1', label: 'read' }], narration: '' },
          { events: [{ kind: 'respond', lane: 'C1', op: 'o1', label: 'read -> 0', outcome: 'ok' }], narration: '' },
        ],
        actionLabels: ['invoke', 'respond'],
        violation: { step: 2, title: 'stale-read violated', explanation: 'R1 never saw the write.' },
        finals: { lanes: { R1: [{ key: 'x', value: '0 @ v0', highlight: true }] }, legend },
      }),
    );
    // At 9 pt a character is at most 0.62 em wide; the swatch and gaps add 30 points.
    const legendRight = posOf(dot.nodes.get('final_legend')).x + (legend.length * 9 * 0.62 + 30) / 2;
    expect(legendRight).toBeGreaterThan(laneX(dot, 'R1'));
    expect(posOf(dot.nodes.get('note')).x).toBeGreaterThan(legendRight);
  });

  it('explains the highlight only when the finals give words for it, and draws no legend with nothing to explain', () => {
    const dot = parseDot(sequenceDiagram({ ...ghost, finals: { lanes: { R1: [{ key: 'x', value: '1' }] } } }));
    expect(dot.nodes.has('R1_final')).toBe(true);
    // The red replies still need their line; the highlight swatch does not appear.
    expect(dot.nodes.get('final_legend')?.label).not.toContain('BGCOLOR="#fecaca"');
    expect(dot.nodes.get('final_legend')?.label).toContain('message to the violating operation');
    const plain = parseDot(sequenceDiagram({ ...ghost, violation: undefined, finals: { lanes: { R1: [{ key: 'x', value: '1' }] } } }));
    expect(plain.nodes.has('final_legend')).toBe(false);
  });

  it('breaks a value at its newlines, one line each', () => {
    const dot = parseDot(sequenceDiagram({ ...ghost, finals: { lanes: { S1: [{ key: 'hints', value: 'R2: 1\nR3: 2' }] } } }));
    expect(dot.nodes.get('S1_final')?.label).toContain('R2: 1<BR ALIGN="LEFT"/>R3: 2<BR ALIGN="LEFT"/>');
  });
});
