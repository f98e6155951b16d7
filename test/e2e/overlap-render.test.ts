import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, scratch } from './run-cli.ts';

/** C(n, k) by the multiplicative formula, in BigInt: the test's own closed form. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/** num/den reduced, as "a/b". */
function reduced(num: bigint, den: bigint): string {
  const g = num === 0n ? den : gcd(num, den);
  return `${num / g}/${den / g}`;
}

interface OverlapJson {
  pairs: number;
  disjointPairs: number;
  minOverlap: number;
  staleProbability: { fraction: string; value: number };
  kStaleProbability?: { k: number; fraction: string; value: number };
}

describe('quorumlab overlap', () => {
  // Closed forms: pairs = C(n,w) C(n,r); a read quorum disjoint from a given write quorum picks its
  // r replicas among the n - w others, so disjoint pairs = C(n,w) C(n-w,r); the pigeonhole bound
  // min overlap = max(0, w + r - n); stale probability = C(n-w,r) / C(n,r) (PBS eq. 1), to the k (eq. 2).
  for (const [n, w, r, k] of [
    [3, 2, 2, 1],
    [5, 2, 2, 2],
    [5, 1, 3, 3],
    [6, 3, 3, 2],
  ] as const) {
    it(`N=${n} W=${w} R=${r} k=${k} agrees with the closed forms`, async () => {
      const run = await quorumlab(['overlap', '--n', String(n), '--w', String(w), '--r', String(r), '--k', String(k), '--json']);
      expect(run.code).toBe(0);
      const json = JSON.parse(run.stdout) as OverlapJson;
      expect(BigInt(json.pairs)).toBe(choose(n, w) * choose(n, r));
      expect(BigInt(json.disjointPairs)).toBe(choose(n, w) * choose(n - w, r));
      expect(json.minOverlap).toBe(Math.max(0, w + r - n));
      expect(json.staleProbability.fraction).toBe(reduced(choose(n - w, r), choose(n, r)));
      expect(json.staleProbability.value).toBeCloseTo(Number(choose(n - w, r)) / Number(choose(n, r)), 12);
      expect(json.kStaleProbability?.fraction).toBe(reduced(choose(n - w, r) ** BigInt(k), choose(n, r) ** BigInt(k)));
    });
  }

  it('prints the table a workshop reads', async () => {
    const run = await quorumlab(['overlap', '--n', '5', '--w', '2', '--r', '2']);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out[0]).toBe('quorum overlap for N=5 W=2 R=2');
    // C(5,2)^2 = 100 pairs; C(5,2) C(3,2) = 30 disjoint; 30/100 = 3/10.
    expect(run.stdout).toMatch(/pairs\s+100\n/);
    expect(run.stdout).toMatch(/disjoint pairs\s+30\n/);
    expect(run.stdout).toMatch(/stale probability\s+3\/10 = 0\.3 /);
  });

  it('draws one pair of quorums with --out', async () => {
    const out = join(scratch(), 'pic');
    const run = await quorumlab(['overlap', '--n', '5', '--w', '2', '--r', '2', '--out', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, 'overlap.dot'), 'utf8')).toMatch(/digraph overlap/);
    expect(readFileSync(join(out, 'overlap.svg'), 'utf8')).toMatch(/<svg[\s>]/);
  });
});

describe('quorumlab render', () => {
  const dot = 'digraph g { a -> b; }\n';

  it('renders to FILE.svg beside the input by default', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'small.dot'), dot);
    const run = await quorumlab(['render', join(dir, 'small.dot')]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'small.svg'), 'utf8')).toMatch(/<svg[\s>]/);
  });

  it('renders to PNG with -o', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'small.dot'), dot);
    const run = await quorumlab(['render', join(dir, 'small.dot'), '-o', join(dir, 'slide.png')]);
    expect(run.code).toBe(0);
    expect([...readFileSync(join(dir, 'slide.png')).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('--scale sets the PNG size: scale 1 is half the width of scale 2', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'small.dot'), dot);
    const widths: number[] = [];
    for (const scale of ['1', '2']) {
      const run = await quorumlab(['render', join(dir, 'small.dot'), '-o', join(dir, `s${scale}.png`), '--scale', scale]);
      expect(run.code).toBe(0);
      // The PNG header stores the width as a big-endian 32-bit integer at byte 16.
      widths.push(readFileSync(join(dir, `s${scale}.png`)).readUInt32BE(16));
    }
    expect(Math.abs(widths[1] - 2 * widths[0])).toBeLessThanOrEqual(1);
    const bad = await quorumlab(['render', join(dir, 'small.dot'), '-o', join(dir, 'big.png'), '--scale', '9']);
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)).toEqual([expect.stringMatching(/^error: --scale must be a number from 0.25 to 4/)]);
    expect(existsSync(join(dir, 'big.png'))).toBe(false);
  });

  it('rejects bad DOT with one line, exit 2, and writes nothing', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.dot'), 'digraph g { a -> ; }}\n');
    const run = await quorumlab(['render', join(dir, 'bad.dot')]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: cannot render '.*bad\.dot': /);
    expect(existsSync(join(dir, 'bad.svg'))).toBe(false);
  });

  it('refuses an SVG in one line saying it takes DOT, exit 2, and writes nothing', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'small.dot'), dot);
    const made = await quorumlab(['render', join(dir, 'small.dot')]);
    expect(made.code).toBe(0);
    const run = await quorumlab(['render', join(dir, 'small.svg'), '-o', join(dir, 'slide.png')]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^error: cannot render '.*small\.svg': it is an SVG picture, and render takes a DOT source/)]);
    expect(existsSync(join(dir, 'slide.png'))).toBe(false);
  });

  it('rejects an output that is neither .svg nor .png', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'small.dot'), dot);
    const run = await quorumlab(['render', join(dir, 'small.dot'), '-o', join(dir, 'small.gif')]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^error: -o must name a \.svg or \.png file/)]);
  });
});
