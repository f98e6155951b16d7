/**
 * The model inside the page's bundle: the bundled module's export, called with its argument
 * when it is a factory, as `quorumlab check` and its worker threads build it.
 */
import type { Model } from '../../../explorer/index.ts';
import type { EmbeddedModel } from './page-data.ts';

/** Builds the model from the bundled module's namespace; throws a one-line Error when it is not there. */
export async function resolveModel(namespace: Readonly<Record<string, unknown>>, source: EmbeddedModel): Promise<Model<unknown, unknown>> {
  const exported = namespace[source.export];
  if (exported === undefined) throw new Error(`the bundled module has no export '${source.export}'`);
  const args = source.arguments ?? [source.argument ?? {}];
  const built: unknown = typeof exported === 'function' ? await (exported as (...args: unknown[]) => unknown)(...args) : exported;
  if (typeof built !== 'object' || built === null) throw new Error(`the export '${source.export}' did not give a Model`);
  for (const method of ['init', 'actions', 'next'] as const) {
    if (typeof (built as Record<string, unknown>)[method] !== 'function') throw new Error(`the export '${source.export}' is not a Model: '${method}' is not a function`);
  }
  // The shape is checked above, and the command validated the same export fully.
  return built as Model<unknown, unknown>;
}
