/**
 * A model with no `encode` is checked exactly: its state counts equal those of a hand-encoded
 * twin and of a brute-force enumeration that identifies states by a canonical string of its
 * own (sharing nothing with the explorer's encoder).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, type Model } from '../../explorer/index.ts';

type Node = 'n1' | 'n2' | 'n3';
const NODES: readonly Node[] = ['n1', 'n2', 'n3'];

/** A rumour board: nodes learn values from messages that may be lost; the network is a Set of message objects. */
interface BoardState {
  readonly nodes: Readonly<Record<Node, { readonly known: ReadonlySet<number>; readonly busy: boolean; readonly last?: number }>>;
  readonly inFlight: ReadonlySet<{ readonly to: Node; readonly value: number }>;
  readonly log: readonly number[];
}

type BoardAction =
  | { readonly kind: 'send'; readonly from: Node; readonly to: Node; readonly value: number }
  | { readonly kind: 'deliver' | 'drop'; readonly to: Node; readonly value: number }
  | { readonly kind: 'toggle'; readonly node: Node };

const MAX_IN_FLIGHT = 2;

function hasMessage(state: BoardState, to: Node, value: number): boolean {
  for (const m of state.inFlight) if (m.to === to && m.value === value) return true;
  return false;
}

/** The board's rules; `next` builds fresh objects with keys in an order that depends on the action. */
function boardModel(encode?: Model<BoardState, BoardAction>['encode']): Model<BoardState, BoardAction> {
  return {
    name: encode === undefined ? 'board-auto' : 'board-hand',
    init: () => [
      {
        nodes: { n1: { known: new Set([1]), busy: false }, n2: { known: new Set([2]), busy: false }, n3: { known: new Set(), busy: false } },
        inFlight: new Set(),
        log: [],
      },
    ],
    actions(state) {
      const actions: BoardAction[] = [];
      for (const from of NODES) {
        const node = state.nodes[from];
        if (node.busy) continue;
        for (const to of NODES) {
          if (to === from) continue;
          for (const value of [...node.known].sort()) {
            if (state.inFlight.size < MAX_IN_FLIGHT && !hasMessage(state, to, value)) actions.push({ kind: 'send', from, to, value });
          }
        }
      }
      const messages = [...state.inFlight].sort((a, b) => a.to.localeCompare(b.to) || a.value - b.value);
      for (const m of messages) actions.push({ kind: 'deliver', to: m.to, value: m.value }, { kind: 'drop', to: m.to, value: m.value });
      actions.push({ kind: 'toggle', node: 'n3' });
      return actions;
    },
    next(state, action) {
      switch (action.kind) {
        case 'send':
          // Insertion order differs from the initial state's: the encoding must not care.
          return { log: state.log, inFlight: new Set([{ value: action.value, to: action.to }, ...state.inFlight]), nodes: state.nodes };
        case 'deliver':
        case 'drop': {
          const inFlight = new Set([...state.inFlight].filter((m) => m.to !== action.to || m.value !== action.value));
          if (action.kind === 'drop') return { ...state, inFlight };
          const node = state.nodes[action.to];
          const known = new Set([action.value, ...node.known]);
          const log = [...state.log, action.value].slice(-2);
          return { nodes: { ...state.nodes, [action.to]: { last: action.value, busy: node.busy, known } }, inFlight, log };
        }
        case 'toggle': {
          const node = state.nodes[action.node];
          const { last, ...rest } = node;
          const toggled = node.busy ? { ...rest, busy: false, last } : { busy: true, known: node.known, ...(last === undefined ? {} : { last }) };
          return { ...state, nodes: { ...state.nodes, [action.node]: toggled } };
        }
      }
    },
    ...(encode === undefined ? {} : { encode }),
    properties: [
      { name: 'n3-never-knows-both', kind: 'always', check: (s) => !(s.nodes.n3.known.has(1) && s.nodes.n3.known.has(2)) },
      { name: 'log-can-repeat', kind: 'sometimes', check: (s) => s.log.length === 2 && s.log[0] === s.log[1] },
      { name: 'anything', kind: 'always', check: () => true },
    ],
  };
}

/** The hand-written encoder: every field, exactly, in a fixed order. */
const handEncode: Model<BoardState, BoardAction>['encode'] = (state, out) => {
  for (const node of NODES) {
    const n = state.nodes[node];
    let mask = 0;
    for (const v of n.known) mask |= 1 << v;
    out.u8(mask);
    out.u8(n.busy ? 1 : 0);
    out.varint(n.last === undefined ? -1 : n.last);
  }
  const messages = [...state.inFlight].map((m) => NODES.indexOf(m.to) * 16 + m.value).sort((a, b) => a - b);
  out.u8(messages.length);
  for (const m of messages) out.u8(m);
  out.u8(state.log.length);
  for (const v of state.log) out.u8(v);
};

/** A canonical string of a value, independent of the explorer: sorted keys, sorted members, undefined keys dropped. */
function canonical(value: unknown): string {
  if (value instanceof Set) return `set(${[...value].map(canonical).sort().join(',')})`;
  if (value instanceof Map) return `map(${[...value].map(([k, v]) => `${canonical(k)}=>${canonical(v)}`).sort().join(',')})`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).sort().join(',')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value}:${String(value)}`;
}

/** Breadth-first with states identified by `canonical`: states and transitions. */
function bruteForce<S, A>(model: Model<S, A>): { states: number; transitions: number } {
  const seen = new Set<string>();
  const queue: S[] = [];
  let transitions = 0;
  const visit = (state: S): void => {
    const key = canonical(state);
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(state);
  };
  model.init().forEach(visit);
  for (let head = 0; head < queue.length; head++) {
    for (const action of model.actions(queue[head])) {
      transitions++;
      visit(model.next(queue[head], action));
    }
  }
  return { states: seen.size, transitions };
}

describe('a spec with no encode is checked exactly', () => {
  it('the rumour board: the automatic encoding, a hand-encoded twin and a brute-force enumeration agree', async () => {
    // An invariant that always holds keeps the search going to the last state.
    const auto = await check(boardModel(), { properties: ['anything'] });
    const hand = await check(boardModel(handEncode), { properties: ['anything'] });
    const expected = bruteForce(boardModel());
    expect(expected.states).toBeGreaterThan(1000);
    expect(auto.stats.states).toBe(expected.states);
    expect(hand.stats.states).toBe(expected.states);
    expect(auto.stats.transitions).toBe(expected.transitions);
    expect(hand.stats.transitions).toBe(expected.transitions);
    expect(auto.verdict).toBe('holds');
  });

  it('the rumour board: both find the same shortest counterexample', async () => {
    const auto = await check(boardModel(), { properties: ['n3-never-knows-both', 'log-can-repeat'] });
    const hand = await check(boardModel(handEncode), { properties: ['n3-never-knows-both', 'log-can-repeat'] });
    expect(auto.verdict).toBe('violated');
    expect(auto.results.map((r) => r.verdict)).toEqual(['violated', 'holds']);
    expect(auto.results.map((r) => r.trace?.actions)).toEqual(hand.results.map((r) => r.trace?.actions));
  });

  it('fresh, reordered copies of the same state are one state (random graphs)', async () => {
    // A graph on numbered nodes; a node's state is a structured value built anew, with its
    // keys and members in a random order, every time `next` returns it.
    const graph = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        edges: fc.array(fc.array(fc.nat({ max: n - 1 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
        seed: fc.integer(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(graph, async ({ n, edges, seed }) => {
        let s = seed;
        const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32;
        const shuffled = <T,>(list: T[]): T[] => list.map((x) => [random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
        const build = (node: number): unknown => {
          const members = shuffled([{ id: node }, `n${node}`, node % 3]);
          const record: Record<string, unknown> = {};
          for (const [k, v] of shuffled([['node', node], ['tags', new Set(members)], ['parity', new Map([[node % 2, [node]]])]] as const)) record[k] = v;
          return record;
        };
        const nodeOf = (state: unknown): number => (state as { node: number }).node;
        const model: Model<unknown, number> = {
          name: 'graph',
          init: () => [build(0)],
          actions: (state) => edges[nodeOf(state)],
          next: (_state, target) => build(target),
          properties: [{ name: 'true', kind: 'always', check: () => true }],
        };
        const reachable = new Set([0]);
        const queue = [0];
        for (let head = 0; head < queue.length; head++) for (const t of edges[queue[head]]) if (!reachable.has(t)) {
          reachable.add(t);
          queue.push(t);
        }
        const result = await check(model);
        expect(result.stats.states).toBe(reachable.size);
        expect(n).toBeGreaterThanOrEqual(reachable.size);
      }),
      { numRuns: 100 },
    );
  });
});
