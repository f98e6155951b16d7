/**
 * The path in the page's address, `#path=0:3,1,4@2` (initial state 0, actions 3, 1, 4, at step
 * 2), so that a reload, a bookmark or a link given to a colleague opens the same state.
 */

/** A path read from an address. */
export interface HashPath {
  readonly initIndex: number;
  readonly actionIndices: readonly number[];
  readonly position: number;
}

/** The address fragment for a path. */
export function formatHash(initIndex: number, actionIndices: readonly number[], position: number): string {
  return `#path=${initIndex}:${actionIndices.join(',')}@${position}`;
}

/** The path in `hash` (`location.hash`), or null when it names none or is malformed. */
export function parseHash(hash: string): HashPath | null {
  const match = /^#path=(\d+):((?:\d+(?:,\d+)*)?)@(\d+)$/.exec(hash);
  if (match === null) return null;
  const actionIndices = match[2] === '' ? [] : match[2].split(',').map(Number);
  if (actionIndices.some((index) => !Number.isSafeInteger(index))) return null;
  const position = Number(match[3]);
  if (position > actionIndices.length) return null;
  return { initIndex: Number(match[1]), actionIndices, position };
}
