/**
 * The second stage of `check`: what to check. A scenario name (or nothing: the default
 * configuration) gives a quorum model with the flags laid over the scenario's configuration;
 * a file path gives a user's spec module.
 */
import { fileURLToPath } from 'node:url';
import type { JsonValue, ModelSource } from '../../explorer/index.ts';
import { defaultConfig, type QuorumConfig, packedQuorumModel, findScenario, scenarios } from '../../spec/index.ts';
import type { CheckFlags, ConfigOverrides } from '../args/check-flags.ts';
import { configLine, mergeConfig } from '../args/config.ts';
import { fail, ok, type Result } from '../errors.ts';
import { boxModel, type ModelBox } from './model-box.ts';
import { loadSpecModule, looksLikeSpecFile, validateModel } from './spec-module.ts';
import { bindConstants } from './constants.ts';
import { typecheckSpec } from './typecheck.ts';
import { existsSync } from 'node:fs';
import { extname, resolve as resolvePath } from 'node:path';

/** Where a checked model came from. */
export type TargetSource =
  | { readonly kind: 'scenario'; readonly name: string }
  | { readonly kind: 'default' }
  | { readonly kind: 'spec'; readonly file: string; readonly absolutePath: string }
  /** A Model value handed to the library's `check` (no module: it is searched in the caller's thread). */
  | { readonly kind: 'model'; readonly name: string };

/** Whether the model is the user's own (a spec module or a Model value): its code may fail, and that is bad input, not a crash. */
export function isUserModel(source: TargetSource): boolean {
  return source.kind === 'spec' || source.kind === 'model';
}

/** A model ready to be checked, and how to describe it. */
export interface CheckTarget {
  readonly source: TargetSource;
  readonly model: ModelBox;
  /** The configuration as JSON: a quorum config, or a spec module's knobs. Recorded in outputs and traces. */
  readonly config: Readonly<Record<string, JsonValue>>;
  /** The configuration in one line, for the summary. */
  readonly configLine: string;
  /** The properties checked when `--property` is not given (undefined: all of the model's). */
  readonly defaultProperties: readonly string[] | undefined;
  /** The quorum configuration, for quorum targets. */
  readonly quorumConfig?: QuorumConfig;
  /** Where a search worker thread loads the same model from (a worker cannot be handed a Model). */
  readonly modelSource?: ModelSource;
}

/** The module that builds the quorum model (the packed one the search runs), for search workers. */
const QUORUM_MODULE = fileURLToPath(new URL('../../spec/packed/model.ts', import.meta.url));

/** The property checked by default when neither `--property` nor a scenario names one. */
export const DEFAULT_PROPERTY = 'stale-read';

/** The source's name as traces record it: the scenario's name, `default`, the spec file's path, or a Model value's name. */
export function sourceName(source: TargetSource): string {
  if (source.kind === 'scenario' || source.kind === 'model') return source.name;
  if (source.kind === 'default') return 'default';
  return source.file;
}

/** Resolves `target` (a scenario name, a spec file, or nothing) with the given flags. */
export async function resolveTarget(
  target: string | undefined,
  flags: Pick<CheckFlags, 'overrides' | 'overrideFlags'> & Partial<Pick<CheckFlags, 'constants' | 'typecheck'>>,
  cwd: string,
): Promise<Result<CheckTarget>> {
  const constants = flags.constants ?? new Map<string, JsonValue>();
  if (target !== undefined && looksLikeSpecFile(target)) {
    if (flags.typecheck === true) {
      const typed = await typecheckTarget(target, cwd);
      if (!typed.ok) return typed;
    }
    return resolveSpec(target, flags.overrides, flags.overrideFlags, constants, cwd);
  }
  if (flags.typecheck === true) return fail('QL114', `--typecheck checks a TypeScript spec module, but '${target ?? 'the default configuration'}' is a scenario`);
  if (constants.size > 0) {
    return fail('QL114', `--const sets a spec module's constants, but '${target ?? 'the default configuration'}' is a scenario; use the quorum flags (--n, --w, ...) or check a spec file`);
  }
  if (target === undefined) return quorumTarget({ kind: 'default' }, defaultConfig, 'the default configuration', [DEFAULT_PROPERTY], flags);
  const scenario = findScenario(target);
  if (scenario === undefined) {
    return fail('QL110', `unknown scenario '${target}'; known: ${scenarios.map((scenario) => scenario.name).join(', ')} (or a spec file such as ./my-spec.ts)`);
  }
  const properties = scenario.properties.length > 0 ? scenario.properties : [DEFAULT_PROPERTY];
  return quorumTarget({ kind: 'scenario', name: scenario.name }, scenario.config, `scenario ${scenario.name}`, properties, flags);
}

/**
 * A Model value given to the library's `check`: its shape checked as a spec module's export is.
 * It takes neither quorum knobs nor constants (build it with them instead), nor `typecheck`.
 */
export function modelTarget(value: unknown, flags: Pick<CheckFlags, 'overrideFlags' | 'constants' | 'typecheck'>): Result<CheckTarget> {
  const validated = validateModel(value, 'the model given to check()');
  if (!validated.ok) return validated;
  const model = validated.value;
  if (flags.overrideFlags.size > 0) {
    const given = [...flags.overrideFlags.values()].join(', ');
    return fail('QL114', `${given} set quorum knobs, but check() was given a Model value ('${model.name}'); build the model with the knobs it takes`);
  }
  if (flags.constants.size > 0) {
    return fail('QL114', `--const sets a spec module's constants, but check() was given a Model value ('${model.name}'); build the model with its constants`);
  }
  if (flags.typecheck) return fail('QL114', `--typecheck checks a TypeScript spec module, but check() was given a Model value ('${model.name}')`);
  return ok({
    source: { kind: 'model', name: model.name },
    model: boxModel(model),
    config: { model: model.name },
    configLine: `model ${model.name}`,
    defaultProperties: undefined,
  });
}

/** A quorum model for `base` with the flags laid over it. */
export function quorumTarget(
  source: TargetSource,
  base: QuorumConfig,
  baseName: string,
  defaultProperties: readonly string[],
  flags: Pick<CheckFlags, 'overrides' | 'overrideFlags'>,
): Result<CheckTarget> {
  const merged = mergeConfig(base, baseName, flags);
  if (!merged.ok) return merged;
  return ok(quorumTargetFor(source, merged.value, defaultProperties));
}

/** A quorum model for an already validated configuration. */
export function quorumTargetFor(source: TargetSource, config: QuorumConfig, defaultProperties: readonly string[]): CheckTarget {
  return {
    source,
    model: boxModel(packedQuorumModel(config)),
    config: configJson(config),
    configLine: configLine(config),
    defaultProperties,
    quorumConfig: config,
    modelSource: { module: QUORUM_MODULE, export: 'packedQuorumModel', argument: config },
  };
}

async function resolveSpec(
  file: string,
  overrides: ConfigOverrides,
  overrideFlags: ReadonlyMap<keyof ConfigOverrides, string>,
  given: ReadonlyMap<string, JsonValue>,
  cwd: string,
): Promise<Result<CheckTarget>> {
  const loaded = await loadSpecModule(file, cwd);
  if (!loaded.ok) return loaded;
  const spec = loaded.value;
  if (!spec.takesOverrides && overrideFlags.size > 0) {
    const given = [...overrideFlags.values()].join(', ');
    return fail('QL114', `${given} set quorum knobs, but '${file}' exports a fixed Model; export a function model(constants, knobs) to accept them`);
  }
  const constants = bindConstants(spec.constants, given, file);
  if (!constants.ok) return constants;
  const built = await spec.build(constants.value, overrides);
  if (!built.ok) return built;
  const model = built.value;
  const knobs = configJson(overrides);
  const knobText = [...overrideFlags.values()].length === 0 ? '' : ` with ${JSON.stringify(knobs)}`;
  const constantText = spec.constants === null ? '' : ` ${constantsLine(constants.value)}`;
  const config: Record<string, JsonValue> = {
    spec: file,
    model: model.name,
    ...(spec.constants === null ? {} : { constants: constants.value }),
    ...(spec.takesOverrides ? { overrides: knobs } : {}),
  };
  return ok({
    source: { kind: 'spec', file, absolutePath: spec.absolutePath },
    model: boxModel(model),
    config,
    configLine: `spec ${file} (model ${model.name})${constantText}${knobText}`,
    defaultProperties: undefined,
    // A factory is called with the same constants and knobs in every worker, so each builds this model.
    modelSource: { module: spec.absolutePath, export: spec.exportName, ...(spec.takesOverrides ? { arguments: [constants.value, overrides] } : {}) },
  });
}

/** `--typecheck` for a spec file: TypeScript only; a missing file is left to the loader's message. */
async function typecheckTarget(file: string, cwd: string): Promise<Result<void>> {
  const absolutePath = resolvePath(cwd, file);
  if (!['.ts', '.mts', '.cts', '.tsx'].includes(extname(absolutePath).toLowerCase())) {
    return fail('QL114', `--typecheck checks TypeScript spec modules (.ts, .mts), and '${file}' is not one`);
  }
  if (!existsSync(absolutePath)) return ok(undefined);
  return typecheckSpec(file, absolutePath, cwd);
}

/** The constants in one line, TLC style: `N=3 RM=["r1","r2"]`. */
export function constantsLine(constants: Readonly<Record<string, JsonValue>>): string {
  return Object.entries(constants)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(' ');
}

/** A configuration as plain JSON (its fields are numbers, strings, booleans and arrays of them). */
export function configJson(config: QuorumConfig | ConfigOverrides): Record<string, JsonValue> {
  return JSON.parse(JSON.stringify(config)) as Record<string, JsonValue>;
}
