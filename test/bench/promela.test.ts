import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/index.ts';
import { type ClientOp, defaultConfig, quorumModel } from '../../spec/index.ts';
import { promelaModel, type PromelaConfig } from '../../bench/peers/promela.ts';
import { parsePanOutput, runSpin, spinToolchain } from '../../bench/peers/spin.ts';

const W1: ClientOp = { kind: 'write', value: 1 };
const W2: ClientOp = { kind: 'write', value: 2 };
const READ: ClientOp = { kind: 'read' };

async function quorumlab(config: PromelaConfig) {
  const model = quorumModel({ ...defaultConfig, ...config, ops: config.ops.map((op) => [op]) });
  return check(model, { properties: ['stale-read'], symmetry: false, reduction: false });
}

describe('promelaModel', () => {
  it('fills every slot of the template', () => {
    const source = promelaModel({ n: 4, w: 3, r: 3, ops: [W1, W2, READ], partitions: 1, crashes: 1 });
    expect(source).not.toMatch(/@[A-Z_]+@/);
    // 2^(4-1) - 1 node splits with replica 0 on side 0, times 2^3 client placements.
    expect(source.match(/-> cut = \d+; partitionsLeft--/g)).toHaveLength(7 * 8);
  });

  it('rejects what the peer cannot express', () => {
    expect(() => promelaModel({ n: 3, w: 2, r: 2, ops: [W1, W1, READ], partitions: 0, crashes: 0 })).toThrow(/distinct/);
    expect(() => promelaModel({ n: 3, w: 4, r: 2, ops: [W1, READ], partitions: 0, crashes: 0 })).toThrow(/1\.\.n/);
  });
});

describe('parsePanOutput', () => {
  it('reads a finished report and an interrupted one', () => {
    const done = 'State-vector 52 byte, depth reached 11, errors: 0\n     2742 states, stored\n    11499 transitions (= stored+matched)\npan: elapsed time 0.03 seconds\n';
    expect(parsePanOutput(done)).toMatchObject({ verdict: 'holds', states: 2742, transitions: 11499, errors: 0, stateVectorBytes: 52 });
    const cut = `Interrupted\n${done}`;
    expect(parsePanOutput(cut)).toMatchObject({ verdict: 'inconclusive', cutShort: 'time budget', states: 2742 });
    expect(parsePanOutput(`${done}error: max search depth too small\n`)).toMatchObject({ verdict: 'inconclusive', cutShort: 'depth bound' });
    const killed = 'Depth=      22 States=    2e+06 Transitions= 1.17e+07 Memory=   669.312\n';
    expect(parsePanOutput(killed)).toMatchObject({ verdict: 'inconclusive', states: 2e6 });
  });
});

// The Promela peer is written independently of the quorum model; with one process whose
// steps are d_steps its stored states are the model's distinct states, so SPIN's count is
// the independent oracle for quorumlab's (symmetry off), and the verdicts must agree.
describe.runIf(spinToolchain().ok)('the Promela peer against the quorum model', () => {
  const cases: readonly [string, PromelaConfig][] = [
    ['N=3 W=R=2, w1;r, no faults', { n: 3, w: 2, r: 2, ops: [W1, READ], partitions: 0, crashes: 0 }],
    ['N=3 W=R=2, w1;r, one crash', { n: 3, w: 2, r: 2, ops: [W1, READ], partitions: 0, crashes: 1 }],
    ['N=2 W=2 R=1, w1;w2;r, no faults', { n: 2, w: 2, r: 1, ops: [W1, W2, READ], partitions: 0, crashes: 0 }],
  ];
  for (const [name, config] of cases) {
    it(`same states and verdict: ${name}`, { timeout: 180_000 }, async () => {
      const spin = runSpin(promelaModel(config), { reduce: false, timeoutSeconds: 120, optimize: false });
      const ours = await quorumlab(config);
      expect(spin.verdict).toBe('holds');
      expect(ours.verdict).toBe('holds');
      expect(ours.stats.states).toBe(spin.states);
    });
  }

  it('both find the stale read with W = R = 1', { timeout: 180_000 }, async () => {
    const config: PromelaConfig = { n: 3, w: 1, r: 1, ops: [W1, READ], partitions: 0, crashes: 0 };
    const spin = runSpin(promelaModel(config), { reduce: false, timeoutSeconds: 120, optimize: false });
    const ours = await quorumlab(config);
    expect(spin.verdict).toBe('violated');
    expect(ours.verdict).toBe('violated');
  });
});
