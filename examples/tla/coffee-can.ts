/**
 * The Coffee Can problem (Gries, after Scholten and Dijkstra), translated from the TLA+
 * community examples.
 *
 *   quorumlab check examples/tla/coffee-can.ts                        # MaxBeanCount = 100
 *   quorumlab check examples/tla/coffee-can.ts --const MaxBeanCount=1000
 *
 * Source: github.com/tlaplus/Examples, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9,
 * specifications/CoffeeCan/CoffeeCan.tla with the model CoffeeCan100Beans.cfg
 * (MaxBeanCount = 100) and CoffeeCan1000Beans.cfg (MaxBeanCount = 1000).
 * TLC's published results (specifications/CoffeeCan/manifest.json): success;
 * 100 beans: 5,150 distinct states, 20,002 states generated, depth 1;
 * 1000 beans: 501,500 distinct states, 2,000,002 generated, depth 1.
 * (Every reachable state is an initial state: a step only removes beans, and Init allows any
 * can of 1..MaxBeanCount beans. TLC counts the initial states as depth 1.)
 *
 * The translation, operator by operator:
 * - VARIABLE can, a record [black, white]: the state `{ black, white }`.
 * - Init == can \in {c \in Can : c.black + c.white \in 1..MaxBeanCount}: every such can, in
 *   the order TLC enumerates Can (black, then white, ascending).
 * - Next == PickSameColorWhite \/ PickSameColorBlack \/ PickDifferentColor \/ Termination:
 *   one action each, in that order, enabled by the same guards. Termination (BeanCount = 1,
 *   UNCHANGED can) is a step back to the same state, as in TLA+.
 * - Spec == Init /\ [][Next]_can /\ WF_can(Next): quorumlab never stutters while an action
 *   is enabled, which is weak fairness on the whole next-state relation: the same behaviours.
 * - INVARIANT TypeInvariant: the `always` property `TypeInvariant`.
 * - PROPERTY EventuallyTerminates == <>(ENABLED Termination): the `eventually` property
 *   `EventuallyTerminates` (Termination is enabled exactly when one bean is left).
 * - PROPERTY TerminationHypothesis == IF can.white % 2 = 0 THEN <>(one black bean) ELSE
 *   <>(one white bean), where `can` is the initial can: the `eventually` property
 *   `TerminationHypothesis`, which reads the parity of white beans in the current state
 *   instead of the initial one. Every step keeps that parity (the LoopInvariant below), so
 *   along any behaviour the two agree.
 * - Not translated: PROPERTY MonotonicDecrease == [][BeanCount' < BeanCount]_can and
 *   LoopInvariant == [][can.white % 2 = 0 <=> can'.white % 2 = 0]_can are properties of
 *   steps, and a quorumlab property judges states. Both are plain to see in `next` below:
 *   every Pick removes exactly one bean, and only PickSameColorWhite changes the white count,
 *   by two.
 */
import type { Model } from 'quorumlab';

/** The constants of the model, with the values of CoffeeCan100Beans.cfg. */
export const constants = { MaxBeanCount: 100 };

/** The can: how many black and white beans are in it. */
export interface Can {
  readonly black: number;
  readonly white: number;
}

/** The four disjuncts of Next. */
export type CanAction = 'PickSameColorWhite' | 'PickSameColorBlack' | 'PickDifferentColor' | 'Termination';

const beanCount = (can: Can): number => can.black + can.white;

/** CoffeeCan for `MaxBeanCount` beans at most. */
export function model({ MaxBeanCount }: typeof constants = constants): Model<Can, CanAction> {
  if (!Number.isInteger(MaxBeanCount) || MaxBeanCount < 1) throw new Error(`MaxBeanCount must be an integer >= 1 (got ${MaxBeanCount})`);
  return {
    name: 'CoffeeCan',
    init() {
      const cans: Can[] = [];
      for (let black = 0; black <= MaxBeanCount; black++) {
        for (let white = 0; white <= MaxBeanCount; white++) {
          if (black + white >= 1 && black + white <= MaxBeanCount) cans.push({ black, white });
        }
      }
      return cans;
    },
    actions(can) {
      const enabled: CanAction[] = [];
      if (beanCount(can) > 1 && can.white >= 2) enabled.push('PickSameColorWhite');
      if (beanCount(can) > 1 && can.black >= 2) enabled.push('PickSameColorBlack');
      if (beanCount(can) > 1 && can.black >= 1 && can.white >= 1) enabled.push('PickDifferentColor');
      if (beanCount(can) === 1) enabled.push('Termination');
      return enabled;
    },
    next(can, action) {
      switch (action) {
        case 'PickSameColorWhite':
          return { black: can.black + 1, white: can.white - 2 };
        case 'PickSameColorBlack':
          return { black: can.black - 1, white: can.white };
        case 'PickDifferentColor':
          return { black: can.black - 1, white: can.white };
        case 'Termination':
          return can;
      }
    },
    properties: [
      {
        name: 'TypeInvariant',
        kind: 'always',
        description: 'can \\in [black : 0..MaxBeanCount, white : 0..MaxBeanCount]',
        check: (can) => Number.isInteger(can.black) && Number.isInteger(can.white) && can.black >= 0 && can.black <= MaxBeanCount && can.white >= 0 && can.white <= MaxBeanCount,
      },
      {
        name: 'EventuallyTerminates',
        kind: 'eventually',
        description: '<>(ENABLED Termination): eventually one bean is left',
        check: (can) => beanCount(can) === 1,
      },
      {
        name: 'TerminationHypothesis',
        kind: 'eventually',
        description: 'an even number of white beans ends with one black bean, an odd number with one white bean',
        check: (can) => (can.white % 2 === 0 ? can.black === 1 && can.white === 0 : can.black === 0 && can.white === 1),
      },
    ],
    describe: {
      action: (can, action) => `${action} (black ${can.black}, white ${can.white})`,
      state: (can) => ({ black: can.black, white: can.white }),
    },
  };
}
