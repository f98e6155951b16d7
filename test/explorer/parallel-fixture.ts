/**
 * Models the parallel search's workers load by module path (a worker cannot be handed a
 * function): factories over structured-cloneable arguments.
 */
import type { Model, Property } from '../../explorer/index.ts';
import { graphModel, type Graph } from './fixtures/graph.ts';
import { gridModel, type Cell } from './fixtures/grid.ts';

/** The grid fixture, `{ k, bad }` as one argument. */
export function grid(argument: { readonly k: number; readonly bad?: Cell }): Model<Cell, 'inc-x' | 'inc-y'> {
  return gridModel(argument.k, argument.bad);
}

/** A random graph with an invariant (never node `avoid`) and a witness (some node `seek`). */
export function graph(argument: { readonly graph: Graph; readonly avoid: number; readonly seek: number }): Model<number, number> {
  const properties: Property<number>[] = [
    { name: 'avoid', kind: 'always', check: (s) => s !== argument.avoid },
    { name: 'seek', kind: 'sometimes', check: (s) => s === argument.seek },
  ];
  return graphModel(argument.graph, properties);
}

/** How {@link faulty} breaks its counter (see `model-faults.test.ts`). */
export type Fault = 'none' | 'init-object' | 'init-empty' | 'actions-set' | 'actions-number' | 'next-throws' | 'property-throws' | 'encode-lossy';

/**
 * A counter from 0 that steps up by one while below `top`, with a property that fails at
 * `bad`, broken as `fault` says: its `init` or `actions` returns the wrong shape, or `next`,
 * the property or the encoding fails once the counter reaches `at`.
 */
export function faulty(argument: { readonly fault: Fault; readonly top: number; readonly bad: number; readonly at: number }): Model<number, 'up'> {
  const { fault, top, bad, at } = argument;
  const shape = (value: unknown): never => value as never;
  return {
    name: `faulty-${fault}`,
    init: () => (fault === 'init-object' ? shape({ 0: 0 }) : fault === 'init-empty' ? [] : [0]),
    actions: (s) => {
      if (s >= at && fault === 'actions-set') return shape(new Set(['up']));
      if (s >= at && fault === 'actions-number') return shape(1);
      return s < top ? ['up'] : [];
    },
    next: (s) => {
      if (s >= at && fault === 'next-throws') throw new Error(`next broke at ${s}`);
      return s + 1;
    },
    encode: (s, out) => {
      if (fault === 'encode-lossy') out.u8(s);
      else out.u32(s);
    },
    properties: [
      {
        name: 'below-bad',
        kind: 'always',
        check: (s) => {
          if (s >= at && fault === 'property-throws') throw new Error(`check broke at ${s}`);
          return s < bad;
        },
      },
    ],
  };
}

/**
 * Past the 16-bit indices: `width` initial states 0 .. width-1; the last of them enables `width
 * + 1` actions, action k leading to state `width + k`; the invariant fails at the state of the
 * last action. The shortest counterexample is the last initial state (index width - 1) and its
 * last action (index width).
 */
export function wide(argument: { readonly width: number }): Model<number, number> {
  const { width } = argument;
  const actions = Array.from({ length: width + 1 }, (_, k) => k);
  return {
    name: 'wide',
    init: () => Array.from({ length: width }, (_, i) => i),
    actions: (s) => (s === width - 1 ? actions : []),
    next: (_s, k) => width + k,
    encode: (s, out) => { out.u32(s); },
    properties: [{ name: 'not-last', kind: 'always', check: (s) => s !== 2 * width }],
  };
}
