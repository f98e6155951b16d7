/**
 * A fast-check arbitrary of small, valid quorum configurations covering every knob: cluster
 * size, quorums, spares, scripts (repeated ones make clients interchangeable), every
 * read-resolution rule with each clock it accepts, read repair, handoff, anti-entropy, the
 * three modes, every fault budget, state loss, skew, client sites and a fixed cut.
 */
import fc from 'fast-check';
import type { ClientOp, ClientScript } from '../../spec/cluster/ops.ts';
import { defaultConfig, validateConfig, type QuorumConfig } from '../../spec/protocols/config.ts';
import { RESOLUTION_RULES, RESOLVE_NAMES, type ResolutionRule } from '../../spec/protocols/resolution.ts';

const read: ClientOp = { kind: 'read' };
const write = (value: number): ClientOp => ({ kind: 'write', value });

/** Every (clock, resolution) pair the registry accepts. */
const CLOCK_AND_RESOLVE = RESOLVE_NAMES.flatMap((resolve) => (RESOLUTION_RULES[resolve] as ResolutionRule).clocks.map((clock) => [clock, resolve] as const));

/** Bounds of the generated configurations. */
export interface ConfigBounds {
  readonly maxN?: number;
  readonly maxSpares?: number;
  /** Operations per client script. */
  readonly maxOps?: number;
  readonly maxClients?: number;
  readonly maxBudget?: number;
}

/** Small valid configurations covering every knob (see the module comment). */
export function quorumConfigs(bounds: ConfigBounds = {}): fc.Arbitrary<QuorumConfig> {
  const maxN = bounds.maxN ?? 4;
  const maxBudget = bounds.maxBudget ?? 2;
  const script: fc.Arbitrary<ClientScript> = fc.array(fc.oneof(fc.constant(read), fc.integer({ min: 1, max: 3 }).map(write)), {
    minLength: 1,
    maxLength: bounds.maxOps ?? 2,
  });
  const maxClients = bounds.maxClients ?? 3;
  return fc
    .record({
      n: fc.integer({ min: 1, max: maxN }),
      w: fc.integer({ min: 1, max: maxN }),
      r: fc.integer({ min: 1, max: maxN }),
      spares: fc.integer({ min: 0, max: bounds.maxSpares ?? 2 }),
      ops: fc.oneof(
        fc.array(script, { minLength: 1, maxLength: maxClients }),
        script.map((s): ClientScript[] => (maxClients >= 3 ? [s, s, [read]] : [s, s])),
      ),
      quorum: fc.constantFrom('strict' as const, 'sloppy' as const),
      clockAndResolve: fc.constantFrom(...CLOCK_AND_RESOLVE),
      readRepair: fc.constantFrom('off' as const, 'async' as const, 'sync' as const),
      handoff: fc.boolean(),
      antiEntropy: fc.boolean(),
      mode: fc.constantFrom('quorum' as const, 'cp' as const, 'ap' as const),
      partitions: fc.integer({ min: 0, max: maxBudget }),
      drops: fc.integer({ min: 0, max: maxBudget }),
      crashes: fc.integer({ min: 0, max: maxBudget }),
      stateLoss: fc.boolean(),
      skew: fc.integer({ min: 0, max: Math.min(maxBudget, 1) }),
      sites: fc.option(fc.array(fc.nat(), { minLength: 3, maxLength: 3 })),
      cut: fc.option(fc.nat()),
    })
    .map((x): QuorumConfig => {
      const nodes = x.n + x.spares;
      const [clock, resolve] = x.clockAndResolve;
      return {
        ...defaultConfig,
        n: x.n,
        w: Math.min(x.w, x.n),
        r: Math.min(x.r, x.n),
        spares: x.spares,
        ops: x.ops,
        quorum: x.quorum === 'sloppy' && x.spares === 0 && x.mode !== 'ap' ? 'strict' : x.quorum,
        clock,
        resolve,
        readRepair: x.readRepair,
        handoff: x.handoff,
        antiEntropy: x.antiEntropy,
        mode: x.mode,
        partitions: x.partitions,
        drops: x.drops,
        crashes: x.crashes,
        stateLoss: x.stateLoss,
        skew: clock === 'wall' ? x.skew : 0,
        ...(x.sites === null ? {} : { clientSites: x.ops.map((_, c) => (x.sites as number[])[c % 3] % nodes) }),
        ...(x.cut === null || nodes < 2 ? {} : { partitionCut: [x.cut % nodes] }),
      };
    })
    .filter((c) => validateConfig(c) === null);
}
