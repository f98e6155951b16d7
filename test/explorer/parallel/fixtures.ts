/**
 * Models for the parallel search's tests that the workers load by module path: factories
 * over structured-cloneable arguments.
 */
import type { Model } from '../../../explorer/index.ts';
import { gridModel, type Cell, type Step } from '../fixtures/grid.ts';

/** Buffers a worker's model keeps alive, so that the worker's heap is large. */
const ballast: ArrayBuffer[] = [];

/** The grid fixture, built beside `bytes` of array buffer held for the life of the thread. */
export function ballastGrid(argument: { readonly k: number; readonly bytes: number }): Model<Cell, Step> {
  if (argument.bytes > 0) ballast.push(new ArrayBuffer(argument.bytes));
  return gridModel(argument.k);
}
