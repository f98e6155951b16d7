/**
 * The read-resolution rules: how a read turns its R replies into one answer. This registry is
 * the one place a rule is defined; `ResolveName` is derived from it, so a new rule is one
 * entry here plus whatever the compiler then names (every `Record<ResolveName, ...>` table).
 */
import type { Entry } from '../cluster/versions.ts';
import { mergeEntries, type ClockKind } from '../cluster/versions.ts';
import type { Reply } from './state.ts';

/** One read-resolution rule. */
export interface ResolutionRule {
  /** One line for `--help` and reports. */
  readonly summary: string;
  /**
   * How many of a read's first replies keep their arrival order in the state (the rest are
   * sorted by node, since their order cannot matter): `first` answers with the first reply.
   */
  readonly orderedReplies: 0 | 1;
  /** The clocks whose versions the rule can order (validation names the others). */
  readonly clocks: readonly ClockKind[];
  /** The entries the read returns, from its replies (at least one), under `clock` with `clients` clients. */
  resolve(replies: readonly Reply[], clock: ClockKind, clients: number): readonly Entry[];
}

/** Most common value among the replies; a tie goes to the value seen with the highest version. */
function majority(replies: readonly Reply[]): readonly Entry[] {
  const best = new Map<number, { count: number; entry: Entry }>();
  for (const r of replies) {
    const e = r.entries[r.entries.length - 1];
    const seen = best.get(e.value);
    if (seen === undefined) best.set(e.value, { count: 1, entry: e });
    else best.set(e.value, { count: seen.count + 1, entry: e.version > seen.entry.version ? e : seen.entry });
  }
  let winner: { count: number; entry: Entry } | undefined;
  for (const v of best.values()) {
    if (winner === undefined || v.count > winner.count || (v.count === winner.count && v.entry.version > winner.entry.version)) winner = v;
  }
  return [(winner as { entry: Entry }).entry];
}

function mergeAll(replies: readonly Reply[], clock: ClockKind, clients: number): readonly Entry[] {
  return replies.reduce<readonly Entry[]>((acc, r) => mergeEntries(clock, acc, r.entries, clients), replies[0].entries);
}

/** The rules, by the name `--resolve` takes. */
export const RESOLUTION_RULES = {
  lww: { summary: 'last write wins: the highest version among the replies', orderedReplies: 0, clocks: ['logical', 'wall'], resolve: mergeAll },
  first: { summary: 'the first reply to arrive', orderedReplies: 1, clocks: ['logical', 'wall', 'vclock'], resolve: (replies) => replies[0].entries },
  majority: { summary: 'the most common value among the replies', orderedReplies: 0, clocks: ['logical', 'wall', 'vclock'], resolve: majority },
  vclock: { summary: 'keep concurrent writes as siblings (vector clocks)', orderedReplies: 0, clocks: ['vclock'], resolve: mergeAll },
} as const satisfies Record<string, ResolutionRule>;

/** The name of a read-resolution rule. */
export type ResolveName = keyof typeof RESOLUTION_RULES;

/** Every rule's name, in registry order. */
export const RESOLVE_NAMES = Object.keys(RESOLUTION_RULES) as ResolveName[];

/** The rule named `name`. */
export function resolutionRule(name: ResolveName): ResolutionRule {
  return RESOLUTION_RULES[name];
}
