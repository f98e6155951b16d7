/**
 * The entry point of the explorer page's bundle. The same script runs twice: in the page, where
 * it builds the model and the interface, and in the search worker the page starts from the
 * script's own text, where it serves searches. `namespace` is the bundled model module.
 */
import { byId } from './dom.ts';
import { DATA_ID } from './ids.ts';
import { ExplorerPage } from './page.ts';
import type { PageData } from './page-data.ts';
import { resolveModel } from './resolve-model.ts';
import { runWorker } from './worker.ts';

/** Starts the page (in a window) or the search worker (in a worker). */
export function start(namespace: Readonly<Record<string, unknown>>): void {
  if (typeof document === 'undefined') {
    runWorker(namespace);
    return;
  }
  const begin = (): void => {
    void startPage(namespace);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin);
  else begin();
}

async function startPage(namespace: Readonly<Record<string, unknown>>): Promise<void> {
  try {
    const data = JSON.parse(byId(DATA_ID).textContent ?? '') as PageData;
    const model = await resolveModel(namespace, data.model);
    new ExplorerPage(data, model).start();
  } catch (error) {
    // Nothing else can be shown: say what went wrong where the page would have been.
    const message = error instanceof Error ? error.message : String(error);
    document.body.textContent = `The explorer could not start: ${message}`;
    throw error;
  }
}
