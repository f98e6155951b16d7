/**
 * What the quotient rules need to read and set in a quorum state, for either representation
 * of it: the readable model (`spec/protocols`) and the packed one (`spec/packed`). The rules
 * (`last-op-timeouts.ts`, `lazy-faults.ts`) are written once against this surface, so both
 * models obey exactly the same rules; each adapter is a thin view of its model's own fields.
 */
import type { ByteWriter, Model } from '../../explorer/index.ts';
import type { QuorumConfig } from '../protocols/config.ts';

/** The kinds of action the rules tell apart (everything else is `other`). */
export type SurfaceActionKind = 'invoke' | 'deliver' | 'give-up' | 'partition' | 'crash' | 'drop' | 'heal' | 'recover' | 'other';

/**
 * A quorum model (`base`) and the reads and edits of its states (`S`), actions (`A`) and
 * messages (`M`) that the quotient rules use.
 */
export interface FaultSurface<S, A, M> {
  readonly config: QuorumConfig;
  readonly base: Model<S, A>;
  /** The enumerated cuts (`Topology.cuts`). */
  readonly cuts: readonly number[];
  /** Home replicas + spares. */
  readonly nodes: number;
  readonly clients: number;
  kind(a: A): SurfaceActionKind;
  /** The client of an invoke or a give-up, the node of a crash or recovery, the message index of a delivery or a drop. */
  argument(a: A): number;
  /** The action that splits the network along `cut` (one of `cuts`). */
  partitionAction(cut: number): A;
  /** Whether two actions are the same (the same kind and arguments). */
  sameAction(a: A, b: A): boolean;
  /** Whether `node` is up in `s`. */
  isUp(s: S, node: number): boolean;
  /** How many messages are in flight in `s`. */
  messageCount(s: S): number;
  /** The message at `index` of `s`'s in-flight list. */
  message(s: S, index: number): M;
  compareMessages(a: M, b: M): number;
  /** Writes a message's identity (everything but its serial). */
  writeMessage(m: M, out: ByteWriter): void;
  /** Writes a value no encoding of `base` starts with, so a quotient's own records never meet a state's bytes. */
  writeMarker(out: ByteWriter): void;
  isStuck(s: S, c: number): boolean;
  canReach(s: S, c: number, node: number): boolean;
  hasPending(s: S, c: number): boolean;
  /** Client `c`'s script position (the next operation to invoke). */
  pc(s: S, c: number): number;
  /** Whether the history already violates `availability` (an operation timed out or was refused). */
  unavailable(s: S): boolean;
  /** Whether delivering the message at `index` completes a read phase (a reply that makes the read's quorum). */
  completesRead(s: S, index: number): boolean;
}
