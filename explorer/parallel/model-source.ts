/**
 * Where a worker thread finds the model: a module and the export that is the model or
 * builds it. A worker cannot be handed a `Model` (functions do not cross threads), so each
 * one loads its own copy from this descriptor.
 */
import { pathToFileURL } from 'node:url';
import type { Model } from '../model.ts';
import { ExplorerError } from '../errors.ts';

/**
 * A model's source, structured-cloneable so it can be posted to a worker.
 *
 * @example
 * ```ts
 * // The quorum model, built from its config in every worker:
 * const source: ModelSource = { module: '/abs/spec/protocols/quorum-model.ts', export: 'quorumModel', argument: config };
 * // A user's spec module whose default export is a Model:
 * const spec: ModelSource = { module: '/abs/my-spec.ts' };
 * ```
 */
export interface ModelSource {
  /** An absolute path or a `file:` URL of an ES module (TypeScript is loaded through tsx). */
  readonly module: string;
  /** The export to use (default `default`): a `Model`, or a function that returns one. */
  readonly export?: string;
  /** For a factory export: its one argument (structured-cloneable, e.g. a config object). */
  readonly argument?: unknown;
}

function isModel(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.init === 'function' && typeof m.actions === 'function' && typeof m.next === 'function' && typeof m.encode === 'function';
}

/** Import `source.module` and return its model (calling a factory export with `argument`). */
export async function loadModel<S, A>(source: ModelSource): Promise<Model<S, A>> {
  const url = source.module.startsWith('file:') ? source.module : pathToFileURL(source.module).href;
  const exports = (await import(url)) as Record<string, unknown>;
  const name = source.export ?? 'default';
  const value = exports[name];
  if (value === undefined) throw new ExplorerError('EXP_BAD_MODEL', `module ${source.module} has no export '${name}'`);
  const model: unknown = typeof value === 'function' ? (value as (argument: unknown) => unknown)(source.argument) : value;
  if (!isModel(model)) throw new ExplorerError('EXP_BAD_MODEL', `export '${name}' of ${source.module} is not a Model (init, actions, next, encode)`);
  return model as Model<S, A>;
}
