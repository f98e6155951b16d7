// Entry of the check host's worker thread. The CLI is TypeScript: register tsx's loader in this
// thread (as cli/bin.js does for the main one), then load the host itself.
import { register } from 'tsx/esm/api';

register();
await import('./check-host-worker.ts');
