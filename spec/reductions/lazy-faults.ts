/**
 * Lazy faults: a partition, a crash or a lost message is explored only where a step right
 * after it can observe it, and which cut, which node or which message is chosen by that step.
 *
 * Most steps cannot tell a fault from delay. The model reads the fault state (the cut, the
 * down nodes, the messages in flight) in a few places: a delivery, a handoff, an anti-entropy
 * exchange and a recovery from a copy are only *enabled* or not by it, their effects never
 * read it; only a give-up (`isStuck`, and in ap mode its outcome), an invoke (where requests
 * go under a sloppy quorum or in ap mode, ap's shrunken quorum, cp's refusal) and a delivery
 * that completes a read under sync read repair with stand-ins (the write-back's routing) can
 * behave differently because of a fault. Those are the observing steps.
 *
 * The rule. A state remembers the faults taken since the last non-fault step, by kind only
 * (`pending`: whether a partition happened, how many crashes, how many lost messages), not
 * which cut, node or message: those are chosen by the step that observes them. In such a
 * fresh state the enabled steps are: further faults (a chain), and, for every choice of the
 * chain's cut, crashed nodes and lost messages (an `under-choice` action, leading to the state
 * that chain and the step reach), the steps that observe the chain as a whole: a give-up of
 * client c when c would not be stuck without the chain (or, in ap mode, when c reaches other
 * nodes without it); an invoke by c, in cp mode or with stand-ins, when c reaches other nodes
 * without it; a delivery that completes a read phase under sync read repair with stand-ins.
 * Nothing else (no heal, recovery, skew, handoff, anti-entropy or other delivery). A fault is
 * offered at all only where some client could make such a step: one with a pending operation
 * whose give-up is explored, or, in cp mode or with stand-ins, one with an operation pending
 * or left to invoke; and one fault action per kind (they all lead to the same fresh state).
 * Crashes with state loss are not lazy (the wipe is itself an effect), nor is clock skew.

 * Soundness (histories, so every property over the history). (⊆) Every path of the lazy
 * model is a path of the model, of the same length, once each chain's fault steps name the
 * cut, nodes and messages its `under-choice` step chose (faults commute, so their order in the
 * chain does not matter). (⊇) Take a path π of the model. Transform it, fault by fault from the last:
 * - A fault f followed by a step u that does not observe it (u is enabled with f undone and
 *   has the same effect, which is the case for every step the rule above does not call
 *   observing) is moved after u. This keeps the path valid: u is enabled before f; f is still
 *   enabled after u (u neither heals nor recovers f's node (see below), nor spends a budget f
 *   needs, nor re-joins a split network); except that when u discards the message f dropped
 *   (a completion discards an operation's requests, replies and acks) f is removed, and the
 *   state after u is then the same up to a larger drop budget.
 * - A partition that meets its own heal, or a crash (without state loss) that meets its
 *   node's recovery, is removed together with it: the state after is the same up to budgets.
 *   A fault that reaches the end of the path is removed: a fault changes no history.
 * - Faults commute with each other, so a fault also moves past another fault.
 * Each move or removal keeps every history along the path (a fault changes none; moved steps
 * keep their relative order and their effects) and makes the path no longer; it ends with
 * every remaining fault in a chain of faults immediately followed by a step that observes
 * each of them. Such a step observes the chain as a whole, since whatever observes a single
 * fault observes it with more faults undone: stuckness is monotone (undoing a fault only adds
 * requests or answers that can still arrive; in ap mode a client that could still hear more is
 * not stuck either), and so is reachability. The rule allows exactly such paths (a chain
 * starts only where some client can observe, and the observer is among those clients), with
 * the chains' choices made at their observing steps. So the lazy model reaches, within any
 * number of steps, every history the model reaches within that many: same verdicts, same BFS
 * counterexample lengths, within any depth bound. Liveness properties are not preserved
 * (dead ends and runs change), and neither is anything that reads the fault state itself.
 *
 * A fresh state is the state before its chain (budgets unspent) with the chain's kinds; it is
 * fingerprinted through the model's symmetry, since permuting nodes or clients maps the
 * choices of one state onto those of the other.
 *
 * Representation. A state with no pending fault is the model's own state, untouched (the rule
 * costs nothing there but the filter on faults); a fresh one is a `FreshState`: the state
 * before the chain and the chain's kinds (a bit, two small counts), fingerprinted after a
 * marker no state's encoding starts with. An `UnderChoice` action carries the cut, the
 * crashed nodes and the lost messages it chose. The rules are written once against a
 * `FaultSurface`, so the readable and the packed models obey the same ones. Over a model whose
 * states are words (`Model.words`, the packed model), the lazy model's are words too: a fresh
 * state is the marker, its kinds and the words of the state before its chain, exactly what
 * `encode` writes; plain steps from plain states get the model's transient successor. An
 * `UnderChoice` listed for a fresh state carries the state its chain reached, so `next` does
 * not take the chain again.
 */
import type { ByteWriter, Model, Property, WordStates } from '../../explorer/index.ts';
import type { FaultSurface } from './fault-surface.ts';

/** The faults taken since the last step that was not a fault, by kind. */
export interface PendingFaults {
  readonly partition: boolean;
  readonly crashes: number;
  readonly drops: number;
}

/** A state right after faults that no step has observed yet: the state before them, and their kinds. */
export class FreshState<S> {
  /** Its words, once asked for (see the model's `words`). */
  words: number[] | undefined = undefined;

  constructor(
    /** The state before the chain of faults (their budgets not yet spent). */
    readonly state: S,
    readonly pending: PendingFaults,
  ) {}
}

/** The faults a chain chose: the cut (0: no partition), the crashed nodes, the lost messages. */
export interface FaultChoice<M> {
  readonly cut: number;
  readonly crashed: readonly number[];
  readonly dropped: readonly M[];
}

/** A step that observes a chain of faults, taken after the chain with these choices. */
export class UnderChoice<A, M = unknown> {
  constructor(
    readonly choice: FaultChoice<M>,
    readonly action: A,
    /**
     * The state the chain reached from the fresh state this action was listed for, when it was
     * listed (`actions` computes it to find the observing steps): `next` from that same state
     * then starts from it instead of taking the chain again. The search calls `next` only with
     * the state it listed the actions of; an action rebuilt from a trace has none.
     */
    readonly after?: unknown,
  ) {}
}

/** A state of the lazy model: the model's own, or one right after unobserved faults. */
export type LazyState<S> = S | FreshState<S>;

/** An action of the lazy model: the model's own, or one taken after a chain with its choices made. */
export type LazyAction<A, M = unknown> = A | UnderChoice<A, M>;

/** Which faults are lazy, and which give-ups are explored at all. */
export interface LazyFaultRules<S> {
  readonly partitions: boolean;
  readonly crashes: boolean;
  readonly drops: boolean;
  /** Whether the give-up of client `c` in `s` is explored (the last-operation rule may exclude it). */
  readonly giveUpExplored: (s: S, c: number) => boolean;
}

/** The faults a configuration's budgets make lazy: crashes only without state loss (a wipe is observable). */
export function lazyFaultKinds(config: { partitions: number; crashes: number; drops: number; stateLoss: boolean }): { partitions: boolean; crashes: boolean; drops: boolean } {
  return { partitions: config.partitions > 0, crashes: config.crashes > 0 && !config.stateLoss, drops: config.drops > 0 };
}

/** Every k-subset of 0..n-1, in lexicographic order. */
function subsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (from: number, chosen: number[]): void => {
    if (chosen.length === k) {
      out.push(chosen.slice());
      return;
    }
    for (let i = from; i < n; i++) {
      chosen.push(i);
      pick(i + 1, chosen);
      chosen.pop();
    }
  };
  pick(0, []);
  return out;
}

/**
 * The lazy model over `surface`'s quorum model (see the module comment). The model supplies
 * the properties, the symmetry and the reduction; the result has no description hooks (report
 * a trace through the model itself, see `quotients.ts`).
 */
export function lazyFaultModel<S, A, M>(surface: FaultSurface<S, A, M>, rules: LazyFaultRules<S>): Model<LazyState<S>, LazyAction<A, M>> {
  const { config, base } = surface;
  const substituting = config.quorum === 'sloppy' || config.mode === 'ap';
  const routing = substituting || config.mode === 'cp';
  const syncRouting = substituting && config.readRepair === 'sync';
  const ap = config.mode === 'ap';
  const lazy = (a: A): boolean => {
    const kind = surface.kind(a);
    return (kind === 'partition' && rules.partitions) || (kind === 'crash' && rules.crashes) || (kind === 'drop' && rules.drops);
  };
  const reachDiffers = (s: S, before: S, c: number): boolean => {
    for (let node = 0; node < surface.nodes; node++) if (surface.canReach(s, c, node) !== surface.canReach(before, c, node)) return true;
    return false;
  };

  /** Whether some client could observe a fault right after a chain (the precondition of a fault step). */
  const observable = (s: S): boolean => {
    for (let c = 0; c < surface.clients; c++) {
      const pending = surface.hasPending(s, c);
      if (pending && rules.giveUpExplored(s, c)) return true;
      if (routing && (pending || surface.pc(s, c) < config.ops[c].length)) return true;
    }
    return false;
  };

  /** Whether step `a`, taken in `s`, observes the faults whose undoing gives `before`. */
  const observes = (s: S, before: S, a: A): boolean => {
    switch (surface.kind(a)) {
      case 'give-up': {
        const c = surface.argument(a);
        return rules.giveUpExplored(s, c) && (!surface.isStuck(before, c) || (ap && reachDiffers(s, before, c)));
      }
      case 'invoke':
        return routing && reachDiffers(s, before, surface.argument(a));
      case 'deliver':
        return syncRouting && surface.completesRead(s, surface.argument(a));
      default:
        return false;
    }
  };

  /** The fault actions that may extend a chain whose state (with some choice made) is `s`: one per kind, where some client could observe. */
  const faults = (s: S, all: readonly A[], out: LazyAction<A, M>[]): void => {
    if (!observable(s)) return;
    let offered = 0; // a bit per kind: 1 partition, 2 crash, 4 drop
    for (let i = 0; i < all.length; i++) {
      const a = all[i];
      if (!lazy(a)) continue;
      const kind = surface.kind(a);
      const bit = kind === 'partition' ? 1 : kind === 'crash' ? 2 : 4;
      if ((offered & bit) !== 0) continue;
      offered |= bit;
      out.push(a);
    }
  };

  /** The model's action in `s` that `wanted` names (see `chain`), or undefined. Loops, no closures: it runs for every choice of every fresh state. */
  const findFault = (s: S, kind: 'partition' | 'crash' | 'drop', partition: A | undefined, node: number, m: M | undefined): A | undefined => {
    const all = base.actions(s);
    for (let i = 0; i < all.length; i++) {
      const a = all[i];
      if (kind === 'partition') {
        if (surface.sameAction(a, partition as A)) return a;
      } else if (surface.kind(a) === kind) {
        if (kind === 'crash' ? surface.argument(a) === node : surface.compareMessages(surface.message(s, surface.argument(a)), m as M) === 0) return a;
      }
    }
    return undefined;
  };

  /** The state a chain with `choice` reaches from `before` (the model's own fault steps), or null when the model has no such chain. */
  const chain = (before: S, choice: FaultChoice<M>): S | null => {
    let s = before;
    if (choice.cut !== 0) {
      const a = findFault(s, 'partition', surface.partitionAction(choice.cut), 0, undefined);
      if (a === undefined) return null;
      s = base.next(s, a);
    }
    for (let i = 0; i < choice.crashed.length; i++) {
      const a = findFault(s, 'crash', undefined, choice.crashed[i], undefined);
      if (a === undefined) return null;
      s = base.next(s, a);
    }
    for (let i = 0; i < choice.dropped.length; i++) {
      const a = findFault(s, 'drop', undefined, 0, choice.dropped[i]);
      if (a === undefined) return null;
      s = base.next(s, a);
    }
    return s;
  };

  /** Every choice for a chain of `pending` faults from `before` that the model can take, with the state it reaches. */
  const choices = (before: S, pending: PendingFaults): { choice: FaultChoice<M>; state: S }[] => {
    const cuts = pending.partition ? surface.cuts : [0];
    const up: number[] = [];
    for (let node = 0; node < surface.nodes; node++) if (surface.isUp(before, node)) up.push(node);
    const crashSets = subsets(up.length, pending.crashes).map((set) => set.map((i) => up[i]));
    const messages: M[] = [];
    for (let i = 0; i < surface.messageCount(before); i++) messages.push(surface.message(before, i));
    // Equal messages in flight: losing one or the other is the same choice.
    const dropSets: M[][] = [];
    const seen = new Set<string>();
    for (const set of subsets(messages.length, pending.drops)) {
      const key = set.map((i) => messages.findIndex((m) => surface.compareMessages(m, messages[i]) === 0)).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      dropSets.push(set.map((i) => messages[i]));
    }
    const out: { choice: FaultChoice<M>; state: S }[] = [];
    for (const cut of cuts) {
      for (const crashed of crashSets) {
        for (const dropped of dropSets) {
          const choice: FaultChoice<M> = { cut, crashed, dropped };
          const state = chain(before, choice);
          if (state !== null) out.push({ choice, state });
        }
      }
    }
    return out;
  };

  const plainActions = (s: S): LazyAction<A, M>[] => {
    const all = base.actions(s);
    const out: LazyAction<A, M>[] = [];
    for (let i = 0; i < all.length; i++) {
      const a = all[i];
      if (lazy(a)) continue;
      if (surface.kind(a) === 'give-up' && !rules.giveUpExplored(s, surface.argument(a))) continue;
      out.push(a);
    }
    faults(s, all, out);
    return out;
  };

  const freshActions = (fresh: FreshState<S>): LazyAction<A, M>[] => {
    const { state: before, pending } = fresh;
    const out: LazyAction<A, M>[] = [];
    const chains = choices(before, pending);
    for (const { choice, state } of chains) {
      const all = base.actions(state);
      for (let i = 0; i < all.length; i++) if (observes(state, before, all[i])) out.push(new UnderChoice(choice, all[i], state));
    }
    // Which kinds of fault can still join the chain does not depend on its choices (budgets, and how many nodes are up and messages in flight).
    if (chains.length > 0) faults(chains[0].state, base.actions(chains[0].state), out);
    return out;
  };

  const next = (s: LazyState<S>, a: LazyAction<A, M>): LazyState<S> => {
    if (a instanceof UnderChoice) {
      const after = a.after !== undefined ? (a.after as S) : chain((s as FreshState<S>).state, a.choice);
      if (after === null) throw new Error('a fault choice that is not a chain of the model');
      return base.next(after, a.action);
    }
    const before = s instanceof FreshState ? s.state : s;
    if (!lazy(a)) return base.next(before, a);
    const p: PendingFaults = s instanceof FreshState ? s.pending : { partition: false, crashes: 0, drops: 0 };
    const kind = surface.kind(a);
    return new FreshState(before, {
      partition: p.partition || kind === 'partition',
      crashes: p.crashes + (kind === 'crash' ? 1 : 0),
      drops: p.drops + (kind === 'drop' ? 1 : 0),
    });
  };

  const writePending = (p: PendingFaults, out: ByteWriter): void => {
    surface.writeMarker(out);
    out.i32(p.partition ? 1 : 0);
    out.i32(p.crashes);
    out.i32(p.drops);
  };
  const baseEncode = base.encode;
  if (baseEncode === undefined) throw new Error(`model '${base.name}' has no encode: the lazy rules fingerprint its states through it`);
  const encode = (s: LazyState<S>, out: ByteWriter): void => {
    if (s instanceof FreshState) writePending(s.pending, out);
    baseEncode(s instanceof FreshState ? s.state : s, out);
  };
  const baseSymmetry = base.symmetry;
  const baseCanonical = base.encodeCanonical;
  const baseOrbit = base.symmetryOrbit;
  const symmetry =
    baseSymmetry === undefined ? undefined : (s: LazyState<S>): LazyState<S> => (s instanceof FreshState ? new FreshState(baseSymmetry(s.state), s.pending) : baseSymmetry(s));
  const encodeCanonical =
    baseCanonical === undefined
      ? undefined
      : (s: LazyState<S>, out: ByteWriter): void => {
          if (s instanceof FreshState) writePending(s.pending, out);
          baseCanonical(s instanceof FreshState ? s.state : s, out);
        };
  const symmetryOrbit =
    baseOrbit === undefined
      ? undefined
      : (s: LazyState<S>): readonly LazyState<S>[] => (s instanceof FreshState ? baseOrbit(s.state).map((member) => new FreshState(member, s.pending)) : baseOrbit(s));
  const properties: Property<LazyState<S>>[] = base.properties.map((p) => ({
    ...p,
    check: (s: LazyState<S>) => p.check(s instanceof FreshState ? s.state : s),
  }));
  const reduction = base.reduction;
  const words = lazyWords(base, surface, (a) => !(a instanceof UnderChoice) && !lazy(a), next);
  return {
    name: base.name,
    init: () => base.init(),
    actions: (s) => (s instanceof FreshState ? freshActions(s) : plainActions(s)),
    next,
    encode,
    properties,
    ...(symmetry === undefined ? {} : { symmetry }),
    ...(encodeCanonical === undefined ? {} : { encodeCanonical }),
    ...(symmetryOrbit === undefined ? {} : { symmetryOrbit }),
    ...(reduction === undefined
      ? {}
      : {
          // A fresh state offers only observing steps and faults, never an ample delivery.
          reduction: {
            preserves: reduction.preserves,
            ample: (s: LazyState<S>, actions: readonly LazyAction<A, M>[]) => (s instanceof FreshState ? -1 : reduction.ample(s, actions as readonly A[])),
          },
        }),
    ...(words === undefined ? {} : { words }),
  };
}

/**
 * The lazy model's states as words, when the model's are (`Model.words`) and the surface's
 * marker is one word: a plain state is its own words; a fresh one is the marker, the chain's
 * kinds (partition 0 or 1, crashes, drops) and the words of the state before the chain. That is
 * what `encode` writes, word for word, so the identity words are the encoding's (the contract
 * of `WordStates`). A successor by a step that is neither a fault nor taken under a choice,
 * from a plain state, is the model's transient successor; the others are built as objects (a
 * fresh state, or a chain and its observer, which the model's `next` builds anyway).
 */
function lazyWords<S, A, M>(
  base: Model<S, A>,
  surface: FaultSurface<S, A, M>,
  plainStep: (a: LazyAction<A, M>) => boolean,
  next: (s: LazyState<S>, a: LazyAction<A, M>) => LazyState<S>,
): WordStates<LazyState<S>, LazyAction<A, M>> | undefined {
  const inner = base.words;
  if (inner === undefined) return undefined;
  const written: number[] = [];
  let bytes = 0;
  const capture = (value: number): void => {
    written.push(value);
  };
  const other = (): void => {
    bytes++;
  };
  surface.writeMarker({ i32: capture, u8: other, u16: other, u32: other, varint: other });
  if (written.length !== 1 || bytes !== 0) return undefined;
  const marker = written[0];
  const HEADER = 4;
  const freshWords = (s: FreshState<S>): number[] => {
    if (s.words !== undefined) return s.words;
    const size = inner.size(s.state);
    const from = inner.words(s.state);
    const out = new Array<number>(HEADER + size);
    out[0] = marker;
    out[1] = s.pending.partition ? 1 : 0;
    out[2] = s.pending.crashes;
    out[3] = s.pending.drops;
    for (let i = 0; i < size; i++) out[HEADER + i] = from[i];
    s.words = out;
    return out;
  };
  const innerTransient = inner.nextTransient;
  return {
    words: (s) => (s instanceof FreshState ? freshWords(s) : inner.words(s)),
    size: (s) => (s instanceof FreshState ? HEADER + inner.size(s.state) : inner.size(s)),
    identity: (s) => (s instanceof FreshState ? HEADER + inner.identity(s.state) : inner.identity(s)),
    read: (from, at, size) =>
      from[at] === marker
        ? new FreshState(inner.read(from, at + HEADER, size - HEADER), { partition: from[at + 1] === 1, crashes: from[at + 2], drops: from[at + 3] })
        : inner.read(from, at, size),
    ...(innerTransient === undefined
      ? {}
      : {
          nextTransient: (s: LazyState<S>, a: LazyAction<A, M>): LazyState<S> =>
            !(s instanceof FreshState) && plainStep(a) ? innerTransient.call(inner, s, a as A) : next(s, a),
        }),
  };
}
