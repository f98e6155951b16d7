import { describe, expect, it } from 'vitest';
import { connected, popcount } from '../../../spec/cluster/network.ts';
import { canonicalCut, enumerateCuts } from '../../../spec/faults/partition.ts';

describe('enumerateCuts', () => {
  it('counts node splits once per mirror pair, times each free client placement', () => {
    // M nodes have 2^(M-1) - 1 unordered splits into two non-empty sides; each free client doubles that.
    expect(enumerateCuts(3, 0)).toHaveLength(3);
    expect(enumerateCuts(3, 2)).toHaveLength(3 * 4);
    expect(enumerateCuts(4, 1)).toHaveLength(7 * 2);
    // Clients with sites follow their node: no extra placements.
    expect(enumerateCuts(3, 2, [0, 2])).toHaveLength(3);
    // A fixed cut with sites: exactly one partition.
    expect(enumerateCuts(5, 2, [0, 3], [0, 1])).toHaveLength(1);
  });

  it('puts a client on its site node side', () => {
    const [cut] = enumerateCuts(5, 2, [0, 3], [0, 1]);
    expect(connected(cut, 0, 5)).toBe(true); // C1 with branch 1
    expect(connected(cut, 3, 6)).toBe(true); // C2 with branch 4
    expect(connected(cut, 5, 6)).toBe(false);
    expect(connected(cut, 1, 2)).toBe(false);
  });

  it('keeps endpoint 0 on side 0', () => {
    for (const cut of enumerateCuts(4, 2)) expect(cut & 1).toBe(0);
    expect(canonicalCut(0b0011, 4)).toBe(0b1100);
    expect(canonicalCut(0b0110, 4)).toBe(0b0110);
    expect(popcount(0b1011)).toBe(3);
  });
});
