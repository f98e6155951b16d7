import { describe, expect, it } from 'vitest';
import { laneFinals, toJsonValue } from '../../reports/describe-trace.ts';
import type { LaneDescription } from '../../explorer/model.ts';

const lanes: LaneDescription[] = [
  { id: 'C1', label: 'C1', role: 'client' },
  { id: 'R1', label: 'R1', role: 'replica' },
  { id: 'S1', label: 'S1', role: 'spare' },
];

describe('laneFinals', () => {
  it('takes each replica and spare entry of a record keyed by lane ids, and leaves clients out', () => {
    const view = {
      replicas: { R1: { up: true, entries: [1] }, S1: { up: false } },
      clients: { C1: { pending: null } },
      stores: { R1: 5, R9: 1 },
      net: 'ok',
    };
    expect(laneFinals(lanes, view)).toEqual({ R1: { up: true, entries: [1], stores: 5 }, S1: { up: false } });
  });

  it('gives nothing when no field is keyed by lanes', () => {
    expect(laneFinals(lanes, { R1: '1 v1', net: 'ok' })).toEqual({});
  });
});

describe('toJsonValue', () => {
  it('turns maps, sets, bigints and typed arrays into JSON', () => {
    expect(toJsonValue({ m: new Map([['a', 1n]]), s: new Set([2]), t: new Uint8Array([3]), u: undefined, f: Infinity })).toEqual({
      m: [['a', '1']],
      s: [2],
      t: [3],
      u: null,
      f: 'Infinity',
    });
  });
});
