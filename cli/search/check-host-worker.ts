/**
 * The check host's thread (see `check-host.ts`): runs each check it is sent through the one
 * pipeline and answers with its outcome, saying on the way when the model is loaded, how the
 * search progresses and when it is over. A spec's code runs here and only here.
 */
import { parentPort } from 'node:worker_threads';
import { runCheckPipeline } from './check-pipeline.ts';
import type { HostMessage, RunMessage } from './check-host.ts';

const port = parentPort;
if (port === null) throw new Error('cli/search/check-host-worker.ts runs only as a worker thread');

/**
 * A spec may call `process.exit`: in this thread that would end the host without a word. It
 * throws instead, so the call surfaces as the spec's error, at the call that made it.
 */
process.exit = ((code?: number | string | null) => {
  throw new Error(`the spec called process.exit(${code ?? ''}); a spec must not end the process`);
});

const post = (message: HostMessage): void => { port.postMessage(message); };

/** The check running, for an error no call caught. */
let running = -1;

/**
 * A spec's error that no call of the pipeline can catch (thrown from a timer or a promise of its
 * own) is reported as the check's, and the thread keeps its composure until the main thread
 * ends it: a thread dying of an uncaught error while being ended can bring Node down.
 */
process.on('uncaughtException', (error) => {
  post({ kind: 'uncaught', id: running, message: error instanceof Error ? error.message : String(error) });
});

port.on('message', (message: RunMessage) => {
  const { id, request } = message;
  running = id;
  const stop = new Int32Array(message.stop);
  // While the target loads, only the loading keeps this thread alive: if a spec module (or its
  // factory) awaits a promise that never settles, the event loop empties and the thread ends,
  // which the main thread reports. (Node's own main thread would exit with code 13, silently.)
  port.unref();
  runCheckPipeline(request, {
    onLoaded: (loaded) => {
      port.ref();
      post({ kind: 'loaded', id, loaded });
    },
    onProgress: (progress) => { post({ kind: 'progress', id, progress }); },
    shouldStop: () => Atomics.load(stop, 0) !== 0,
    onSearched: () => { post({ kind: 'searched', id }); },
  }).then(
    (result) => {
      port.ref();
      post({ kind: 'done', id, result });
    },
    (error: unknown) => {
      port.ref();
      const failure = error instanceof Error ? error : new Error(String(error));
      post({ kind: 'failed', id, message: failure.message, ...(failure.stack !== undefined ? { stack: failure.stack } : {}) });
    },
  );
});
