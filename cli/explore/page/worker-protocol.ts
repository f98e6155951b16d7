/**
 * The messages between the page and its search worker. The worker runs the same bundle as the
 * page, so it builds the same model from the same embedded description.
 */
import type { FindOutcome, FindRequest } from './find-violation.ts';
import type { EmbeddedModel } from './page-data.ts';

/** Page to worker: search from a path's end. */
export interface FindMessage {
  readonly kind: 'find';
  readonly model: EmbeddedModel;
  readonly request: FindRequest;
}

/** Worker to page: how far the search has got, the outcome, or the error that stopped it. */
export type FromWorker =
  | { readonly kind: 'progress'; readonly states: number; readonly depth: number }
  | { readonly kind: 'done'; readonly outcome: FindOutcome }
  | { readonly kind: 'error'; readonly message: string };
