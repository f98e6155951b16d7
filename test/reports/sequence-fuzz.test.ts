/**
 * The sequence chart never breaks, whatever a model's describe hooks say: random lanes (odd ids
 * included), random events (messages delivered twice or never sent, lanes nobody declared,
 * overlapping partitions, recoveries without crashes), random violations and loops.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ChartEvent, StepDescription, LaneDescription } from '../../explorer/index.ts';
import { sequenceDiagram } from '../../reports/sequence.ts';
import { renderSvg } from '../../reports/render.ts';
import { parseDot } from './dot-parse.ts';

const laneIds = ['C1', 'R1', 'R2', 'S1', 'a b', 'R-1', 'x"y', '\u00e9'];
const laneId = fc.constantFrom(...laneIds);
const msgId = fc.constantFrom('m1', 'm2', 'm3', 'm4');
const text = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', '<', '>', '&', '{', '\n', '\u2192', '1') });

const event: fc.Arbitrary<ChartEvent> = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), msg: msgId, from: laneId, to: laneId, label: text }),
  fc.record({ kind: fc.constant('deliver' as const), msg: msgId, at: laneId, label: text }),
  fc.record({ kind: fc.constant('drop' as const), msg: msgId, reason: text }),
  fc.record({ kind: fc.constant('local' as const), lane: laneId, label: text }),
  fc.record({ kind: fc.constant('invoke' as const), lane: laneId, op: fc.constantFrom('o1', 'o2'), label: text }),
  fc.record({
    kind: fc.constant('respond' as const),
    lane: laneId,
    op: fc.constantFrom('o1', 'o2', 'o3'),
    label: text,
    outcome: fc.constantFrom('ok' as const, 'refused' as const, 'timeout' as const),
  }),
  fc.record({ kind: fc.constant('partition' as const), cut: fc.subarray(laneIds), rest: fc.subarray(laneIds), label: text }),
  fc.record({ kind: fc.constant('heal' as const), label: text }),
  fc.record({ kind: fc.constant('crash' as const), lane: laneId, loseState: fc.boolean() }),
  fc.record({ kind: fc.constant('recover' as const), lane: laneId }),
  fc.record({ kind: fc.constant('skew' as const), lane: laneId, by: fc.integer({ min: -3, max: 3 }) }),
);

const steps: fc.Arbitrary<StepDescription[]> = fc.array(
  fc.record({ events: fc.array(event, { maxLength: 3 }), narration: text }),
  { maxLength: 8 },
);

const lanes: fc.Arbitrary<LaneDescription[]> = fc
  .uniqueArray(laneId, { maxLength: 5 })
  .chain((ids) =>
    fc.tuple(...ids.map((id) => fc.constantFrom('client' as const, 'replica' as const, 'spare' as const, 'process' as const).map((role) => ({ id, label: id, role })))),
  );

const input = fc.record({
  lanes,
  steps,
  labels: fc.array(text, { maxLength: 8 }),
  violation: fc.option(fc.record({ step: fc.integer({ min: 0, max: 9 }), title: text, explanation: text }), { nil: undefined }),
  loopStart: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
});

describe('sequenceDiagram on arbitrary charts', () => {
  it('emits ASCII DOT where every node is pinned and every edge joins declared nodes', () => {
    fc.assert(
      fc.property(input, ({ lanes, steps, labels, violation, loopStart }) => {
        const dot = sequenceDiagram({ lanes, steps, actionLabels: labels, violation, loopStart, title: 't' });
        expect(/^[\x09\x0a\x20-\x7e]*$/.test(dot)).toBe(true);
        expect(dot).not.toMatch(/NaN|Infinity|undefined/);
        const parsed = parseDot(dot);
        for (const [id, attrs] of parsed.nodes) expect(attrs.pos, id).toMatch(/^-?[0-9.]+,-?[0-9.]+!$/);
        for (const edge of parsed.edges) {
          expect(parsed.nodes.has(edge.from), edge.from).toBe(true);
          expect(parsed.nodes.has(edge.to), edge.to).toBe(true);
        }
        expect(sequenceDiagram({ lanes, steps, actionLabels: labels, violation, loopStart, title: 't' })).toBe(dot);
      }),
      { numRuns: 300 },
    );
  });

  it('renders every one of them with Graphviz', async () => {
    await fc.assert(
      fc.asyncProperty(input, async ({ lanes, steps, labels, violation, loopStart }) => {
        const svg = await renderSvg(sequenceDiagram({ lanes, steps, actionLabels: labels, violation, loopStart }));
        expect(svg).toContain('<svg');
      }),
      { numRuns: 30 },
    );
  });
});
