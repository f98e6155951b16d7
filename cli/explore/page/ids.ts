/**
 * The ids of the page's two inline scripts, shared by the command that writes them and the
 * page that reads them.
 */

/** The script element holding the page's bundle (the search worker is started from its text). */
export const BUNDLE_ID = 'quorumlab-bundle';
/** The script element holding the page's data as JSON. */
export const DATA_ID = 'quorumlab-data';
/** The line shown while the page's script loads, removed once the page is laid out. */
export const LOADING_ID = 'quorumlab-loading';
