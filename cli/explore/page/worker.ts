/**
 * The page's search worker: receives a path and the properties to look for, runs the bounded
 * breadth-first search from the path's end, and posts progress and the outcome back.
 */
import type { Model } from '../../../explorer/index.ts';
import { findViolation } from './find-violation.ts';
import { installNodeGlobals } from './node-globals.ts';
import { resolveModel } from './resolve-model.ts';
import type { FindMessage, FromWorker } from './worker-protocol.ts';

/** The part of a dedicated worker's global scope used here (the DOM library types `self` as a window). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: { readonly data: FindMessage }) => void) | null;
}

/** Serves search requests in this worker with the model from the bundled module `namespace`. */
export function runWorker(namespace: Readonly<Record<string, unknown>>): void {
  installNodeGlobals();
  const scope = globalThis as unknown as WorkerScope;
  let model: Promise<Model<unknown, unknown>> | undefined;
  scope.onmessage = (event) => {
    const message = event.data;
    model ??= resolveModel(namespace, message.model);
    model
      .then((built) => findViolation(built, message.request, (progress) => { scope.postMessage({ kind: 'progress', states: progress.states, depth: progress.depth }); }))
      .then((outcome) => { scope.postMessage({ kind: 'done', outcome }); })
      .catch((error: unknown) => { scope.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) }); });
  };
}
