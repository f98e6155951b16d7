// Entry of a search worker thread. The explorer and the models are TypeScript: register tsx's
// loader in this thread (as cli/bin.js does for the main one), then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
