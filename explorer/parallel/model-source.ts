/**
 * Where a worker thread finds the model: a module and the export that is the model or
 * builds it. A worker cannot be handed a `Model` (functions do not cross threads), so each
 * one loads its own copy from this descriptor.
 */
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
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
  /** The export to use (default `default`): a `Model`, or a function that returns one (or a promise of one). */
  readonly export?: string;
  /** For a factory export: its one argument (structured-cloneable, e.g. a config object). */
  readonly argument?: unknown;
  /** For a factory export of several arguments: all of them, in order (instead of `argument`). */
  readonly arguments?: readonly unknown[];
}

/** File extensions compiled by tsx on import. */
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isModel(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return typeof value.init === 'function' && typeof value.actions === 'function' && typeof value.next === 'function' && (value.encode === undefined || typeof value.encode === 'function');
}

/**
 * Import the module at `module` (an absolute path or a `file:` URL) and return its exports.
 *
 * TypeScript goes through tsx's `tsImport`, which works for a file outside an ESM package
 * too (a plain `import()` of such a file fails inside a tsx-registered thread). tsx compiles
 * that file as CommonJS, and its namespace then has `default` set to the whole
 * `module.exports`; that is undone here, so "a default export" means the same in both module
 * systems. The CLI loads spec modules through this function as well, so a worker sees the
 * exports the command saw.
 */
export async function importModule(module: string): Promise<Record<string, unknown>> {
  const url = module.startsWith('file:') ? module : pathToFileURL(module).href;
  const extension = extname(fileURLToPath(url)).toLowerCase();
  const loaded: unknown = TYPESCRIPT.has(extension) ? await tsImport(url, import.meta.url) : await import(url);
  return unwrapCommonJs(isRecord(loaded) ? loaded : {});
}

function unwrapCommonJs(namespace: Record<string, unknown>): Record<string, unknown> {
  const exportsObject = namespace.default;
  if (!isRecord(exportsObject)) return namespace;
  const named = Object.keys(namespace).filter((key) => key !== 'default');
  const mirrors = named.length > 0 && named.every((key) => exportsObject[key] === namespace[key]);
  if (!mirrors && !('__esModule' in exportsObject)) return namespace;
  const { default: innerDefault, ...rest } = exportsObject;
  return { ...rest, ...namespace, default: innerDefault };
}

/** Import `source.module` and return its model (calling a factory export with `arguments` or `argument`, awaiting a promise). */
export async function loadModel<S, A>(source: ModelSource): Promise<Model<S, A>> {
  const exports = await importModule(source.module);
  const name = source.export ?? 'default';
  const value = exports[name];
  if (value === undefined) throw new ExplorerError('EXP_BAD_MODEL', `module ${source.module} has no export '${name}'`);
  const args = source.arguments ?? [source.argument];
  const model: unknown = typeof value === 'function' ? await (value as (...args: unknown[]) => unknown)(...args) : value;
  if (!isModel(model)) throw new ExplorerError('EXP_BAD_MODEL', `export '${name}' of ${source.module} is not a Model (init, actions, next, and encode when present)`);
  return model as Model<S, A>;
}
