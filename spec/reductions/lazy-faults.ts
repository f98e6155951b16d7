/**
 * Lazy faults: a partition, a crash or a lost message is explored only where a step right
 * after it can observe it, and a partition's cut is chosen by that step.
 *
 * Most steps cannot tell a fault from delay. The model reads the fault state (the cut, the
 * down nodes, the messages in flight) in a few places: a delivery, a handoff, an anti-entropy
 * exchange and a recovery from a copy are only *enabled* or not by it, their effects never
 * read it; only a give-up (`isStuck`, and in ap mode its outcome), an invoke (where requests
 * go under a sloppy quorum or in ap mode, ap's shrunken quorum, cp's refusal) and a delivery
 * that completes a read under sync read repair with stand-ins (the write-back's routing) can
 * behave differently because of a fault. Those are the observing steps.
 *
 * The rule. A state remembers the faults taken since the last non-fault step (`unseen`: that
 * a partition happened, which nodes crashed, which messages were lost). In a state with
 * unseen faults the enabled steps are: further faults (a chain), and the steps that observe
 * the chain as a whole: a give-up of client c when c would not be stuck with the chain undone
 * (or, in ap mode, when c reaches other nodes with it undone); an invoke by c, in cp mode or
 * with stand-ins, when c reaches other nodes with the chain undone; a delivery that completes
 * a read phase under sync read repair with stand-ins. Nothing else (no heal, recovery, skew,
 * handoff, anti-entropy or other delivery). A fault is offered at all only where some client
 * could make such a step: one with a pending operation whose give-up is explored, or, in cp
 * mode or with stand-ins, one with an operation pending or left to invoke. Crashes with state
 * loss are not lazy (the wipe is itself an effect), nor is clock skew.
 *
 * The partition's cut. While a partition is unseen, the state stands for every cut: its
 * observing steps are computed under each enumerated cut Y and each is labelled with its Y
 * (an `under-cut` action), leading to a state with cut Y. Which cut the partition step itself
 * named is then irrelevant, so the fingerprint leaves it out and one partition action is
 * offered (the first cut); the step that observes the cut is where it is chosen.
 *
 * Soundness (histories, so every property over the history). (⊆) Every path of the lazy
 * model is a path of the model once each `under-cut` step is preceded by its chain with the
 * partition naming its Y (crashes and drops in the chain do not read the cut), and the same
 * length. (⊇) Take a path π of the model. Transform it, fault by fault from the last:
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
 * the partitions' cuts chosen at their observing steps. So the lazy model reaches, within any
 * number of steps, every history the model reaches within that many: same verdicts, same BFS
 * counterexample lengths, within any depth bound. Liveness properties are not preserved
 * (dead ends and runs change), and neither is anything that reads the fault state itself.
 *
 * Fresh states with only an unseen partition are fingerprinted through the model's symmetry
 * (the cut is left out, so permuting nodes or clients maps the state to a representative with
 * the same future); those with unseen crashes or drops are fingerprinted as they are (their
 * unseen sets are not permuted), which is sound and loses only symmetry among them.
 *
 * Representation. A state with no unseen fault is the model's own state, untouched (the rule
 * costs nothing there but the filter on faults); a fresh one is a `FreshState` wrapping it with
 * a bit (a partition unseen), a node mask (crashes unseen) and the dropped messages (at most
 * the drop budget), fingerprinted after a marker no state's encoding starts with. An
 * `UnderCut` action carries its cut. The rules are written once against a `FaultSurface`, so
 * the readable and the packed models obey the same ones.
 */
import type { ByteWriter, Model, Property } from '../../explorer/model.ts';
import type { FaultSurface } from './fault-surface.ts';

/** The faults taken since the last step that was not a fault. */
export interface UnseenFaults<M> {
  /** A partition happened and no step has observed it yet: its cut is chosen by the step that does. */
  readonly partition: boolean;
  /** Nodes that crashed since then (a bitmask). */
  readonly crashed: number;
  /** Messages lost since then, in the surface's message order. */
  readonly dropped: readonly M[];
}

/** A state right after faults that no step has observed yet. */
export class FreshState<S, M> {
  constructor(
    /** The model's state (with the cut the partition step named, if one is unseen: it does not count). */
    readonly state: S,
    readonly unseen: UnseenFaults<M>,
  ) {}
}

/** A step that observes an unseen partition, taken with the network split along `cut`. */
export class UnderCut<A> {
  constructor(
    readonly cut: number,
    readonly action: A,
  ) {}
}

/** A state of the lazy model: the model's own, or one with unseen faults. */
export type LazyState<S, M = unknown> = S | FreshState<S, M>;

/** An action of the lazy model: the model's own, or one taken under a cut chosen at that step. */
export type LazyAction<A> = A | UnderCut<A>;

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

/**
 * The lazy model over `surface`'s quorum model (see the module comment). The model supplies
 * the properties, the symmetry and the reduction; the result has no description hooks (report
 * a trace through the model itself, see `quotients.ts`).
 */
export function lazyFaultModel<S, A, M>(surface: FaultSurface<S, A, M>, rules: LazyFaultRules<S>): Model<LazyState<S, M>, LazyAction<A>> {
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

  /** The faults that may extend a chain in `s` (one partition action: every cut leads to the same fresh state). */
  const faults = (s: S, all: readonly A[], out: LazyAction<A>[]): void => {
    if (!observable(s)) return;
    let partitionOffered = false;
    for (const a of all) {
      if (!lazy(a)) continue;
      if (surface.kind(a) === 'partition') {
        if (partitionOffered) continue;
        partitionOffered = true;
      }
      out.push(a);
    }
  };

  const plainActions = (s: S): LazyAction<A>[] => {
    const all = base.actions(s);
    const out: LazyAction<A>[] = [];
    for (const a of all) {
      if (lazy(a)) continue;
      if (surface.kind(a) === 'give-up' && !rules.giveUpExplored(s, surface.argument(a))) continue;
      out.push(a);
    }
    faults(s, all, out);
    return out;
  };

  const freshActions = (fresh: FreshState<S, M>): LazyAction<A>[] => {
    const { state, unseen } = fresh;
    const out: LazyAction<A>[] = [];
    const observers = (under: S, push: (a: A) => void): void => {
      const before = surface.undone(under, unseen.partition, unseen.crashed, unseen.dropped);
      for (const a of base.actions(under)) if (observes(under, before, a)) push(a);
    };
    if (unseen.partition) {
      for (const cut of surface.cuts) observers(surface.withCut(state, cut), (a) => out.push(new UnderCut(cut, a)));
    } else {
      observers(state, (a) => out.push(a));
    }
    faults(state, base.actions(state), out);
    return out;
  };

  const next = (s: LazyState<S, M>, a: LazyAction<A>): LazyState<S, M> => {
    if (a instanceof UnderCut) return base.next(surface.withCut((s as FreshState<S, M>).state, a.cut), a.action);
    const state = s instanceof FreshState ? s.state : s;
    const after = base.next(state, a);
    if (!lazy(a)) return after;
    const u: UnseenFaults<M> = s instanceof FreshState ? s.unseen : { partition: false, crashed: 0, dropped: [] };
    const kind = surface.kind(a);
    const unseen: UnseenFaults<M> =
      kind === 'partition'
        ? { ...u, partition: true }
        : kind === 'crash'
          ? { ...u, crashed: u.crashed | (1 << surface.argument(a)) }
          : { ...u, dropped: [...u.dropped, surface.message(state, surface.argument(a))].sort(surface.compareMessages) };
    return new FreshState(after, unseen);
  };

  const writeUnseen = (u: UnseenFaults<M>, out: ByteWriter): void => {
    surface.writeMarker(out);
    out.i32(u.partition ? 1 : 0);
    out.i32(u.crashed);
    out.i32(u.dropped.length);
    for (const m of u.dropped) surface.writeMessage(m, out);
  };
  /** The state a fresh one is fingerprinted by: with an unseen partition, the network whole (the cut is not chosen yet). */
  const shown = (fresh: FreshState<S, M>): S => (fresh.unseen.partition ? surface.withCut(fresh.state, 0) : fresh.state);
  const partitionOnly = (u: UnseenFaults<M>): boolean => u.crashed === 0 && u.dropped.length === 0;

  const baseEncode = base.encode;
  if (baseEncode === undefined) throw new Error(`model '${base.name}' has no encode: the lazy rules fingerprint its states through it`);
  const encode = (s: LazyState<S, M>, out: ByteWriter): void => {
    if (!(s instanceof FreshState)) {
      baseEncode(s, out);
      return;
    }
    writeUnseen(s.unseen, out);
    baseEncode(shown(s), out);
  };
  const baseSymmetry = base.symmetry;
  const baseCanonical = base.encodeCanonical;
  const baseOrbit = base.symmetryOrbit;
  // With only a partition unseen, the model's symmetry applies to the state with the network
  // whole; unseen crashes and drops are not permuted, so such a state is its own representative.
  const symmetry =
    baseSymmetry === undefined
      ? undefined
      : (s: LazyState<S, M>): LazyState<S, M> => {
          if (!(s instanceof FreshState)) return baseSymmetry(s);
          return partitionOnly(s.unseen) ? new FreshState(baseSymmetry(shown(s)), s.unseen) : s;
        };
  const encodeCanonical =
    baseCanonical === undefined
      ? undefined
      : (s: LazyState<S, M>, out: ByteWriter): void => {
          if (!(s instanceof FreshState)) {
            baseCanonical(s, out);
          } else if (partitionOnly(s.unseen)) {
            writeUnseen(s.unseen, out);
            baseCanonical(shown(s), out);
          } else {
            encode(s, out);
          }
        };
  const symmetryOrbit =
    baseOrbit === undefined
      ? undefined
      : (s: LazyState<S, M>): readonly LazyState<S, M>[] => {
          if (!(s instanceof FreshState)) return baseOrbit(s);
          return partitionOnly(s.unseen) ? baseOrbit(s.state).map((member) => new FreshState(member, s.unseen)) : [s];
        };
  const properties: Property<LazyState<S, M>>[] = base.properties.map((p) => ({
    ...p,
    check: (s: LazyState<S, M>) => p.check(s instanceof FreshState ? s.state : s),
  }));
  const reduction = base.reduction;
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
            ample: (s: LazyState<S, M>, actions: readonly LazyAction<A>[]) => (s instanceof FreshState ? -1 : reduction.ample(s, actions as readonly A[])),
          },
        }),
  };
}
