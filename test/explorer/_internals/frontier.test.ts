import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BfsQueue, DfsStack, createFrontier, type Frontier } from '../../../explorer/_internals/frontier.ts';

/** Commands: push n entries, or pop n entries (as many as there are). */
const commands = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 700 })), { maxLength: 30 });

/** A plain-array model of a frontier. */
interface Reference {
  put(n: number): void;
  take(): number | undefined;
  size(): number;
}

/** Run `cmds` on both; returns the first step where they disagree, or null. */
function firstMismatch(frontier: Frontier<string>, reference: Reference, cmds: [boolean, number][]): string | null {
  let next = 0;
  let step = 0;
  for (const [isPush, n] of cmds) {
    for (let i = 0; i < n; i++, step++) {
      if (isPush) {
        frontier.push(`s${next}`, next, next % 97);
        reference.put(next++);
      } else {
        const expected = reference.take();
        const popped = frontier.pop();
        if (popped !== (expected !== undefined)) return `step ${step}: pop() was ${popped}`;
        if (
          expected !== undefined &&
          (frontier.state !== `s${expected}` || frontier.id !== expected || frontier.depth !== expected % 97)
        ) {
          return `step ${step}: popped ${frontier.id}, expected ${expected}`;
        }
      }
      if (frontier.size !== reference.size()) return `step ${step}: size ${frontier.size}, expected ${reference.size()}`;
    }
  }
  return null;
}

describe('frontiers', () => {
  it('BfsQueue is first in, first out across wrap-around and growth', () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        const items: number[] = [];
        let head = 0;
        const fifo: Reference = {
          put: (n) => items.push(n),
          take: () => (head < items.length ? items[head++] : undefined),
          size: () => items.length - head,
        };
        expect(firstMismatch(new BfsQueue<string>(), fifo, cmds)).toBeNull();
      }),
    );
  });

  it('DfsStack is last in, first out across growth', () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        const items: number[] = [];
        const lifo: Reference = { put: (n) => items.push(n), take: () => items.pop(), size: () => items.length };
        expect(firstMismatch(new DfsStack<string>(), lifo, cmds)).toBeNull();
      }),
    );
  });

  it('createFrontier rejects random, which is the simulator', () => {
    expect(() => createFrontier('random')).toThrow(/EXP_UNSUPPORTED/);
  });
});
