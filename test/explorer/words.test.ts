/**
 * Models whose states are words (`Model.words`): the search fingerprints their identity words
 * directly, keeps waiting states as words, and takes transient successors from a buffer the
 * model reuses. None of that may change an answer: on random graphs, a word model and the
 * same graph as a plain model give the same states, transitions, depth, verdicts and traces,
 * breadth-first and depth-first, with and without limits, for every kind of property. The
 * word model's transient buffer is scribbled over on every call, so a search that kept one
 * would go wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.ts';
import type { Model, Property } from '../../explorer/model.ts';
import type { CheckOptions, CheckResult } from '../../explorer/result.ts';
import { graphArbitrary, graphModel, type Graph } from './fixtures/graph.ts';

/**
 * The graph's node `u` as words: `[u, u, ...]` (u % 3 + 1 copies, the identity), then a tag
 * that is not part of the identity (a serial, say: it differs between equal states).
 */
function wordsOf(u: number, tag: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= u % 3; i++) out.push(u);
  out.push(tag);
  return out;
}

/** The graph as a word model; `calls` counts transient successors so each one's tag differs. */
function wordModel(graph: Graph, properties: readonly Property<readonly number[]>[]): Model<readonly number[], number> {
  const buffer: number[] = new Array<number>(16).fill(-1);
  let length = 0;
  let calls = 0;
  const sizeOf = (s: readonly number[]): number => (s === buffer ? length : s.length);
  return {
    name: 'graph-words',
    init: () => graph.inits.map((u) => wordsOf(u, -1)),
    actions: (s) => graph.edges[s[0]].map((_, k) => k),
    next: (s, k) => wordsOf(graph.edges[s[0]][k], calls++),
    encode: (s, out) => {
      for (let i = 0; i < sizeOf(s) - 1; i++) out.i32(s[i]);
    },
    properties,
    fairness: (s, k) => graph.fair[s[0]][k],
    words: {
      words: (s) => s,
      size: sizeOf,
      identity: (s) => sizeOf(s) - 1,
      read: (from, at, size) => Array.from(from.subarray(at, at + size)),
      nextTransient: (s, k) => {
        // Scribble over the whole buffer first: a kept transient state would change under the search.
        buffer.fill(-7 - calls);
        const next = wordsOf(graph.edges[s[0]][k], calls++);
        for (let i = 0; i < next.length; i++) buffer[i] = next[i];
        length = next.length;
        return buffer;
      },
    },
  };
}

/** The properties over node numbers, and the same over word states. */
function properties(bad: number, good: number): [Property<number>[], Property<readonly number[]>[]] {
  const node: Property<number>[] = [
    { name: 'avoid', kind: 'always', check: (u) => u !== bad },
    { name: 'reach', kind: 'sometimes', check: (u) => u === good },
    { name: 'eventually-good', kind: 'eventually', check: (u) => u === good },
  ];
  return [node, node.map((p) => ({ ...p, check: (s: readonly number[]) => p.check(s[0]) }))];
}

function summary<S, A>(result: CheckResult<S, A>, nodeOf: (s: S) => number): string {
  const lines = result.results.map((r) => {
    const trace = r.trace === null ? '-' : `${r.trace.states.map(nodeOf).join('>')} via ${r.trace.actions.join(',')}${r.trace.loopStart === undefined ? '' : ` loop@${r.trace.loopStart}`}`;
    return `${r.property} ${r.verdict} ${trace}`;
  });
  return `${result.stats.states} states, ${result.stats.transitions} transitions, depth ${result.stats.depth}, ${result.exhaustive ? 'exhaustive' : 'cut'}; ${lines.join('; ')}`;
}

describe('Model.words', () => {
  it('gives the same answers as the plain model, BFS and DFS, with and without limits', async () => {
    await fc.assert(
      fc.asyncProperty(
        graphArbitrary(12),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<CheckOptions['strategy']>('bfs', 'dfs'),
        fc.option(fc.integer({ min: 1, max: 8 })),
        fc.boolean(),
        async (graph, badPick, goodPick, strategy, maxStates, liveness) => {
          const [nodeProps, wordProps] = properties(badPick % graph.nodes, goodPick % graph.nodes);
          const names = liveness ? ['eventually-good'] : ['avoid', 'reach'];
          const options: CheckOptions = { strategy, properties: names, ...(maxStates === null ? {} : { limits: { maxStates } }) };
          const plain = await check(graphModel(graph, nodeProps), options);
          const words = await check(wordModel(graph, wordProps), options);
          expect(summary(words, (s) => s[0])).toBe(summary(plain, (u) => u));
          // Traces hold states the search may keep: none is the model's reused buffer.
          for (const r of words.results) for (const s of r.trace?.states ?? []) expect(s.length).toBe((s[0] % 3) + 2);
        },
      ),
      { numRuns: 300 },
    );
  });
});
