/**
 * Rebuilding a model from what a trace recorded (`#meta` of an ITF trace): a quorum
 * configuration, or (named on the command line) a spec module with the knobs it was given.
 */
import { resolve as resolvePath } from 'node:path';
import type { JsonValue } from '../../explorer/index.ts';
import { type ClientOp, type ClientScript, validateConfig, type QuorumConfig } from '../../spec/index.ts';
import { fail, ok, type Result } from '../errors.ts';
import { boxModel, type ModelBox } from './model-box.ts';
import { loadSpecModule } from './spec-module.ts';
import { bindConstants } from './constants.ts';
import { quorumTargetFor } from './target.ts';

/** What a trace records about its model (the reports' `ItfReplay`, the parts replay needs). */
export interface RecordedModel {
  readonly source: string;
  readonly model: string;
  readonly config: JsonValue;
}

/** A rebuilt model, and a note for stderr when the spec named on the command line is not the one the trace recorded. */
export interface RebuiltModel {
  readonly model: ModelBox;
  readonly note: string | null;
}

/**
 * The model a trace was recorded from: the quorum model of its recorded configuration, or the
 * spec module `spec` the command line names. A trace never makes replay load a module: a trace
 * received from someone else would run their code. A trace of a spec module therefore needs
 * `spec`; a `spec` other than the one the trace recorded is used, with a note saying so.
 */
export async function rebuildModel(recorded: RecordedModel, spec: string | undefined, cwd: string): Promise<Result<RebuiltModel>> {
  const config = recorded.config;
  if (!isRecord(config)) return fail('QL141', `the trace's #meta config is not an object`);
  let box: ModelBox;
  let note: string | null = null;
  if (typeof config.spec === 'string') {
    if (spec === undefined) {
      return fail('QL114', `the trace was recorded from spec module '${config.spec}'; replay loads a module only when the command names it: add --spec FILE (e.g. --spec ${config.spec})`);
    }
    if (resolvePath(cwd, spec) !== resolvePath(cwd, config.spec)) note = `note: the trace was recorded from spec module '${config.spec}'; replaying it against '${spec}'`;
    const file = spec;
    const loaded = await loadSpecModule(file, cwd);
    if (!loaded.ok) return loaded;
    const overrides = config.overrides === undefined ? {} : config.overrides;
    if (!isRecord(overrides)) return fail('QL141', `the trace's #meta config.overrides is not an object`);
    const recordedConstants = config.constants === undefined ? {} : config.constants;
    if (!isRecord(recordedConstants)) return fail('QL141', `the trace's #meta config.constants is not an object`);
    // The constants must still be ones the module declares, of the kinds it declares.
    const constants = bindConstants(loaded.value.constants, new Map(Object.entries(recordedConstants)), file);
    if (!constants.ok) return fail('QL141', `the trace's recorded constants no longer fit its spec: ${constants.error.message}`);
    // The knobs were written by `check` from parsed flags; the module's own function validates them.
    const built = await loaded.value.build(constants.value, overrides);
    if (!built.ok) return built;
    box = boxModel(built.value);
  } else {
    if (spec !== undefined) return fail('QL114', `--spec applies to traces of spec modules; this trace is of the quorum model (source '${recorded.source}')`);
    const parsed = quorumConfigFromJson(config);
    if (!parsed.ok) return parsed;
    box = quorumTargetFor({ kind: 'default' }, parsed.value, []).model;
  }
  if (box.name !== recorded.model) {
    return fail('QL141', `the trace was recorded from model '${recorded.model}', but its source builds model '${box.name}'`);
  }
  return ok({ model: box, note });
}

/** Reads a quorum configuration back from its JSON form, checking every field, then the model's own rules. */
export function quorumConfigFromJson(json: Readonly<Record<string, JsonValue>>): Result<QuorumConfig> {
  const problem = (what: string): Result<never> => fail('QL141', `the trace's recorded configuration is not valid: ${what}`);
  const numbers = ['n', 'w', 'r', 'spares', 'partitions', 'drops', 'crashes', 'skew'] as const;
  const booleans = ['handoff', 'antiEntropy', 'stateLoss'] as const;
  const words = ['quorum', 'resolve', 'clock', 'readRepair', 'mode'] as const;
  for (const key of numbers) if (typeof json[key] !== 'number') return problem(`'${key}' must be a number`);
  for (const key of booleans) if (typeof json[key] !== 'boolean') return problem(`'${key}' must be true or false`);
  for (const key of words) if (typeof json[key] !== 'string') return problem(`'${key}' must be a string`);
  const ops = readOps(json.ops);
  if (ops === undefined) return problem(`'ops' must be a list of client scripts of {"kind":"write","value":V} and {"kind":"read"}`);
  for (const key of ['clientSites', 'partitionCut'] as const) {
    const value = json[key];
    if (value !== undefined && !(Array.isArray(value) && value.every((x) => typeof x === 'number'))) return problem(`'${key}' must be a list of node indices`);
  }
  if (json.names !== undefined && !isRecord(json.names)) return problem(`'names' must be an object`);
  // Every field was checked above; the cast only restores the static type.
  const config = { ...json, ops } as unknown as QuorumConfig;
  const invalid = validateConfig(config);
  if (invalid !== null) return problem(invalid);
  return ok(config);
}

function readOps(value: JsonValue | undefined): ClientScript[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const scripts: ClientScript[] = [];
  for (const script of value as readonly JsonValue[]) {
    if (!Array.isArray(script)) return undefined;
    const ops: ClientOp[] = [];
    for (const op of script as readonly JsonValue[]) {
      if (!isRecord(op)) return undefined;
      if (op.kind === 'read') ops.push({ kind: 'read' });
      else if (op.kind === 'write' && typeof op.value === 'number') ops.push({ kind: 'write', value: op.value });
      else return undefined;
    }
    scripts.push(ops);
  }
  return scripts;
}

function isRecord(value: JsonValue | undefined): value is Readonly<Record<string, JsonValue>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
