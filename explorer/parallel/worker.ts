/**
 * A search worker: loads its own copy of the model, keeps the states it discovered that the
 * main thread found new, and expands them round by round, answering with fingerprints. It
 * calls the model and checks properties through the same code as the one-thread search
 * (`ModelCalls`, `PropertyChecks`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Model, PartialOrderReduction, Property } from '../model.ts';
import { GrowableByteWriter } from '../byte-writer.ts';
import { ExplorerError } from '../errors.ts';
import { FingerprintTable } from '../fingerprint-table.ts';
import { fingerprintWriter } from '../_internals/fingerprint.ts';
import { stateEncoder } from '../_internals/encoder.ts';
import { growableI32, growableU32, IndexColumn } from '../_internals/growable.ts';
import { errorMessage, faultDetail, ModelCalls } from '../_internals/model-calls.ts';
import { PropertyChecks } from '../_internals/property-checks.ts';
import { heapCeilingBytes, oldGenerationBytes } from '../_internals/stop-guard.ts';
import { propertiesWithDeadlock } from '../deadlock.ts';
import { loadModel } from './model-source.ts';
import type { FromWorker, RoundResult, ToWorker, WorkerFault, WorkerSetup } from './protocol.ts';

function pick<S>(properties: readonly Property<S>[], names: readonly string[]): Property<S>[] {
  return names.map((name) => {
    const property = properties.find((p) => p.name === name);
    if (property === undefined) throw new ExplorerError('EXP_UNKNOWN_PROPERTY', `unknown property '${name}'`);
    return property;
  });
}

class Expander<S, A> {
  private readonly calls: ModelCalls<S, A>;
  private readonly checks: PropertyChecks<S>;
  private readonly reduction: PartialOrderReduction<S, A> | null;
  private readonly writer = new GrowableByteWriter();
  private readonly fp = new Int32Array(2);
  private readonly ceiling = heapCeilingBytes();
  /** Fingerprints of every successor this worker has sent. */
  private readonly sentBefore = new FingerprintTable();
  /** Owned states waiting to be expanded, ascending ids; entries before `cursor` are done. */
  private owned: (S | undefined)[] = [];
  private ownedIds: number[] = [];
  private cursor = 0;
  /** Each round's successors, until the main thread says which to keep (two rounds later: the rounds are pipelined). */
  private readonly successors = new Map<number, S[]>();
  /** Where the model is being called: the owned state's id, and the action being taken (-1 before any). */
  private atState = -1;
  private atAction = -1;

  constructor(model: Model<S, A>, setup: WorkerSetup) {
    this.calls = new ModelCalls(model, stateEncoder(model, setup.symmetry ? (model.symmetry ?? null) : null));
    this.checks = new PropertyChecks(this.calls as ModelCalls<S, unknown>, { invariants: pick(propertiesWithDeadlock(model), setup.invariants), witnesses: pick(model.properties, setup.witnesses) });
    this.reduction = setup.reduction ? (model.reduction ?? null) : null;
  }

  adoptInit(indices: Uint32Array, ids: Uint32Array): void {
    const inits = this.calls.initialStates();
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
    const ample = growableI32();
    const fingerprints = growableU32(8192);
    const actions = new IndexColumn(4096);
    const flags = growableU32(4096);
    const { calls, checks, sentBefore, fp, reduction } = this;
    let enabled = 0;
    while (this.cursor < this.owned.length && this.ownedIds[this.cursor] < bound) {
      const state = this.owned[this.cursor] as S;
      const id = this.ownedIds[this.cursor];
      this.owned[this.cursor] = undefined;
      this.cursor++;
      this.atState = id;
      this.atAction = -1;
      const enabledActions = calls.actions(state);
      if (probe) {
        if (enabledActions.length > 0) enabled++;
        continue;
      }
      const count = enabledActions.length;
      parents.push(id);
      counts.push(count);
      let ampleAction = -1;
      if (reduction !== null) {
        calls.call = 'reduction';
        ampleAction = reduction.ample(state, enabledActions);
        if (ampleAction >= 0 && (!Number.isInteger(ampleAction) || ampleAction >= count)) {
          throw new ExplorerError('EXP_BAD_MODEL', `the reduction named action ${ampleAction} of ${count}`);
        }
        ample.push(ampleAction < 0 ? -1 : ampleAction);
      }
      let sentHere = 0;
      for (let k = 0; k < count; k++) {
        this.atAction = k;
        const successor = calls.next(state, enabledActions[k]);
        this.fingerprint(successor);
        // Remembered as sent only when the main thread will record it (see `RoundResult`).
        const sure = ampleAction < 0 || k === ampleAction;
        if (sure ? !sentBefore.add(fp[0], fp[1]) && k !== ampleAction : sentBefore.has(fp[0], fp[1])) continue;
        sentHere++;
        fingerprints.push(fp[0] >>> 0);
        fingerprints.push(fp[1] >>> 0);
        actions.push(k);
        flags.push(checks.flags(successor));
        successors.push(successor);
      }
      sent.push(sentHere);
    }
    this.compact();
    const view = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(g: { readonly data: T; readonly length: number }): T => g.data.subarray(0, g.length) as T;
    // Per thread: in a worker, heapUsed and arrayBuffers are this isolate's.
    const usage = process.memoryUsage();
    const result: RoundResult = {
      kind: 'round',
      parents: view(parents),
      counts: view(counts),
      sent: view(sent),
      ample: view(ample),
      fingerprints: view(fingerprints),
      actions: view(actions),
      flags: view(flags),
      enabled,
      heapBytes: usage.heapUsed + usage.arrayBuffers,
      nearCeiling: oldGenerationBytes() > this.ceiling,
    };
    const transfer = [parents, counts, sent, ample, fingerprints, actions, flags].map((g) => g.data.buffer as ArrayBuffer);
    return { result, transfer };
  }

  /** Where the failing model call was, for the main thread to rebuild (see {@link WorkerFault}). */
  fault(error: unknown): WorkerFault {
    const calls = this.calls;
    const onSuccessor = (calls.call === 'encode' || calls.call === 'property') && this.atAction >= 0;
    const property = calls.call === 'property' ? this.checks.nameAt(calls.property) : undefined;
    return {
      call: calls.call,
      detail: faultDetail(error),
      stateId: this.atState,
      actionIndex: this.atAction,
      onSuccessor,
      ...(property !== undefined ? { property } : {}),
    };
  }

  private fingerprint(state: S): void {
    const writer = this.writer;
    writer.reset();
    this.calls.encode(state, writer);
    fingerprintWriter(writer, this.fp);
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
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => { port.postMessage(message, transfer); };
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
      const fault = error instanceof ExplorerError ? undefined : expander.fault(error);
      post({ kind: 'error', message: errorMessage(error), ...(fault !== undefined ? { fault } : {}) });
    }
  });
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'error', message: errorMessage(error) });
}
