/**
 * Structure checks of the sequence charts of real counterexamples: the quorum model's
 * scenarios, their traces rebuilt from the golden ITF files (replay is fast; the searches are in
 * `golden.test.ts` and `update-golden.ts`). Everything expected is derived from the trace's own
 * chart events, not from the DOT.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replay } from '../../explorer/index.ts';
import { describeTrace } from '../../reports/describe-trace.ts';
import { parseItf } from '../../reports/itf.ts';
import { sequenceDiagram } from '../../reports/sequence.ts';
import { quorumModel, type QuorumConfig, findScenario } from '../../spec/index.ts';
import { drawnMessages, parseDot, posOf } from './dot-parse.ts';
import { chartGeometry, geometryProblems } from './chart-geometry.ts';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

const cases: { file: string; scenario: string; mode?: QuorumConfig['mode'] }[] = [
  { file: 'sloppy-ghost', scenario: 'sloppy-ghost' },
  { file: 'first-reply', scenario: 'first-reply' },
  { file: 'bank-ap', scenario: 'bank', mode: 'ap' },
];

for (const c of cases) {
  describe(`the sequence chart of ${c.file}`, () => {
    const parsed = parseItf(readFileSync(join(goldenDir, `${c.file}.itf.json`), 'utf8'));
    if (!parsed.ok || parsed.trace.replay === undefined) throw new Error(`bad golden ITF ${c.file}`);
    const meta = parsed.trace.replay;
    const scenario = findScenario(c.scenario);
    if (scenario === undefined) throw new Error(`no scenario ${c.scenario}`);
    const model = quorumModel(c.mode !== undefined ? { ...scenario.config, mode: c.mode } : scenario.config);
    const trace = replay(model, meta.init, meta.actionIndices);
    const described = describeTrace(model, trace, 'stale-read');
    const n = trace.actions.length;
    const text = sequenceDiagram({ ...described, violation: { step: n, title: 'stale-read violated', explanation: described.explanation ?? '' } });
    const dot = parseDot(text);
    const x = (lane: string): number => posOf(dot.nodes.get(`${lane}_h`)).x;
    const y = (step: number): number => posOf(dot.nodes.get(`T${step}`)).y;
    const events = described.steps.flatMap((s, i) => s.events.map((e) => ({ step: i + 1, e })));

    it('still violates stale-read after the replay', () => {
      const property = model.properties.find((p) => p.name === 'stale-read');
      expect(property?.check(trace.states[n])).toBe(false);
    });

    it('has one lane per process of the model, each side of the partition together, clients outermost', () => {
      const lanes = model.describe?.lanes?.() ?? [];
      expect(lanes.length).toBeGreaterThan(0);
      expect([...dot.nodes.keys()].filter((id) => id.endsWith('_h')).sort()).toEqual(lanes.map((l) => `${l.id}_h`).sort());
      const roleOf = new Map(lanes.map((l) => [l.id, l.role]));
      const inModelOrder = (side: readonly string[]): string[] => lanes.map((l) => l.id).filter((id) => side.includes(id));
      const clients = (side: readonly string[]): string[] => inModelOrder(side).filter((id) => roleOf.get(id) === 'client');
      const others = (side: readonly string[]): string[] => inModelOrder(side).filter((id) => roleOf.get(id) !== 'client');
      // With a partition, the side of the model's first lane left; without, half the clients each side.
      const partition = events.find(({ e }) => e.kind === 'partition');
      let expected: string[];
      if (partition !== undefined && partition.e.kind === 'partition') {
        const { cut, rest } = partition.e;
        const [left, right] = cut.includes(lanes[0].id) ? [cut, rest] : [rest, cut];
        expected = [...clients(left), ...others(left), ...others(right), ...clients(right)];
      } else {
        const all = lanes.map((l) => l.id);
        const half = Math.ceil(clients(all).length / 2);
        expected = [...clients(all).slice(0, half), ...others(all), ...clients(all).slice(half)];
      }
      const xs = expected.map((id) => x(id));
      for (let i = 1; i < xs.length; i++) expect(xs[i], expected[i]).toBeGreaterThan(xs[i - 1]);
    });

    it('draws each delivered message from its send row to its delivery row, between existing lanes', () => {
      const sends = new Map<string, { from: string; step: number }>();
      let delivered = 0;
      for (const { step, e } of events) {
        if (e.kind === 'send') sends.set(e.msg, { from: e.from, step });
        if (e.kind === 'deliver') {
          const send = sends.get(e.msg);
          if (send === undefined) continue;
          delivered++;
          const edge = drawnMessages(dot).find((edge) => {
            const a = dot.nodes.get(edge.from);
            const b = dot.nodes.get(edge.to);
            if (a === undefined || b === undefined || edge.attrs.arrowhead !== undefined) return false;
            const pa = posOf(a);
            const pb = posOf(b);
            return pa.x === x(send.from) && pa.y === y(send.step) && pb.x === x(e.at) && pb.y === y(step);
          });
          expect(edge, `${e.msg}: ${send.from}@${send.step} -> ${e.at}@${step}`).toBeDefined();
        }
      }
      expect(delivered).toBeGreaterThan(0);
      for (const edge of dot.edges) {
        expect(dot.nodes.has(edge.from) && dot.nodes.has(edge.to)).toBe(true);
      }
    });

    it('marks the read that returned stale data at the last step', () => {
      const respond = described.steps[n - 1].events.find((e) => e.kind === 'respond');
      expect(respond?.kind).toBe('respond');
      const lane = respond?.kind === 'respond' ? respond.lane : '';
      const marked = [...dot.nodes.entries()].filter(([, a]) => a.class === 'cell' && a.fillcolor === '#fecaca');
      expect(marked.map(([, a]) => posOf(a))).toEqual([{ x: x(lane), y: y(n) }]);
    });

    it('prints the final tables in short fields, no raw JSON, and highlights only home replicas that miss the completed write', () => {
      const tables = [...dot.nodes.entries()].filter(([id]) => id.endsWith('_final'));
      expect(tables.length).toBeGreaterThan(0);
      for (const [id, attrs] of tables) {
        // The table's cells, without the HTML-like markup around them.
        const text = (attrs.label ?? '').replace(/<[^>]*>/g, ' ');
        expect(text, id).not.toMatch(/[{}"]|&quot;/);
      }
      // Independently of the finals hook: each of these scenarios has one write, which completed
      // before the stale read; the home replicas that miss it still hold the initial version 0.
      // The write's version is the second word of its send label, and the legend names it.
      const writeSend = events.find(({ e }) => e.kind === 'send' && e.label.startsWith('write('));
      const version = writeSend?.e.kind === 'send' ? writeSend.e.label.split(' ')[1] : '';
      const final = trace.states[n];
      const homes = (model.describe?.lanes?.() ?? []).filter((l) => l.role === 'replica');
      const stale = homes.filter((_, h) => final.replicas[h].entries[0].version === 0).map((l) => l.id);
      expect(stale.length).toBeGreaterThan(0);
      const highlightedLanes = tables.filter(([, a]) => (a.label ?? '').includes('BGCOLOR="#fecaca"')).map(([id]) => id.replace(/_final$/, ''));
      expect(highlightedLanes).toEqual(stale);
      expect(dot.nodes.get('final_legend')?.label).toContain(version);
    });

    it('draws the partition as a band between its sides, from the partition row to the heal row or the foot', () => {
      const partition = events.find(({ e }) => e.kind === 'partition');
      if (partition === undefined || partition.e.kind !== 'partition') {
        expect([...dot.nodes.keys()].filter((id) => id.startsWith('band') || id.startsWith('part'))).toEqual([]);
        return;
      }
      const { cut, rest } = partition.e;
      const heal = events.find(({ e, step }) => e.kind === 'heal' && step > partition.step);
      const band = dot.nodes.get('band0');
      const { x: bandX, y: middle } = posOf(band);
      const half = (Number(band?.height) * 72) / 2;
      expect(middle + half).toBeCloseTo(y(partition.step), 0);
      const footY = posOf(dot.nodes.get(`${cut[0]}_f`)).y;
      expect(middle - half).toBeCloseTo(heal !== undefined ? y(heal.step) : footY, 0);
      const sides = [cut, rest].map((side) => side.map((lane) => x(lane) < bandX));
      // One side wholly left of the band, the other wholly right.
      expect(new Set(sides[0]).size).toBe(1);
      expect(new Set(sides[1]).size).toBe(1);
      expect(sides[0][0]).not.toBe(sides[1][0]);
      expect([...dot.nodes.keys()].filter((id) => id.startsWith('part'))).toEqual([]);
    });

    it('routes every arrow clear of every box but its ends, and puts no label on a box, a table or another label', async () => {
      expect(geometryProblems(await chartGeometry(text))).toEqual([]);
    });

    it('draws the replies the read went by red, a reply with the missed write green, and the quorums as badges', () => {
      const marks = described.marks;
      expect(marks?.sets?.length).toBe(2);
      // Independently of the marks: each reply to the stale read, by the value it carries.
      const read = trace.states[n].history.find((op) => op.kind === 'read' && op.status === 'ok');
      const sends = new Map(events.flatMap(({ e }) => (e.kind === 'send' ? [[e.msg, e] as const] : [])));
      const colours = drawnMessages(dot).map((m) => m.attrs.color);
      let stale = 0;
      for (const { e } of events) {
        if (e.kind !== 'deliver' || e.at !== `C${(read?.client ?? 0) + 1}` || !e.label.startsWith('reply')) continue;
        const carried = sends.get(e.msg)?.label.split(' ')[1];
        const fresh = carried !== undefined && carried !== String(read?.value) && carried !== scenario.config.names?.values?.[read?.value ?? 0];
        expect(marks?.messages?.[e.msg], e.msg).toBe(fresh ? 'fresh' : 'stale');
        if (!fresh) stale++;
      }
      expect(stale).toBeGreaterThan(0);
      expect(colours.filter((c) => c === '#dc2626')).toHaveLength(stale);
      const badges = [...dot.nodes.entries()].filter(([, a]) => a.class === 'badge');
      expect(badges.length).toBe((marks?.sets ?? []).reduce((sum, set) => sum + set.members.length, 0));
      expect(dot.nodes.get('strip_meeting')?.label).toContain(marks?.meeting?.split(' ')[0] ?? '?');
    });
  });
}

/** A golden scenario's trace replayed, described for `property` and drawn as check draws it. */
function goldenChart(file: string, scenarioName: string, property: string, mode?: QuorumConfig['mode']) {
  const parsed = parseItf(readFileSync(join(goldenDir, `${file}.itf.json`), 'utf8'));
  if (!parsed.ok || parsed.trace.replay === undefined) throw new Error(`bad golden ITF ${file}`);
  const scenario = findScenario(scenarioName)!;
  const model = quorumModel(mode !== undefined ? { ...scenario.config, mode } : scenario.config);
  const trace = replay(model, parsed.trace.replay.init, parsed.trace.replay.actionIndices);
  const described = describeTrace(model, trace, property);
  const n = trace.actions.length;
  const text = sequenceDiagram({ ...described, violation: { step: n, title: `${property} violated`, explanation: described.explanation ?? '' } });
  return { model, trace, described, text, dot: parseDot(text) };
}

describe('the sequence chart of new-old-inversion', () => {
  const { trace, text, dot } = goldenChart('new-old-inversion', 'new-old-inversion', 'stale-read');

  it('shows the key event: R1 and R2 keep the older write 2 over C1\'s newer write 1, in red', () => {
    // By hand, from the trace: C2's write(2) completes on R1 and R2; C1's clock falls behind; C1's
    // write(1) reaches R1 and R2, whose v(1,C2) outranks it, so both keep 2 and ack.
    const alerts = [...dot.nodes.entries()].filter(([, a]) => a.class === 'cell' && a.fillcolor === '#fff1f2').map(([id, a]) => [id.split('_')[0], a.label]);
    expect(alerts).toEqual([
      ['R1', 'recv write(1)\\nkeeps 2 v(1,C2), an older write (ranks higher)'],
      ['R2', 'recv write(1)\\nkeeps 2 v(1,C2), an older write (ranks higher)'],
    ]);
    expect(trace.states[trace.states.length - 1].replicas.slice(0, 2).map((r) => r.entries[0].value)).toEqual([2, 2]);
  });

  it('highlights every home replica: R1 and R2 hold the superseded 2, R3 the initial 0', () => {
    const highlighted = [...dot.nodes.entries()].filter(([id, a]) => id.endsWith('_final') && (a.label ?? '').includes('BGCOLOR="#fecaca"')).map(([id]) => id);
    expect(highlighted.sort()).toEqual(['R1_final', 'R2_final', 'R3_final']);
    expect(dot.nodes.get('final_legend')?.label).toContain("misses C1's write of 1 @ v(1,C1), which completed");
  });

  it('keeps its arrows clear of other boxes and its labels clear of boxes, tables and labels', async () => {
    expect(geometryProblems(await chartGeometry(text))).toEqual([]);
  });
});

describe('the sequence chart of the bank in cp mode (availability)', () => {
  const { text, dot, described } = goldenChart('bank-cp', 'bank', 'availability', 'cp');

  it('says the withdrawal was refused in the customer\'s cell, and shows the branches it could reach', () => {
    // The storm cuts the customer and branches 1 and 2 off from 3, 4, 5 and the clerk: two of W=3 home replicas.
    const refused = [...dot.nodes.values()].find((a) => a.class === 'cell' && (a.label ?? '').includes('refused'));
    expect(refused?.label).toBe('invoke write($40)\\nwrite($40) refused');
    expect(described.marks?.sets?.map((set) => [set.caption, set.members.map((m) => m.lane)])).toEqual([['Customer could reach', ['R1', 'R2']]]);
    expect(described.marks?.meeting).toBe("Customer's write($40) needed W=3 home replicas and could reach 2 (Branch 1 and Branch 2): cp mode refused it.");
  });

  it('keeps its arrows clear of other boxes and its labels clear of boxes, tables and labels', async () => {
    expect(geometryProblems(await chartGeometry(text))).toEqual([]);
  });
});
