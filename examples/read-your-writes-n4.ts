/**
 * A spec you can copy: a quorum variant built from the library's quorum model, checked by
 * `quorumlab check`.
 *
 *   quorumlab check examples/read-your-writes-n4.ts          # N=4 W=2 R=2: violated
 *   quorumlab check examples/read-your-writes-n4.ts --r 3    # W + R > N: holds
 *
 * One client writes 1 and then reads, on four replicas with W=2 and R=2. W + R = N, so the
 * read quorum can be exactly the two replicas the write never reached: the client does not
 * read its own write. With R=3, every read quorum meets every write quorum, and it does.
 *
 * The module exports a function `model(constants, knobs)`: `quorumlab check` calls it with the
 * module's constants (this one declares none) and the quorum knobs given on the command line
 * (`--r 3` arrives as `{ r: 3 }`), so they can be laid over the configuration below. A module
 * can also export a fixed Model (see two-phase-commit.ts).
 */
import type { Model } from '../explorer/index.ts';
import { defaultConfig, validateConfig, type QuorumConfig, quorumModel, type QuorumAction, type QuorumState } from '../spec/index.ts';

/** The variant: four replicas, W=2, R=2, one client that writes 1 and then reads. */
export const config: QuorumConfig = {
  ...defaultConfig,
  n: 4,
  w: 2,
  r: 2,
  ops: [[{ kind: 'write', value: 1 }, { kind: 'read' }]],
};

/** The quorum model for this variant with the knobs `overrides` laid over it, checking read-your-writes only. */
export function model(_constants: Readonly<Record<string, never>> = {}, overrides: Partial<QuorumConfig> = {}): Model<QuorumState, QuorumAction> {
  const variant: QuorumConfig = { ...config, ...overrides };
  const problem = validateConfig(variant);
  if (problem !== null) throw new Error(problem);
  const base = quorumModel(variant);
  return { ...base, properties: base.properties.filter((property) => property.name === 'read-your-writes') };
}
