/**
 * A deliberately plain explorer for cross-checking the real one: breadth-first over
 * `actions`/`next`, a `Set` of encoded states (hex strings), no symmetry, no fingerprints.
 * It returns the number of distinct reachable states and, per `always` property, the length
 * of a shortest path to a violating state (or null).
 */
import { type ByteWriter, type Model, modelEncoder } from '../../../explorer/index.ts';

class HexWriter implements ByteWriter {
  parts: string[] = [];
  u8(v: number): void {
    this.parts.push(`a${v.toString(16)}`);
  }
  u16(v: number): void {
    this.parts.push(`b${v.toString(16)}`);
  }
  u32(v: number): void {
    this.parts.push(`c${v.toString(16)}`);
  }
  varint(v: number): void {
    this.parts.push(`d${v.toString(16)}`);
  }
  i32(v: number): void {
    this.parts.push(`e${(v >>> 0).toString(16)}`);
  }
}

/** The encoding of `state` as a string key. */
export function keyOf<S, A>(model: Model<S, A>, state: S): string {
  const w = new HexWriter();
  modelEncoder(model)(state, w);
  return w.parts.join('');
}

/** The result of a brute-force search. */
export interface BruteForceResult {
  readonly states: number;
  /** Per `always` property: the depth of the shallowest violating state, or null. */
  readonly firstViolation: Readonly<Record<string, number | null>>;
  /** Number of reachable dead ends (states with no enabled action). */
  readonly deadEnds: number;
  /** Number of dead ends where the named `always-eventually` property's check is false. */
  readonly badDeadEnds: Readonly<Record<string, number>>;
}

/** Explores every reachable state of `model` (optionally canonicalized by `canon`). */
export function bruteForce<S, A>(model: Model<S, A>, canon?: (s: S) => S): BruteForceResult {
  const seen = new Set<string>();
  let frontier: S[] = [];
  const firstViolation: Record<string, number | null> = {};
  const badDeadEnds: Record<string, number> = {};
  for (const p of model.properties) {
    if (p.kind === 'always') firstViolation[p.name] = null;
    if (p.kind === 'always-eventually') badDeadEnds[p.name] = 0;
  }
  let deadEnds = 0;
  const visit = (s: S, depth: number): void => {
    const key = keyOf(model, canon ? canon(s) : s);
    if (seen.has(key)) return;
    seen.add(key);
    frontier.push(s);
    for (const p of model.properties) {
      if (p.kind === 'always' && firstViolation[p.name] === null && !p.check(s)) firstViolation[p.name] = depth;
    }
  };
  for (const s of model.init()) visit(s, 0);
  let depth = 0;
  while (frontier.length > 0) {
    const current = frontier;
    frontier = [];
    depth++;
    for (const s of current) {
      const actions = model.actions(s);
      if (actions.length === 0) {
        deadEnds++;
        for (const p of model.properties) if (p.kind === 'always-eventually' && !p.check(s)) badDeadEnds[p.name]++;
      }
      for (const a of actions) visit(model.next(s, a), depth);
    }
  }
  return { states: seen.size, firstViolation, deadEnds, badDeadEnds };
}
