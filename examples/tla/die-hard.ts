/**
 * The Die Hard water jugs puzzle, translated from the TLA+ community examples.
 *
 *   quorumlab check examples/tla/die-hard.ts        # violated: the counterexample is a solution
 *
 * Source: github.com/tlaplus/Examples, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9,
 * specifications/DieHard/DieHard.tla (Leslie Lamport) with the model DieHard.cfg
 * (INVARIANTS TypeOK NotSolved). TLC's published result (specifications/DieHard/manifest.json):
 * safety failure (the manifest records no state counts for a failing model). NotSolved says
 * the big jug never holds 4 gallons; TLC's counterexample is a way to measure 4 gallons.
 *
 * The translation, operator by operator:
 * - VARIABLES big, small: the state's fields of the same names.
 * - Init: both jugs empty.
 * - Next == FillSmallJug \/ FillBigJug \/ EmptySmallJug \/ EmptyBigJug \/ SmallToBig \/
 *   BigToSmall: one action each, in that order, always enabled (a move that changes nothing,
 *   such as filling a full jug, is a step back to the same state, as in TLA+).
 * - INVARIANTS TypeOK and NotSolved: `always` properties of the same names.
 */
import type { Model } from 'quorumlab';

/** Gallons in the 5-gallon (big) and 3-gallon (small) jugs. */
export interface Jugs {
  readonly big: number;
  readonly small: number;
}

/** The six disjuncts of Next. */
export type JugAction = 'FillSmallJug' | 'FillBigJug' | 'EmptySmallJug' | 'EmptyBigJug' | 'SmallToBig' | 'BigToSmall';

const ACTIONS: readonly JugAction[] = ['FillSmallJug', 'FillBigJug', 'EmptySmallJug', 'EmptyBigJug', 'SmallToBig', 'BigToSmall'];

/** The puzzle. */
export const model: Model<Jugs, JugAction> = {
  name: 'DieHard',
  init: () => [{ big: 0, small: 0 }],
  actions: () => ACTIONS,
  next({ big, small }, action) {
    switch (action) {
      case 'FillSmallJug':
        return { big, small: 3 };
      case 'FillBigJug':
        return { big: 5, small };
      case 'EmptySmallJug':
        return { big, small: 0 };
      case 'EmptyBigJug':
        return { big: 0, small };
      case 'SmallToBig': {
        const bigAfter = Math.min(big + small, 5);
        return { big: bigAfter, small: small - (bigAfter - big) };
      }
      case 'BigToSmall': {
        const smallAfter = Math.min(big + small, 3);
        return { big: big - (smallAfter - small), small: smallAfter };
      }
    }
  },
  properties: [
    { name: 'TypeOK', kind: 'always', check: (s) => Number.isInteger(s.small) && s.small >= 0 && s.small <= 3 && Number.isInteger(s.big) && s.big >= 0 && s.big <= 5 },
    { name: 'NotSolved', kind: 'always', description: 'the big jug never holds 4 gallons', check: (s) => s.big !== 4 },
  ],
  describe: {
    action: (_s, action) => action,
    state: (s) => ({ big: s.big, small: s.small }),
  },
};
