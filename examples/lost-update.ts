/**
 * The lost update: processes increment a shared counter by reading it, then writing what
 * they read plus one, with no lock. The complete example of docs/writing-a-spec.md.
 *
 *   quorumlab check examples/lost-update.ts                       # two processes
 *   quorumlab check examples/lost-update.ts --const Processes=3
 *
 * The spec imports only a type, declares its constants, leaves the encoding to the explorer,
 * and gives the processes' symmetry: a state with the processes listed in another order is the
 * same state.
 */
import type { Model } from 'quorumlab';

/** The constants and their defaults; `--const Processes=3` overrides one. */
export const constants = { Processes: 2 };

/** Where a process is in its read-then-write. */
type Pc = 'read' | 'write' | 'done';

/** One process: its program counter and the value it read. */
type Proc = { readonly pc: Pc; readonly read: number };

/** The shared counter, and each process's program counter and the value it read. */
export interface State {
  readonly counter: number;
  readonly procs: readonly Proc[];
}

/** A process taking its next step. */
export interface Step {
  readonly kind: 'read' | 'write';
  readonly p: number;
}

/** Processes in a fixed order of their contents (for the symmetry). */
const byContents = (a: Proc, b: Proc): number => (a.pc < b.pc ? -1 : a.pc > b.pc ? 1 : a.read - b.read);

/** The lost update with `Processes` processes. */
export function model({ Processes }: typeof constants = constants): Model<State, Step> {
  return {
    name: 'lost-update',
    init: () => [{ counter: 0, procs: Array.from({ length: Processes }, (): Proc => ({ pc: 'read', read: 0 })) }],
    actions: (s) => s.procs.flatMap((proc, p): Step[] => (proc.pc === 'read' || proc.pc === 'write' ? [{ kind: proc.pc, p }] : [])),
    next(s, { kind, p }) {
      const procs = s.procs.map((proc, i): Proc => (i !== p ? proc : kind === 'read' ? { pc: 'write', read: s.counter } : { pc: 'done', read: proc.read }));
      return { counter: kind === 'write' ? s.procs[p].read + 1 : s.counter, procs };
    },
    properties: [
      {
        name: 'no-lost-update',
        kind: 'always',
        description: 'once every process is done, the counter counts every increment',
        check: (s) => !s.procs.every((proc) => proc.pc === 'done') || s.counter === Processes,
      },
      {
        name: 'all-finish',
        kind: 'eventually',
        description: 'every process finishes',
        check: (s) => s.procs.every((proc) => proc.pc === 'done'),
      },
    ],
    symmetry: (s) => ({ counter: s.counter, procs: [...s.procs].sort(byContents) }),
    describe: {
      action: (s, { kind, p }) => (kind === 'read' ? `P${p + 1} reads ${s.counter}` : `P${p + 1} writes ${s.procs[p].read + 1}`),
      state: (s) => ({ counter: s.counter, procs: s.procs.map((proc) => `${proc.pc}/${proc.read}`) }),
    },
  };
}
