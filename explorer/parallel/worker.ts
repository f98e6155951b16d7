/**
 * A search worker: loads its own copy of the model, keeps the states it discovered that the
 * main thread found new, and expands them round by round, answering with fingerprints.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Model, Property } from '../model.ts';
import { GrowableByteWriter } from '../byte-writer.ts';
import { ExplorerError } from '../errors.ts';
import { FingerprintTable } from '../fingerprint-table.ts';
import { fingerprintWriter } from '../_internals/fingerprint.ts';
import { stateEncoder, type StateEncoder } from '../_internals/encoder.ts';
import { Growable, growableU16, growableU32, growableU8 } from '../_internals/growable.ts';
import { loadModel } from './model-source.ts';
import type { FromWorker, RoundResult, ToWorker, WorkerSetup } from './protocol.ts';

const MAX_ACTIONS = 0xffff;

function pick<S>(properties: readonly Property<S>[], names: readonly string[]): Property<S>[] {
  return names.map((name) => {
    const property = properties.find((p) => p.name === name);
    if (property === undefined) throw new ExplorerError('EXP_UNKNOWN_PROPERTY', `unknown property '${name}'`);
    return property;
  });
}

class Expander<S, A> {
  private readonly model: Model<S, A>;
  private readonly encodeState: StateEncoder<S>;
  private readonly checks: Property<S>[];
  private readonly invariantCount: number;
  private readonly writer = new GrowableByteWriter();
  private readonly fp = new Int32Array(2);
  /** Fingerprints of every successor this worker has sent. */
  private readonly sentBefore = new FingerprintTable();
  /** Owned states waiting to be expanded, ascending ids; entries before `cursor` are done. */
  private owned: (S | undefined)[] = [];
  private ownedIds: number[] = [];
  private cursor = 0;
  /** Each round's successors, until the main thread says which to keep (two rounds later: the rounds are pipelined). */
  private readonly successors = new Map<number, S[]>();

  constructor(model: Model<S, A>, setup: WorkerSetup) {
    this.model = model;
    this.encodeState = stateEncoder(model, setup.symmetry ? (model.symmetry ?? null) : null);
    const invariants = pick(model.properties, setup.invariants);
    this.checks = [...invariants, ...pick(model.properties, setup.witnesses)];
    this.invariantCount = invariants.length;
  }

  adoptInit(indices: Uint32Array, ids: Uint32Array): void {
    const inits = this.model.init();
    for (let i = 0; i < indices.length; i++) {
      this.owned.push(inits[indices[i]]);
      this.ownedIds.push(ids[i]);
    }
  }

  round(message: Extract<ToWorker, { kind: 'round' }>): { result: RoundResult; transfer: ArrayBuffer[] } {
    const { bound, probe } = message;
    for (const { round, keep, keepIds } of message.keeps) {
      const kept = this.successors.get(round);
      if (kept === undefined) throw new ExplorerError('EXP_INTERNAL', `no successors of round ${round} to keep`);
      for (let i = 0; i < keep.length; i++) {
        this.owned.push(kept[keep[i]]);
        this.ownedIds.push(keepIds[i]);
      }
      this.successors.delete(round);
    }
    const successors: S[] = [];
    this.successors.set(message.round, successors);
    const parents = growableU32();
    const counts = growableU32();
    const sent = growableU32();
    const fingerprints = growableU32(8192);
    const actions = growableU16(4096);
    const flags = growableU8(4096);
    const { model } = this;
    let enabled = 0;
    while (this.cursor < this.owned.length && this.ownedIds[this.cursor] < bound) {
      const state = this.owned[this.cursor] as S;
      const id = this.ownedIds[this.cursor];
      this.owned[this.cursor] = undefined;
      this.cursor++;
      const enabledActions = model.actions(state);
      if (probe) {
        if (enabledActions.length > 0) enabled++;
        continue;
      }
      const count = enabledActions.length;
      if (count > MAX_ACTIONS) throw new ExplorerError('EXP_BAD_MODEL', `a state enables ${count} actions (at most ${MAX_ACTIONS})`);
      parents.push(id);
      counts.push(count);
      let sentHere = 0;
      for (let k = 0; k < count; k++) {
        const successor = model.next(state, enabledActions[k]);
        this.fingerprint(successor);
        if (!this.sentBefore.add(this.fp[0], this.fp[1])) continue;
        sentHere++;
        fingerprints.push(this.fp[0] >>> 0);
        fingerprints.push(this.fp[1] >>> 0);
        actions.push(k);
        flags.push(this.flagsOf(successor));
        successors.push(successor);
      }
      sent.push(sentHere);
    }
    this.compact();
    const view = <T extends Uint8Array | Uint16Array | Uint32Array>(g: Growable<T>): T => g.data.subarray(0, g.length) as T;
    // Per thread: in a worker, heapUsed and arrayBuffers are this isolate's.
    const usage = process.memoryUsage();
    const result: RoundResult = {
      kind: 'round',
      parents: view(parents),
      counts: view(counts),
      sent: view(sent),
      fingerprints: view(fingerprints),
      actions: view(actions),
      flags: view(flags),
      enabled,
      heapBytes: usage.heapUsed + usage.arrayBuffers,
    };
    const transfer = [parents, counts, sent, fingerprints, actions, flags].map((g) => g.data.buffer as ArrayBuffer);
    return { result, transfer };
  }

  private fingerprint(state: S): void {
    const writer = this.writer;
    writer.reset();
    this.encodeState(state, writer);
    fingerprintWriter(writer, this.fp);
  }

  private flagsOf(state: S): number {
    let bits = 0;
    const checks = this.checks;
    for (let p = 0; p < checks.length; p++) {
      const holds = checks[p].check(state);
      if (p < this.invariantCount ? !holds : holds) bits |= 1 << p;
    }
    return bits;
  }

  /** Forget the expanded prefix once it is most of the list. */
  private compact(): void {
    if (this.cursor < 4096 || this.cursor * 2 < this.owned.length) return;
    this.owned = this.owned.slice(this.cursor);
    this.ownedIds = this.ownedIds.slice(this.cursor);
    this.cursor = 0;
  }
}

const port = parentPort;
if (port === null) throw new Error('explorer/parallel/worker.ts runs only as a worker thread');
const setup = workerData as WorkerSetup;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
try {
  const expander = new Expander(await loadModel<unknown, unknown>(setup.source), setup);
  port.on('message', (message: ToWorker) => {
    try {
      if (message.kind === 'adopt-init') {
        expander.adoptInit(message.indices, message.ids);
      } else {
        const { result, transfer } = expander.round(message);
        post(result, transfer);
      }
    } catch (error) {
      post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  });
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
