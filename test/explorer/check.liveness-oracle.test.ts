/**
 * Liveness verdicts against a brute-force oracle on tiny graphs: instead of SCCs, the oracle
 * enumerates every set T of states and asks whether a fair run could visit exactly T forever.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, type Trace } from '../../explorer/index.ts';
import { distances, graphArbitrary, graphModel, type Graph } from './fixtures/graph.ts';

type Kind = 'eventually' | 'always-eventually';

/** States reachable from the initial states, optionally through states satisfying `allowed` only. */
function reachableThrough(graph: Graph, allowed: (u: number) => boolean): Set<number> {
  const seen = new Set(graph.inits.filter(allowed));
  const queue = [...seen];
  for (let h = 0; h < queue.length; h++) {
    for (const v of graph.edges[queue[h]]) {
      if (allowed(v) && !seen.has(v)) {
        seen.add(v);
        queue.push(v);
      }
    }
  }
  return seen;
}

/** Whether the states of `set` (a bit mask) are strongly connected by edges inside the set, with at least one edge. */
function stronglyConnected(graph: Graph, members: readonly number[]): boolean {
  const inside = new Set(members);
  for (const start of members) {
    const seen = new Set<number>();
    const queue = [start];
    while (queue.length > 0) {
      const u = queue.pop() as number;
      for (const v of graph.edges[u]) {
        if (inside.has(v) && !seen.has(v)) {
          seen.add(v);
          queue.push(v);
        }
      }
    }
    // Every member, `start` included, must be reached again by a non-empty path.
    if (members.some((m) => !seen.has(m))) return false;
  }
  return true;
}

/** Weak fairness of a run that visits exactly `members` forever, taking every edge among them. */
function fairSet(graph: Graph, members: readonly number[]): boolean {
  const inside = new Set(members);
  for (const key of ['a', 'b']) {
    const alwaysEnabled = members.every((u) => graph.fair[u].includes(key));
    const taken = members.some((u) => graph.edges[u].some((v, k) => inside.has(v) && graph.fair[u][k] === key));
    if (alwaysEnabled && !taken) return false;
  }
  return true;
}

/** The oracle's verdict: is there a fair behaviour on which the property fails? */
function bruteForceViolated(graph: Graph, holds: readonly boolean[], kind: Kind): boolean {
  const notP = (u: number) => !holds[u];
  const region =
    kind === 'eventually'
      ? reachableThrough(graph, notP)
      : new Set([...reachableThrough(graph, () => true)].filter(notP));
  if ([...region].some((u) => graph.edges[u].length === 0)) return true;
  const nodes = [...region];
  for (let mask = 1; mask < 1 << nodes.length; mask++) {
    const members = nodes.filter((_, i) => mask & (1 << i));
    if (stronglyConnected(graph, members) && fairSet(graph, members)) return true;
  }
  return false;
}

/** Check that a returned lasso is a genuine counterexample on the graph. */
function expectGenuineLasso(graph: Graph, holds: readonly boolean[], kind: Kind, trace: Trace<number, number>): void {
  const { states, actionIndices, loopStart, loopActionIndex } = trace;
  states.forEach((s, i) => {
    if (i > 0) expect(graph.edges[states[i - 1]][actionIndices[i - 1]]).toBe(s);
  });
  const tail = loopStart === undefined ? states.slice(-1) : states.slice(loopStart);
  if (kind === 'eventually') expect(states.every((s) => !holds[s])).toBe(true);
  else expect(tail.every((s) => !holds[s])).toBe(true);
  const last = states[states.length - 1];
  if (loopStart === undefined) {
    expect(graph.edges[last].length).toBe(0);
    return;
  }
  expect(graph.edges[last][loopActionIndex as number]).toBe(states[loopStart]);
  // Weak fairness of the loop as a concrete behaviour: every key enabled all along it is taken.
  const loopEdges = [...actionIndices.slice(loopStart).map((k, i) => [tail[i], k]), [last, loopActionIndex as number]];
  for (const key of ['a', 'b']) {
    if (tail.every((u) => graph.fair[u].includes(key))) {
      expect(loopEdges.some(([u, k]) => graph.fair[u][k] === key)).toBe(true);
    }
  }
}

describe('liveness agrees with a brute-force lasso search', () => {
  const arb = graphArbitrary(6).chain((g) =>
    fc.tuple(fc.constant(g), fc.array(fc.boolean(), { minLength: g.nodes, maxLength: g.nodes })),
  );

  for (const strategy of ['bfs', 'dfs'] as const) {
    it(`${strategy}: eventually and always-eventually, with weak fairness on random keys`, async () => {
      await fc.assert(
        fc.asyncProperty(arb, async ([graph, holds]) => {
          const model = graphModel(graph, [
            { name: 'ev', kind: 'eventually', check: (s) => holds[s] },
            { name: 'ae', kind: 'always-eventually', check: (s) => holds[s] },
          ]);
          const result = await check(model, { strategy });
          expect(result.stats.states).toBe(distances(graph).size);
          (['eventually', 'always-eventually'] as const).forEach((kind, i) => {
            const r = result.results[i];
            expect(r.verdict).toBe(bruteForceViolated(graph, holds, kind) ? 'violated' : 'holds');
            if (r.trace !== null) expectGenuineLasso(graph, holds, kind, r.trace);
          });
        }),
        { numRuns: 300 },
      );
    });
  }
});
