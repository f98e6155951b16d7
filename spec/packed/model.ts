/**
 * The quorum model on packed states: the same transition system as `quorumModel`
 * (spec/protocols/quorum-model.ts), step for step and action for action, with states as flat
 * int32 arrays (spec/packed/layout.ts). The search runs this one; every word and picture a
 * report shows comes from the readable states it decodes to, through the readable model's
 * own describe hooks.
 */
import type { ByteWriter, Model, ModelDescription } from '../../explorer/index.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import { validateConfig } from '../protocols/config.ts';
import type { QuorumAction } from '../protocols/actions.ts';
import { quorumModel } from '../protocols/quorum-model.ts';
import type { QuorumState } from '../protocols/state.ts';
import { PackedContext } from './context.ts';
import { applyAction, enabledActions, readableAction, type PackedAction } from './actions.ts';
import { packedInitialState, readableEntries, readableState } from './convert.ts';
import { packedProperties } from './properties.ts';
import { PackedSymmetry } from './symmetry.ts';
import { packedReduction } from './partial-order.ts';
import { A_ANTI_ENTROPY, A_DELIVER, A_HANDOFF, A_HEAL, A_RECOVER, actionFirst, actionKind, actionSecond } from './actions.ts';
import { MESSAGE_WORDS, identityWords, type PackedState } from './layout.ts';

export type { PackedAction } from './actions.ts';
export type { PackedState } from './layout.ts';

/** Writes a packed state's identity: its words up to the messages' serials (of a transient successor too). */
function encodeWords(q: PackedContext, s: readonly number[], out: ByteWriter): void {
  const end = identityWords(q.layout, q.lengthOf(s));
  for (let i = 0; i < end; i++) out.i32(s[i]);
}

/** The readable model's describe hooks, reached through each packed state's readable view. */
function packedDescription(q: PackedContext, readable: Model<QuorumState, QuorumAction>): ModelDescription<PackedState, PackedAction> {
  const d = readable.describe as ModelDescription<QuorumState, QuorumAction>;
  const view = (s: PackedState): QuorumState => readableState(q, s);
  const act = (a: PackedAction): QuorumAction => readableAction(q, a);
  return {
    action: (s, a) => d.action(view(s), act(a)),
    ...(d.state === undefined ? {} : { state: (s: PackedState) => (d.state as NonNullable<typeof d.state>)(view(s)) }),
    ...(d.step === undefined ? {} : { step: (before: PackedState, a: PackedAction, after: PackedState) => (d.step as NonNullable<typeof d.step>)(view(before), act(a), view(after)) }),
    ...(d.lanes === undefined ? {} : { lanes: d.lanes }),
    ...(d.explain === undefined
      ? {}
      : { explain: (trace: readonly PackedState[], actions: readonly PackedAction[], property: string) => (d.explain as NonNullable<typeof d.explain>)(trace.map(view), actions.map(act), property) }),
    ...(d.finals === undefined
      ? {}
      : { finals: (trace: readonly PackedState[], actions: readonly PackedAction[]) => (d.finals as NonNullable<typeof d.finals>)(trace.map(view), actions.map(act)) }),
    ...(d.marks === undefined
      ? {}
      : { marks: (trace: readonly PackedState[], actions: readonly PackedAction[], property: string) => (d.marks as NonNullable<typeof d.marks>)(trace.map(view), actions.map(act), property) }),
    ...(d.summary === undefined ? {} : { summary: d.summary }),
    ...(d.brief === undefined ? {} : { brief: (s: PackedState) => (d.brief as NonNullable<typeof d.brief>)(view(s)) }),
    ...(d.caption === undefined ? {} : { caption: (s: PackedState, a: PackedAction) => (d.caption as NonNullable<typeof d.caption>)(view(s), act(a)) }),
    ...(d.actionKind === undefined ? {} : { actionKind: (s: PackedState, a: PackedAction) => (d.actionKind as NonNullable<typeof d.actionKind>)(view(s), act(a)) }),
    ...(d.parseAction === undefined
      ? {}
      : {
          parseAction: (s: PackedState, label: string) => {
            const wanted = (d.parseAction as NonNullable<typeof d.parseAction>)(view(s), label);
            if (wanted === undefined) return undefined;
            const key = JSON.stringify(wanted);
            return enabledActions(q, s).find((a) => JSON.stringify(act(a)) === key);
          },
        }),
  };
}

/**
 * The packed quorum model for `config`. Throws on an invalid config (call `validateConfig`
 * first for the one-line reason).
 */
export function packedQuorumModel(config: QuorumConfig): Model<PackedState, PackedAction> {
  const problem = validateConfig(config);
  if (problem !== null) throw new Error(problem);
  const q = new PackedContext(config);
  const readable = quorumModel(config);
  const symmetry = new PackedSymmetry(q);
  const reduction = packedReduction(q);
  const key = (s: readonly number[]): string => {
    const words: number[] = [];
    encodeWords(q, s, { i32: (v) => void words.push(v), u8: unused, u16: unused, u32: unused, varint: unused });
    return words.join(',');
  };
  return {
    name: 'quorum',
    init: () => [packedInitialState(q)],
    actions: (s) => enabledActions(q, s),
    next: (s, a) => applyAction(q, s, a),
    encode: (s, out) => { encodeWords(q, s, out); },
    properties: packedProperties(q),
    ...(symmetry.active
      ? {
          symmetry: (s: PackedState) => symmetry.representative(s),
          encodeCanonical: (s: PackedState, out: ByteWriter) => { symmetry.encodeCanonical(s, q.lengthOf(s), out); },
          symmetryOrbit: (s: PackedState) => symmetry.orbit(s, key),
        }
      : {}),
    ...(reduction === undefined ? {} : { reduction }),
    // Background mechanisms and recovery are fair; client choices and faults are not (the readable model's classes).
    fairness: (s, a) => {
      const first = actionFirst(a);
      switch (actionKind(a)) {
        case A_DELIVER: {
          const p = q.m0 + MESSAGE_WORDS * first;
          // Under vector clocks an entry word names history operations: spell out what they hold.
          const entries = q.entries.vclock ? readableEntries(q, s, s[p + 1]).map((e) => `${e.value}@${e.version}`).join(',') : String(s[p + 1]);
          return `deliver ${s[p]}:${entries}`;
        }
        case A_HANDOFF:
          return `handoff ${first}>${actionSecond(a)}`;
        case A_ANTI_ENTROPY:
          return `anti-entropy ${first}-${actionSecond(a)}`;
        case A_HEAL:
          return 'heal';
        case A_RECOVER:
          return `recover ${first}`;
        default:
          return null;
      }
    },
    describe: packedDescription(q, readable),
    words: {
      // A transient successor is the work array, longer than the state: its length is `q.len`.
      words: (s) => s,
      size: (s) => q.lengthOf(s),
      identity: (s) => identityWords(q.layout, q.lengthOf(s)),
      read: (from, at, size) => {
        const s = new Array<number>(size);
        for (let i = 0; i < size; i++) s[i] = from[at + i];
        return s;
      },
      nextTransient: (s, a) => {
        applyAction(q, s, a, true);
        return q.work;
      },
    },
  };
}

function unused(): never {
  throw new Error('packed states encode as 32-bit words only');
}
