/**
 * The quorum properties judged on packed states. The registry's checkers
 * (spec/protocols/properties.ts) take a `History`; a packed state's history is read into a
 * reused set of operation records (no allocation per state), and each property remembers its
 * verdict for the last history decoded: most steps deliver a message and leave the history as
 * it was, so most states are answered by comparing a few words. Nothing is keyed on the state
 * object itself, so a reused buffer is judged by its contents.
 */
import type { Property } from '../../explorer/index.ts';
import type { CheckOutcome, HistoryOp, OpStatus } from '../consistency/history.ts';
import { QUORUM_PROPERTIES, QUORUM_PROPERTY_RULES, type QuorumPropertyRule, type ReplicaPropertyName } from '../protocols/properties.ts';
import type { PackedContext } from './context.ts';
import { historyLength } from './coordinator.ts';
import { HAFTER, HEXTRA, HKIND_SHIFT, HSIBLINGS_SHIFT, HSTATUS_SHIFT, HVALUE_SHIFT } from './layout.ts';

const STATUSES: readonly OpStatus[] = ['pending', 'ok', 'refused', 'timeout'];

/** A history operation record the view rewrites in place. */
interface OpRecord {
  id: number;
  client: number;
  kind: 'write' | 'read';
  value: number;
  siblings: number[] | undefined;
  status: OpStatus;
  after: number;
}

/**
 * A packed state's history as the checkers read it, decoded into reused records. It keeps the
 * words it last decoded and decodes again only when a state's history words differ; each
 * decoding bumps `generation`, so a check can tell whether its last verdict still applies.
 */
export class HistoryView {
  private readonly q: PackedContext;
  private readonly records: OpRecord[] = [];
  /** `prefixes[k]`: the first k records, as the array a checker is handed. */
  private readonly prefixes: OpRecord[][] = [];
  private readonly words: Int32Array;
  private readonly start: number;
  private length = -1;
  /** Bumped whenever the view decodes a different history. */
  generation = 0;

  constructor(q: PackedContext) {
    this.q = q;
    for (let id = 0; id < q.layout.historyCapacity; id++) {
      this.records.push({ id, client: 0, kind: 'write', value: 0, siblings: undefined, status: 'pending', after: 0 });
    }
    for (let k = 0; k <= q.layout.historyCapacity; k++) this.prefixes.push(this.records.slice(0, k));
    this.start = q.layout.historyAt;
    this.words = new Int32Array(q.layout.historyCapacity * q.layout.historyStride);
  }

  /** The history of `s`, valid until the next call. */
  of(s: readonly number[]): readonly HistoryOp[] {
    const words = this.words;
    const start = this.start;
    let same = this.length >= 0;
    for (let i = 0; same && i < words.length; i++) if (words[i] !== s[start + i]) same = false;
    if (!same) {
      for (let i = 0; i < words.length; i++) words[i] = s[start + i];
      this.length = historyLength(this.q, s);
      for (let id = 0; id < this.length; id++) this.decode(s, id);
      this.generation++;
    }
    return this.prefixes[this.length];
  }

  private decode(s: readonly number[], id: number): void {
    const h = this.q.historyAt(id);
    const h0 = s[h];
    const record = this.records[id];
    record.client = h0 & 0x7;
    record.kind = ((h0 >>> HKIND_SHIFT) & 1) === 0 ? 'write' : 'read';
    record.value = (h0 >>> HVALUE_SHIFT) & 0xff;
    record.status = STATUSES[(h0 >>> HSTATUS_SHIFT) & 0x3];
    record.after = s[h + HAFTER];
    const siblings = (h0 >>> HSIBLINGS_SHIFT) & 0xf;
    if (siblings === 0) {
      record.siblings = undefined;
      return;
    }
    const values = record.siblings ?? [];
    values.length = siblings;
    for (let i = 0; i < siblings; i++) values[i] = (s[h + HEXTRA + (i >> 2)] >>> (8 * (i & 3))) & 0xff;
    record.siblings = values;
  }
}

/** A history property with its verdict for the history the view last decoded. */
class CachedHistoryCheck {
  private readonly view: HistoryView;
  private readonly checker: (history: readonly HistoryOp[]) => CheckOutcome;
  private generation = -1;
  private verdict = true;

  constructor(view: HistoryView, checker: (history: readonly HistoryOp[]) => CheckOutcome) {
    this.view = view;
    this.checker = checker;
  }

  check(s: readonly number[]): boolean {
    const history = this.view.of(s);
    if (this.view.generation !== this.generation) {
      this.generation = this.view.generation;
      this.verdict = this.checker(history).ok;
    }
    return this.verdict;
  }
}

/** The properties of the replicas' contents, on words: one entry per such property of the registry. */
const REPLICA_CHECKS: Record<ReplicaPropertyName, (q: PackedContext, s: readonly number[]) => boolean> = {
  // Every home replica holds the same entry word (equal words, equal lists).
  convergence: (q, s) => {
    const at = q.layout.replicas;
    for (let h = 1; h < q.n; h++) if (s[at + h] !== s[at]) return false;
    return true;
  },
};

/** The explorer's properties for packed states, in the registry's order. */
export function packedProperties(q: PackedContext): Property<readonly number[]>[] {
  const view = new HistoryView(q);
  return QUORUM_PROPERTIES.map((name): Property<readonly number[]> => {
    const rule: QuorumPropertyRule = QUORUM_PROPERTY_RULES[name];
    if (rule.over === 'history') {
      const cached = new CachedHistoryCheck(view, rule.checker);
      return { name, kind: rule.kind, description: rule.description, check: (s) => cached.check(s) };
    }
    const holds = REPLICA_CHECKS[name as ReplicaPropertyName];
    return { name, kind: rule.kind, description: rule.description, check: (s) => holds(q, s) };
  });
}
