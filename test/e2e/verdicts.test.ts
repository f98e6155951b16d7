/**
 * The quorum model's expected verdicts, through the command as a user runs it. The same
 * verdicts are pinned through the library in test/spec/; each is derived from the protocol:
 * - W + R > N with last-write-wins: every read quorum shares a home replica with every write
 *   quorum, and that replica's copy carries the highest version, so no read is stale under any
 *   partition, loss or crash (without state loss).
 * - `first` resolution answers with whichever reply arrives first, which can be the stale
 *   replica's; W=1 R=1 lets the read ask the one replica the write skipped.
 * - sloppy-ghost: the write quorum {R1, S1} and the read quorum {R2, R3} share nothing,
 *   because the spare is not a home replica; with a strict quorum the write cannot complete.
 * - bank: in cp the cut-off branch refuses (no stale balance, no answer); in ap it accepts
 *   locally and the other side reads the old balance.
 * - abd: the read's write-back phase makes a later read see at least what an earlier read saw.
 * - convergence: anti-entropy repairs the replica a lost write missed; without any repair
 *   mechanism that replica stays behind forever.
 */
import { describe, expect, it } from 'vitest';
import { quorumlab } from './run-cli.ts';

interface Verdicts {
  readonly code: number;
  readonly verdicts: Readonly<Record<string, string>>;
}

async function verdicts(args: readonly string[]): Promise<Verdicts> {
  const run = await quorumlab(['check', ...args, '--json']);
  const json = JSON.parse(run.stdout) as { verdict: string; property: string; properties?: { name: string; verdict: string }[] };
  const list = json.properties ?? [{ name: json.property, verdict: json.verdict }];
  return { code: run.code ?? -1, verdicts: Object.fromEntries(list.map((p) => [p.name, p.verdict])) };
}

const faults = ['--partitions', '1', '--drops', '1', '--crashes', '1'];

// The five-branch bank takes tens of seconds on a loaded 2-core machine.
describe('expected verdicts through quorumlab check', { timeout: 600_000 }, () => {
  it('N=3 W=2 R=2 strict lww, a partition, a loss and a crash: stale-read holds (exit 0)', async () => {
    expect(await verdicts(faults)).toEqual({ code: 0, verdicts: { 'stale-read': 'holds' } });
  });

  it('the same with --resolve first, and with W=1 R=1: violated (exit 1)', async () => {
    expect(await verdicts([...faults, '--resolve', 'first'])).toEqual({ code: 1, verdicts: { 'stale-read': 'violated' } });
    expect(await verdicts([...faults, '--w', '1', '--r', '1'])).toEqual({ code: 1, verdicts: { 'stale-read': 'violated' } });
  });

  it.each([
    ['1', '3'],
    ['3', '1'],
  ])('W=%s R=%s under the same faults: the same ceiling, stale-read holds', async (w, r) => {
    expect(await verdicts([...faults, '--w', w, '--r', r])).toEqual({ code: 0, verdicts: { 'stale-read': 'holds' } });
  });

  it('sloppy-ghost: violated although W + R > N; with a strict quorum it holds', async () => {
    expect(await verdicts(['sloppy-ghost'])).toEqual({ code: 1, verdicts: { 'stale-read': 'violated' } });
    expect(await verdicts(['sloppy-ghost', '--quorum', 'strict'])).toEqual({ code: 0, verdicts: { 'stale-read': 'holds' } });
  });

  it('bank: cp keeps stale-read and loses availability; ap the reverse', async () => {
    expect(await verdicts(['bank', '--mode', 'cp'])).toEqual({ code: 1, verdicts: { 'stale-read': 'holds', availability: 'violated' } });
    expect(await verdicts(['bank', '--mode', 'ap'])).toEqual({ code: 1, verdicts: { 'stale-read': 'violated', availability: 'holds' } });
  });

  it("abd with ops w1;r,r: linearizable holds with the write-back, not without it", async () => {
    expect(await verdicts(['abd', '--ops', 'w1;r,r', '--property', 'linearizable'])).toEqual({ code: 0, verdicts: { linearizable: 'holds' } });
    expect(await verdicts(['abd', '--ops', 'w1;r,r', '--property', 'linearizable', '--read-repair', 'off'])).toEqual({
      code: 1,
      verdicts: { linearizable: 'violated' },
    });
  });

  it('convergence: holds with anti-entropy; violated with no repair and one lost message', async () => {
    const base = ['--ops', 'w1', '--drops', '1', '--property', 'convergence', '--symmetry', 'off'];
    expect(await verdicts([...base, '--anti-entropy'])).toEqual({ code: 0, verdicts: { convergence: 'holds' } });
    expect(await verdicts(base)).toEqual({ code: 1, verdicts: { convergence: 'violated' } });
  });
});
