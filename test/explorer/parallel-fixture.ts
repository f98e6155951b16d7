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
