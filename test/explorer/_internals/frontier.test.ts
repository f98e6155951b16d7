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

function run(frontier: Frontier<string>, reference: Reference, cmds: [boolean, number][]): void {
  let next = 0;
  for (const [isPush, n] of cmds) {
    for (let i = 0; i < n; i++) {
      if (isPush) {
        frontier.push(`s${next}`, next, next % 97);
        reference.put(next++);
      } else {
        const expected = reference.take();
        expect(frontier.pop()).toBe(expected !== undefined);
        if (expected !== undefined) {
          expect(frontier.state).toBe(`s${expected}`);
          expect(frontier.id).toBe(expected);
          expect(frontier.depth).toBe(expected % 97);
        }
      }
      expect(frontier.size).toBe(reference.size());
    }
  }
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
        run(new BfsQueue<string>(), fifo, cmds);
      }),
    );
  });

  it('DfsStack is last in, first out across growth', () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        const items: number[] = [];
        const lifo: Reference = { put: (n) => items.push(n), take: () => items.pop(), size: () => items.length };
        run(new DfsStack<string>(), lifo, cmds);
      }),
    );
  });

  it('createFrontier rejects random, which is the simulator', () => {
    expect(() => createFrontier('random')).toThrow(/EXP_UNSUPPORTED/);
  });
});
