/**
 * Peterson's mutual exclusion algorithm for two processes, translated from the TLA+
 * community examples (the TLA+ translation of its PlusCal algorithm).
 *
 *   quorumlab check examples/tla/peterson.ts
 *
 * Source: github.com/tlaplus/Examples, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9,
 * specifications/locks_auxiliary_vars/Peterson.tla (Jarod Differdange) with the model
 * Peterson.cfg (INVARIANTS TypeOK Inv). TLC's published result
 * (specifications/locks_auxiliary_vars/manifest.json): success; 42 distinct states, 77
 * states generated, depth 11.
 *
 * The translation, operator by operator:
 * - VARIABLES pc, c, turn: the state's fields of the same names (`pc` and `c` indexed by the
 *   process, 1 and 2, as records).
 * - Init: c = [self \in 1..2 |-> FALSE], turn = 1, pc = "a0" for both.
 * - Next == \E self \in 1..2 : a0(self) \/ a1(self) \/ a2(self) \/ a3(self) \/ cs(self) \/
 *   a4(self): one action per process and label, enabled where `pc[self]` is that label; a3
 *   also needs ~c[Other(self)] \/ turn = self.
 * - INVARIANTS TypeOK and Inv: `always` properties of the same names; Inv's third conjunct is
 *   mutual exclusion (no two processes in {"cs", "a4"}).
 * - Not translated: PROPERTY LSpec (Peterson refines the abstract Lock) is a property of steps
 *   under a refinement mapping, and a quorumlab property judges states.
 */
import type { Model } from 'quorumlab';

type Label = 'a0' | 'a1' | 'a2' | 'a3' | 'cs' | 'a4';
type Proc = 1 | 2;

const PROCS: readonly Proc[] = [1, 2];
const LABELS: readonly Label[] = ['a0', 'a1', 'a2', 'a3', 'cs', 'a4'];

/** The variables of Peterson. */
export interface PetersonState {
  readonly pc: Readonly<Record<Proc, Label>>;
  readonly c: Readonly<Record<Proc, boolean>>;
  readonly turn: Proc;
}

/** A process taking the step at its label. */
export interface PetersonAction {
  readonly self: Proc;
  readonly label: Label;
}

const other = (p: Proc): Proc => (p === 1 ? 2 : 1);
const lockcs = (s: PetersonState, p: Proc): boolean => s.pc[p] === 'cs' || s.pc[p] === 'a4';

/** The label that follows each one in the process's loop. */
const NEXT_LABEL: Readonly<Record<Label, Label>> = { a0: 'a1', a1: 'a2', a2: 'a3', a3: 'cs', cs: 'a4', a4: 'a0' };

/** Peterson's algorithm for processes 1 and 2. */
export const model: Model<PetersonState, PetersonAction> = {
  name: 'Peterson',
  init: () => [{ c: { 1: false, 2: false }, turn: 1, pc: { 1: 'a0', 2: 'a0' } }],
  actions(s) {
    const actions: PetersonAction[] = [];
    for (const self of PROCS) {
      const label = s.pc[self];
      if (label === 'a3' && !(!s.c[other(self)] || s.turn === self)) continue;
      actions.push({ self, label });
    }
    return actions;
  },
  next(s, { self, label }) {
    const pc = { ...s.pc, [self]: NEXT_LABEL[label] };
    switch (label) {
      case 'a1':
        return { ...s, pc, c: { ...s.c, [self]: true } };
      case 'a2':
        return { ...s, pc, turn: other(self) };
      case 'a4':
        return { ...s, pc, c: { ...s.c, [self]: false } };
      case 'a0':
      case 'a3':
      case 'cs':
        return { ...s, pc };
    }
  },
  properties: [
    {
      name: 'TypeOK',
      kind: 'always',
      check: (s) => PROCS.every((p) => typeof s.c[p] === 'boolean' && LABELS.includes(s.pc[p])) && PROCS.includes(s.turn),
    },
    {
      name: 'Inv',
      kind: 'always',
      description: 'c[p] exactly from a2 to a4; in the critical section, it is p\'s turn or the other has not asked; mutual exclusion',
      check: (s) =>
        PROCS.every((p) => s.c[p] === ['a2', 'a3', 'cs', 'a4'].includes(s.pc[p])) &&
        PROCS.every((p) => !lockcs(s, p) || s.turn === p || ['a0', 'a1', 'a2'].includes(s.pc[other(p)])) &&
        !(lockcs(s, 1) && lockcs(s, 2)),
    },
  ],
  describe: {
    action: (_s, a) => `${a.label}(${a.self})`,
    state: (s) => ({ pc: { 1: s.pc[1], 2: s.pc[2] }, c: { 1: s.c[1], 2: s.c[2] }, turn: s.turn }),
  },
};
