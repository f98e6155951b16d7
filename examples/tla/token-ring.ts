/**
 * Dijkstra's self-stabilizing token ring (EWD 426), translated from the TLA+ community
 * examples.
 *
 *   quorumlab check examples/tla/token-ring.ts                  # N = 6, M = 6
 *   quorumlab check examples/tla/token-ring.ts --const N=4 --const M=4
 *
 * Source: github.com/tlaplus/Examples, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9,
 * specifications/ewd426/TokenRing.tla (Murat Demirbas) with the model TokenRing.cfg
 * (N = 6, M = 6, CHECK_DEADLOCK FALSE, INVARIANT TypeOK, PROPERTIES Stab). TLC's published
 * result (specifications/ewd426/manifest.json): success; 46,656 distinct states, 248,832
 * states generated, depth 1. (Init allows any counters, so all 6^6 states are initial.)
 *
 * The translation, operator by operator:
 * - VARIABLE c, the counters: the state `{ c }`, an array indexed by node 0..N-1.
 * - Init == c \in [Node -> 0..M-1]: every array of counters, in the order TLC enumerates them.
 * - Next == CreateToken \/ \E i \in Node \ {0} : PassToken(i): one action each, with the
 *   same guards.
 * - Spec == Init /\ [][Next]_vars /\ WF_vars(Next): quorumlab never stutters while an action
 *   is enabled, which is weak fairness on the whole next-state relation: the same behaviours.
 * - INVARIANT TypeOK: the `always` property `TypeOK`.
 * - PROPERTY Stab == <>[]UniqueToken: the `eventually` property `Stab`, "eventually
 *   UniqueToken". The two agree because UniqueToken is closed under Next (once the token is
 *   unique it stays unique: the closure half of self-stabilization), so reaching it is
 *   staying in it; the gallery's test checks that closure on every state.
 * - TLA+'s % is the mathematical modulus (-1 % M = M - 1); JavaScript's is not, so `mod`
 *   below is.
 */
import type { Model } from 'quorumlab';

/** The constants of the model, with the values of TokenRing.cfg. */
export const constants = { N: 6, M: 6 };

/** The counters of the ring. */
export interface TokenRingState {
  readonly c: readonly number[];
}

/** CreateToken at node 0, or PassToken at node i. */
export type TokenRingAction = { readonly kind: 'CreateToken' } | { readonly kind: 'PassToken'; readonly i: number };

const mod = (a: number, m: number): number => ((a % m) + m) % m;

/** UniqueToken: the counters read c[0] up to some node and c[0] - 1 after it. */
export function uniqueToken(s: TokenRingState, N: number, M: number): boolean {
  for (let i = 0; i <= N; i++) {
    let ok = true;
    for (let j = 0; j < i && ok; j++) ok = s.c[j] === s.c[0];
    for (let j = i; j < N && ok; j++) ok = s.c[j] === mod(s.c[0] - 1, M);
    if (ok) return true;
  }
  return false;
}

/** The token ring of `N` nodes with counters in 0..M-1. */
export function model({ N, M }: typeof constants = constants): Model<TokenRingState, TokenRingAction> {
  if (!Number.isInteger(N) || N < 1 || !Number.isInteger(M) || M < 1 || N > M + 1) {
    throw new Error(`N and M must be integers >= 1 with N <= M + 1 (got N=${N}, M=${M})`);
  }
  return {
    name: 'TokenRing',
    init() {
      const states: TokenRingState[] = [];
      const c = new Array<number>(N).fill(0);
      for (let k = 0; k < M ** N; k++) {
        let rest = k;
        for (let i = N - 1; i >= 0; i--) {
          c[i] = rest % M;
          rest = Math.floor(rest / M);
        }
        states.push({ c: [...c] });
      }
      return states;
    },
    actions(s) {
      const actions: TokenRingAction[] = [];
      if (s.c[0] === s.c[N - 1]) actions.push({ kind: 'CreateToken' });
      for (let i = 1; i < N; i++) if (s.c[i] !== s.c[i - 1]) actions.push({ kind: 'PassToken', i });
      return actions;
    },
    next(s, action) {
      const c = [...s.c];
      if (action.kind === 'CreateToken') c[0] = mod(s.c[N - 1] + 1, M);
      else c[action.i] = s.c[action.i - 1];
      return { c };
    },
    properties: [
      { name: 'TypeOK', kind: 'always', check: (s) => s.c.length === N && s.c.every((x) => Number.isInteger(x) && x >= 0 && x < M) },
      { name: 'Stab', kind: 'eventually', description: '<>[]UniqueToken: the ring stabilizes to one token', check: (s) => uniqueToken(s, N, M) },
    ],
    describe: {
      action: (_s, action) => (action.kind === 'CreateToken' ? 'CreateToken' : `PassToken(${action.i})`),
      state: (s) => ({ c: [...s.c] }),
    },
  };
}
