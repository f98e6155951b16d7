/**
 * Liveness on the explored graph: lassos (a path into a fair cycle, or to a dead end) along
 * which a property never holds (`eventually`) or stops holding for good (`always-eventually`).
 */
import { ExplorerError } from '../errors.ts';
import { NO_PARENT } from './search.ts';

/**
 * The explored graph, as the search records it: per state id its parent (to find the initial
 * states), its out-edges `edgeStart[id] .. edgeStart[id] + edgeCount[id]` (in action order, so
 * an edge's action index is its offset), each edge's target and fairness code (0: not fair,
 * else 1 + key index), and per liveness property one byte per state: 1 where it holds.
 */
export interface ExploredGraph {
  readonly states: number;
  readonly parents: { readonly data: Uint32Array };
  readonly edgeStart: { readonly data: Uint32Array };
  readonly edgeCount: { readonly data: Uint32Array };
  readonly edgeTarget: { readonly data: Uint32Array };
  readonly edgeFairness: { readonly data: Uint16Array };
  readonly fairnessKeys: readonly string[];
  readonly livenessBits: readonly { readonly data: Uint8Array }[];
}

/** A liveness counterexample as state ids and action indices, before replay. */
export interface LassoPath {
  /** State ids, from an initial state; `ids.length === actionIndices.length + 1`. */
  readonly ids: readonly number[];
  readonly actionIndices: readonly number[];
  /** Index in `ids` where the cycle starts; undefined for a path ending in a dead end. */
  readonly loopStart?: number;
  /** The action (index in the last state) that closes the cycle back to `ids[loopStart]`. */
  readonly loopActionIndex?: number;
}

/** Strongly connected components of the subgraph induced by `inside`. */
interface Components {
  /** Component of each state, -1 outside the subgraph. */
  readonly comp: Int32Array;
  /** Members of component c: `members[start[c] .. start[c + 1])`. */
  readonly members: Uint32Array;
  readonly start: Uint32Array;
  readonly count: number;
}

/**
 * Iterative Tarjan (an explicit call stack: explored graphs can be millions of states deep)
 * over the states where `inside` is 1, following only edges between such states.
 */
function components(graph: ExploredGraph, inside: Uint8Array): Components {
  const n = graph.states;
  const edgeStart = graph.edgeStart.data;
  const edgeCount = graph.edgeCount.data;
  const edgeTarget = graph.edgeTarget.data;
  const index = new Int32Array(n).fill(-1);
  const low = new Uint32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Uint32Array(n);
  const callNode = new Uint32Array(n);
  const callEdge = new Uint32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const members = new Uint32Array(n);
  const starts: number[] = [0];
  let sp = 0;
  let written = 0;
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (inside[root] === 0 || index[root] >= 0) continue;
    let csp = 0;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[csp] = root;
    callEdge[csp] = edgeStart[root];
    csp++;
    while (csp > 0) {
      const v = callNode[csp - 1];
      const e = callEdge[csp - 1];
      if (e < edgeStart[v] + edgeCount[v]) {
        callEdge[csp - 1] = e + 1;
        const w = edgeTarget[e];
        if (inside[w] === 0) continue;
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callEdge[csp] = edgeStart[w];
          csp++;
        } else if (onStack[w] === 1 && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      csp--;
      if (csp > 0) {
        const u = callNode[csp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
      if (low[v] === index[v]) {
        const c = starts.length - 1;
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = c;
          members[written++] = w;
        } while (w !== v);
        starts.push(written);
      }
    }
  }
  return { comp, members, start: Uint32Array.from(starts), count: starts.length - 1 };
}

/** The fairness keys enabled in every one of `states` (a key is enabled where some out-edge carries it). */
function keysEnabledInAll(graph: ExploredGraph, states: ArrayLike<number>, stateCount: number): number[] {
  const keyCount = graph.fairnessKeys.length;
  if (keyCount === 0 || stateCount === 0) return [];
  const edgeStart = graph.edgeStart.data;
  const edgeCount = graph.edgeCount.data;
  const fairness = graph.edgeFairness.data;
  const enabledIn = new Uint32Array(keyCount + 1);
  const seenAt = new Int32Array(keyCount + 1).fill(-1);
  for (let i = 0; i < stateCount; i++) {
    const u = states[i];
    for (let e = edgeStart[u], end = e + edgeCount[u]; e < end; e++) {
      const k = fairness[e];
      if (k !== 0 && seenAt[k] !== i) {
        seenAt[k] = i;
        enabledIn[k]++;
      }
    }
  }
  const keys: number[] = [];
  for (let k = 1; k <= keyCount; k++) if (enabledIn[k] === stateCount) keys.push(k);
  return keys;
}

/**
 * Whether component `c` holds a fair cycle under weak fairness.
 *
 * The test (every key enabled in all of the SCC's states labels some edge inside it) is exact
 * for weak fairness on a maximal SCC. If it passes, a cycle through every state and every edge
 * of the SCC is fair: a key continuously enabled along it is enabled in every state, so some
 * edge of the SCC, which the cycle takes, carries it. Conversely, a fair infinite path ends up
 * cycling through some set T of states inside one maximal SCC C; a key enabled in all of C is
 * enabled in all of T, so fairness makes the path take it within T, an edge inside C. (Strong
 * fairness would need the recursive Emerson-Lei decomposition instead.)
 */
function isFairCycle(graph: ExploredGraph, comps: Components, c: number): boolean {
  const { comp, members, start } = comps;
  const size = start[c + 1] - start[c];
  const edgeStart = graph.edgeStart.data;
  const edgeCount = graph.edgeCount.data;
  const edgeTarget = graph.edgeTarget.data;
  const fairness = graph.edgeFairness.data;
  if (size === 1) {
    // Most components of an explored graph are single states without a self-loop: settle
    // those before allocating anything.
    const u = members[start[c]];
    let selfLoop = false;
    for (let e = edgeStart[u], end = e + edgeCount[u]; e < end; e++) if (edgeTarget[e] === u) selfLoop = true;
    if (!selfLoop) return false;
  }
  const states = members.subarray(start[c], start[c + 1]);
  const required = keysEnabledInAll(graph, states, size);
  if (required.length === 0) return true;
  const taken = new Set<number>();
  for (const u of states) {
    for (let e = edgeStart[u], end = e + edgeCount[u]; e < end; e++) {
      if (fairness[e] !== 0 && comp[edgeTarget[e]] === c) taken.add(fairness[e]);
    }
  }
  return required.every((k) => taken.has(k));
}

/**
 * Breadth-first within component `c` from `from`, until an edge satisfying `goal` is scanned;
 * returns the edges of that path (ending with the goal edge), or null.
 */
function pathWithin(
  graph: ExploredGraph,
  comps: Components,
  c: number,
  from: number,
  goal: (edge: number) => boolean,
): number[] | null {
  const edgeStart = graph.edgeStart.data;
  const edgeCount = graph.edgeCount.data;
  const edgeTarget = graph.edgeTarget.data;
  // Per reached state: the edge it was reached by and that edge's source (-1 for `from`).
  const arrivedBy = new Map<number, readonly [edge: number, source: number]>([[from, [-1, -1]]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head];
    for (let e = edgeStart[u], end = e + edgeCount[u]; e < end; e++) {
      const w = edgeTarget[e];
      if (comps.comp[w] !== c) continue;
      if (goal(e)) {
        const edges = [e];
        for (let step = arrivedBy.get(u); step !== undefined && step[0] >= 0; step = arrivedBy.get(step[1])) {
          edges.push(step[0]);
        }
        return edges.reverse();
      }
      if (!arrivedBy.has(w)) {
        arrivedBy.set(w, [e, u]);
        queue.push(w);
      }
    }
  }
  return null;
}

/**
 * A cycle through `entry` inside component `c` that is fair: it takes every key enabled in
 * all of its states. Returned as edges, the last one arriving back at `entry`.
 */
function fairLoop(graph: ExploredGraph, comps: Components, c: number, entry: number): number[] {
  const edgeTarget = graph.edgeTarget.data;
  const fairness = graph.edgeFairness.data;
  const loop: number[] = [];
  let at = entry;
  const follow = (edges: number[] | null): void => {
    if (edges === null) throw new ExplorerError('EXP_INTERNAL', 'no path inside a strongly connected component');
    loop.push(...edges);
    at = edgeTarget[edges[edges.length - 1]];
  };
  const taken = (): Set<number> => new Set(loop.map((e) => fairness[e]).filter((k) => k !== 0));
  const visited = (): number[] => [entry, ...loop.map((e) => edgeTarget[e])];
  const componentStates = comps.members.subarray(comps.start[c], comps.start[c + 1]);
  for (const k of keysEnabledInAll(graph, componentStates, componentStates.length)) {
    if (!taken().has(k)) follow(pathWithin(graph, comps, c, at, (e) => fairness[e] === k));
  }
  // Keys enabled all along this loop but not in the whole component: visit a state where each
  // is disabled. Visiting more states only shrinks the enabled-in-all set, so one pass suffices.
  const loopStates = visited();
  const stillTaken = taken();
  for (const k of keysEnabledInAll(graph, loopStates, loopStates.length)) {
    if (stillTaken.has(k)) continue;
    follow(pathWithin(graph, comps, c, at, (e) => !enables(graph, edgeTarget[e], k)));
  }
  if (loop.length === 0 || at !== entry) follow(pathWithin(graph, comps, c, at, (e) => edgeTarget[e] === entry));
  const finalStates = visited();
  const finalTaken = taken();
  if (keysEnabledInAll(graph, finalStates, finalStates.length).some((k) => !finalTaken.has(k))) {
    throw new ExplorerError('EXP_INTERNAL', 'the lasso built from a fair component is not fair');
  }
  return loop;
}

function enables(graph: ExploredGraph, state: number, key: number): boolean {
  const start = graph.edgeStart.data[state];
  const end = start + graph.edgeCount.data[state];
  for (let e = start; e < end; e++) if (graph.edgeFairness.data[e] === key) return true;
  return false;
}

/**
 * Find a counterexample to liveness property number `property` on a fully explored graph,
 * or null when it holds.
 *
 * - `eventually P`: a path from an initial state through not-P states only, ending in a dead
 *   end or entering a fair cycle of not-P states.
 * - `always-eventually P`: a path from an initial state (through any states) to a not-P dead
 *   end or into a fair cycle of not-P states.
 *
 * The path to the lasso is a shortest one (breadth-first from the initial states in id order).
 */
export function findLasso(
  graph: ExploredGraph,
  property: number,
  kind: 'eventually' | 'always-eventually',
): LassoPath | null {
  const n = graph.states;
  const holds = graph.livenessBits[property].data;
  const edgeStart = graph.edgeStart.data;
  const edgeCount = graph.edgeCount.data;
  const edgeTarget = graph.edgeTarget.data;
  const parents = graph.parents.data;

  const notP = new Uint8Array(n);
  for (let u = 0; u < n; u++) notP[u] = holds[u] === 0 ? 1 : 0;
  const comps = components(graph, notP);
  const fairComp = new Uint8Array(comps.count);
  for (let c = 0; c < comps.count; c++) fairComp[c] = isFairCycle(graph, comps, c) ? 1 : 0;
  const isTarget = (u: number): boolean =>
    notP[u] === 1 && (edgeCount[u] === 0 || (comps.comp[u] >= 0 && fairComp[comps.comp[u]] === 1));

  const onlyNotP = kind === 'eventually';
  const arrivedBy = new Int32Array(n).fill(-2);
  const cameFrom = new Int32Array(n).fill(-1);
  const queue = new Uint32Array(n);
  let tail = 0;
  for (let u = 0; u < n; u++) {
    if (parents[u] === NO_PARENT && (!onlyNotP || notP[u] === 1)) {
      arrivedBy[u] = -1;
      queue[tail++] = u;
    }
  }
  let found = -1;
  for (let head = 0; head < tail && found < 0; head++) {
    const u = queue[head];
    if (isTarget(u)) {
      found = u;
      break;
    }
    for (let e = edgeStart[u], end = e + edgeCount[u]; e < end; e++) {
      const w = edgeTarget[e];
      if (arrivedBy[w] !== -2 || (onlyNotP && notP[w] === 0)) continue;
      arrivedBy[w] = e;
      cameFrom[w] = u;
      queue[tail++] = w;
    }
  }
  if (found < 0) return null;

  const prefixEdges: number[] = [];
  const ids: number[] = [found];
  for (let at = found; arrivedBy[at] !== -1; ) {
    const e = arrivedBy[at];
    prefixEdges.push(e);
    at = cameFrom[at];
    ids.push(at);
  }
  ids.reverse();
  prefixEdges.reverse();
  const actionIndices = prefixEdges.map((e, i) => e - edgeStart[ids[i]]);
  if (edgeCount[found] === 0) return { ids, actionIndices };

  const loop = fairLoop(graph, comps, comps.comp[found], found);
  const loopStart = ids.length - 1;
  let at = found;
  for (let i = 0; i < loop.length - 1; i++) {
    actionIndices.push(loop[i] - edgeStart[at]);
    at = edgeTarget[loop[i]];
    ids.push(at);
  }
  const closing = loop[loop.length - 1];
  return { ids, actionIndices, loopStart, loopActionIndex: closing - edgeStart[at] };
}
