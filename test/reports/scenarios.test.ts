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
import { quorumModel } from '../../spec/protocols/quorum-model.ts';
import type { QuorumConfig } from '../../spec/protocols/config.ts';
import { findScenario } from '../../spec/scenarios/index.ts';
import { parseDot, posOf } from './dot-parse.ts';

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
    const dot = parseDot(
      sequenceDiagram({ ...described, violation: { step: n, title: 'stale-read violated', explanation: described.explanation ?? '' } }),
    );
    const x = (lane: string): number => posOf(dot.nodes.get(`${lane}_h`)).x;
    const y = (step: number): number => posOf(dot.nodes.get(`T${step}`)).y;
    const events = described.steps.flatMap((s, i) => s.events.map((e) => ({ step: i + 1, e })));

    it('still violates stale-read after the replay', () => {
      const property = model.properties.find((p) => p.name === 'stale-read');
      expect(property?.check(trace.states[n])).toBe(false);
    });

    it('has one lane per process of the model, in its order', () => {
      const lanes = model.describe?.lanes?.() ?? [];
      expect(lanes.length).toBeGreaterThan(0);
      expect([...dot.nodes.keys()].filter((id) => id.endsWith('_h'))).toEqual(lanes.map((l) => `${l.id}_h`));
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
          const edge = dot.edges.find((edge) => {
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
      const marked = [...dot.nodes.entries()].filter(([, a]) => a.fillcolor === '#fecaca');
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

    it('shades the partitioned side from the partition row to the heal row or the foot', () => {
      const partition = events.find(({ e }) => e.kind === 'partition');
      const regions = [...dot.nodes.entries()].filter(([id]) => id.startsWith('part'));
      if (partition === undefined || partition.e.kind !== 'partition') {
        expect(regions).toEqual([]);
        return;
      }
      const { cut, rest } = partition.e;
      const shaded = rest.length < cut.length ? rest : cut;
      const heal = events.find(({ e, step }) => e.kind === 'heal' && step > partition.step);
      const footY = posOf(dot.nodes.get(`${shaded[0]}_f`)).y;
      const boxes = regions.map(([, a]) => {
        const p = posOf(a);
        const halfW = (Number(a.width) * 72) / 2;
        const halfH = (Number(a.height) * 72) / 2;
        return { left: p.x - halfW, right: p.x + halfW, top: p.y + halfH, bottom: p.y - halfH };
      });
      for (const box of boxes) {
        expect(box.top).toBeCloseTo(y(partition.step), 0);
        expect(box.bottom).toBeCloseTo(heal !== undefined ? y(heal.step) : footY, 0);
      }
      const inside = (lane: string): boolean => boxes.some((b) => x(lane) > b.left && x(lane) < b.right);
      for (const lane of shaded) expect(inside(lane), lane).toBe(true);
      for (const lane of shaded === cut ? rest : cut) expect(inside(lane), lane).toBe(false);
    });
  });
}
