/**
 * Loading a user's own spec: a TypeScript or JavaScript module that exports a Model.
 *
 * What a spec module may export (the first found wins):
 * 1. a named export `model`, or
 * 2. a default export,
 * each being either a `Model` value, or a function `(constants, knobs) => Model` (or a promise of
 * one). The function form receives first the module's constants (see below), then the quorum
 * knobs given on the command line (`--n 4 --w 3`) as a partial `QuorumConfig` (empty when none
 * were given), so a quorum variant can lay them over its own configuration. A module that exports
 * a fixed `Model` takes no constants and no quorum knobs.
 *
 * A module declares its constants, as a TLA+ module does, with `export const constants = { N: 3 }`:
 * each name with its default (`undefined` for one that has none and must be given). `--const
 * N=4` overrides a default; the function receives every declared constant's value.
 */
import { access, constants as fsConstants } from 'node:fs/promises';
import { extname, resolve as resolvePath } from 'node:path';
import { type Model, importModule, type JsonValue } from '../../explorer/index.ts';
import type { ConfigOverrides } from '../args/check-flags.ts';
import { fail, failAt, ok, type Result } from '../errors.ts';
import { describeLocation, javaScriptSyntaxErrorLocation, transformErrorLocation } from './code-frame.ts';
import { readConstantDeclarations, type ConstantDeclarations } from './constants.ts';

/** A model of unknown state and action types, as a user's module provides it. */
export type SomeModel = Model<unknown, unknown>;

/** A loaded spec module: how to get its model. */
export interface LoadedSpec {
  /** The module's path, as the user gave it. */
  readonly file: string;
  /** The absolute path the module was loaded from. */
  readonly absolutePath: string;
  /** The export the model came from: `model` or `default`. */
  readonly exportName: 'model' | 'default';
  /** Whether the export is a function of the constants and quorum knobs (else a fixed Model). */
  readonly takesOverrides: boolean;
  /** The constants the module declares (its `constants` export), or null when it declares none. */
  readonly constants: ConstantDeclarations | null;
  /** The export's model for these constants and knobs (a fixed Model takes neither). */
  readonly build: (constants: Readonly<Record<string, JsonValue>>, overrides: ConfigOverrides) => Promise<Result<SomeModel>>;
}

/** File extensions loaded through tsx (TypeScript). */
const typeScriptExtensions = new Set(['.ts', '.mts', '.cts', '.tsx']);
/** File extensions loaded with a plain dynamic import. */
const javaScriptExtensions = new Set(['.js', '.mjs', '.cjs']);

/** Whether `target` names a spec file (by extension or a path separator) rather than a scenario. */
export function looksLikeSpecFile(target: string): boolean {
  const extension = extname(target).toLowerCase();
  return typeScriptExtensions.has(extension) || javaScriptExtensions.has(extension) || target.includes('/') || target.includes('\\');
}

/** Loads the module at `file` (relative to `cwd`) and finds its Model export. */
export async function loadSpecModule(file: string, cwd: string): Promise<Result<LoadedSpec>> {
  const absolutePath = resolvePath(cwd, file);
  const extension = extname(absolutePath).toLowerCase();
  if (!typeScriptExtensions.has(extension) && !javaScriptExtensions.has(extension)) {
    return fail('QL121', `spec file '${file}' must be a module ending in .ts, .mts, .js or .mjs`);
  }
  try {
    await access(absolutePath, fsConstants.R_OK);
  } catch {
    return fail('QL120', `spec file '${file}' not found (or not readable)`);
  }

  let namespace: Record<string, unknown>;
  try {
    namespace = await importModule(absolutePath);
  } catch (error) {
    const location = typeScriptExtensions.has(extension) ? transformErrorLocation(error) : javaScriptSyntaxErrorLocation(absolutePath, error);
    if (location !== null) {
      const { where, frame } = describeLocation(location, cwd);
      return failAt('QL125', `spec module '${file}' does not compile: ${where}: ${location.message}`, frame);
    }
    return fail('QL121', `spec module '${file}' failed to load: ${firstLine(error)}`);
  }

  const exportName = 'model' in namespace && namespace.model !== undefined ? 'model' : 'default';
  const exported = namespace[exportName];
  if (exported === undefined) {
    const names = Object.keys(namespace).filter((name) => namespace[name] !== undefined);
    const has = names.length === 0 ? 'it exports nothing' : `it exports ${names.map((name) => `'${name}'`).join(', ')}`;
    return fail('QL121', `spec module '${file}' does not export a Model: expected an export named 'model' or a default export (${has})`);
  }
  let constants: ConstantDeclarations | null = null;
  if (namespace.constants !== undefined) {
    const declared = readConstantDeclarations(namespace.constants, file);
    if (!declared.ok) return declared;
    constants = declared.value;
  }
  const call = exportName === 'model' ? 'model(constants, knobs)' : 'the default export (constants, knobs)';
  if (typeof exported === 'function') {
    const factory = exported as (constants: Readonly<Record<string, JsonValue>>, overrides: ConfigOverrides) => unknown;
    return ok({
      file,
      absolutePath,
      exportName,
      takesOverrides: true,
      constants,
      build: async (values, overrides) => {
        let built: unknown;
        try {
          built = await factory(values, overrides);
        } catch (error) {
          return fail('QL121', `spec module '${file}': ${call} threw: ${firstLine(error)}`);
        }
        return validateModel(built, `${call} in '${file}'`);
      },
    });
  }
  if (constants !== null) {
    return fail('QL121', `spec module '${file}' declares constants but exports a fixed Model: export a function model(constants) that builds the Model from them`);
  }
  const validated = validateModel(exported, `the ${exportName === 'model' ? "'model'" : 'default'} export of '${file}'`);
  if (!validated.ok) return validated;
  return ok({ file, absolutePath, exportName, takesOverrides: false, constants: null, build: () => Promise.resolve(validated) });
}

/**
 * Checks that `value` has the shape of a Model (name, init, actions, next, encode, properties),
 * naming the first missing piece. Its state and action types are unknown to the command.
 */
export function validateModel(value: unknown, what: string): Result<SomeModel> {
  try {
    return validateShape(value, what);
  } catch (error) {
    // A getter or a Proxy in the user's export may throw while its shape is read.
    return fail('QL121', `${what} is not a Model: reading it threw: ${firstLine(error)}`);
  }
}

/** The members of a Model: what each one is, for the messages that name a missing or malformed one. */
const requiredMembers = {
  init: 'a function returning the initial states',
  actions: 'a function returning the actions enabled in a state',
  next: 'a function (state, action) returning the next state',
} as const;

const optionalMembers = {
  encode: 'a function (state, out) writing the state\'s canonical bytes',
  symmetry: 'a function returning a state\'s canonical representative',
  encodeCanonical: 'a function (state, out) writing the representative\'s bytes',
  symmetryOrbit: 'a function returning a state\'s orbit',
  fairness: 'a function (state, action) returning a fairness key or null',
} as const;

const propertyKinds = ['always', 'sometimes', 'eventually', 'always-eventually'];

function validateShape(value: unknown, what: string): Result<SomeModel> {
  if (!isRecord(value)) return fail('QL121', `${what} is not a Model (got ${describeType(value)}); a Model is an object with name, init, actions, next and properties`);
  const problem = (text: string): Result<never> => fail('QL121', `${what} is not a Model: ${text}`);
  if (value.name === undefined) return problem(`it has no 'name' (a non-empty string)`);
  if (typeof value.name !== 'string' || value.name === '') return problem(`'name' must be a non-empty string (got ${describeValue(value.name)})`);
  for (const [member, meaning] of Object.entries(requiredMembers)) {
    if (value[member] === undefined) return problem(`it has no '${member}' (${meaning})`);
    if (typeof value[member] !== 'function') return problem(`'${member}' must be ${meaning} (got ${describeValue(value[member])})`);
  }
  const properties = value.properties;
  if (properties === undefined) return problem(`it has no 'properties' (an array of { name, kind, check })`);
  if (!Array.isArray(properties)) return problem(`'properties' must be an array of { name, kind, check } (got ${describeValue(properties)})`);
  const seen = new Set<string>();
  for (const [index, property] of properties.entries()) {
    const at = `properties[${index}]`;
    if (!isRecord(property)) return problem(`${at} must be an object { name, kind, check } (got ${describeValue(property)})`);
    if (typeof property.name !== 'string' || property.name === '') return problem(`${at} needs a non-empty string 'name' (got ${describeValue(property.name)})`);
    const named = `${at} ('${property.name}')`;
    if (typeof property.check !== 'function') return problem(`${named} needs a function 'check' (state) => boolean (got ${describeValue(property.check)})`);
    if (typeof property.kind !== 'string' || !propertyKinds.includes(property.kind)) {
      return fail('QL121', `${what}: property '${property.name}' has kind ${JSON.stringify(property.kind)}; accepted: ${propertyKinds.join(', ')}`);
    }
    if (seen.has(property.name)) return fail('QL121', `${what}: two properties are named '${property.name}'`);
    seen.add(property.name);
  }
  if (properties.length === 0) return fail('QL121', `${what} has no properties to check`);
  for (const [member, meaning] of Object.entries(optionalMembers)) {
    if (value[member] !== undefined && typeof value[member] !== 'function') return problem(`'${member}' must be ${meaning} when present (got ${describeValue(value[member])})`);
  }
  if (value.reduction !== undefined && !(isRecord(value.reduction) && typeof value.reduction.ample === 'function' && Array.isArray(value.reduction.preserves))) {
    return problem(`'reduction' must be { preserves: string[], ample(state, actions) } when present`);
  }
  if (value.describe !== undefined && !(isRecord(value.describe) && typeof value.describe.action === 'function')) {
    return problem(`'describe' must be an object with at least an 'action' function (state, action) => label when present`);
  }
  // The shape is checked above; the state and action types stay unknown to the command.
  return ok(value as unknown as SomeModel);
}

/** A value's type in a message: `a number (3)`, `a string`, `an array`, `null`. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value === 'number' ? 'a number' : 'a boolean'} (${String(value)})`;
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value)})`;
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** The first line of an error's message: a compiler error may run for many lines. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((part) => part.trim() !== '') ?? 'unknown error';
  return line.trim();
}
