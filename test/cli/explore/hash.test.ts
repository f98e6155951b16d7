import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../../cli/explore/page/hash.ts';

describe('the path in the page address', () => {
  it('round-trips a path', () => {
    expect(formatHash(0, [3, 1, 4], 2)).toBe('#path=0:3,1,4@2');
    expect(parseHash('#path=0:3,1,4@2')).toEqual({ initIndex: 0, actionIndices: [3, 1, 4], position: 2 });
    expect(parseHash(formatHash(1, [], 0))).toEqual({ initIndex: 1, actionIndices: [], position: 0 });
  });

  it('ignores an address that names no path or a malformed one', () => {
    for (const hash of ['', '#', '#path=', '#path=0:1,2@3', '#path=0:1,,2@1', '#path=a:1@0', '#path=0:1@1x', '#path=0:99999999999999999999@0']) {
      expect(parseHash(hash), hash).toBeNull();
    }
  });
});
