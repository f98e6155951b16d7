/**
 * A spec module's constants: what it declares (`export const constants = { N: 3 }`, each
 * name with its default; `undefined` for a constant that has none and must be given), and
 * the values a check binds them to (the defaults, overridden by `--const`).
 */
import type { JsonValue } from '../../explorer/index.ts';
import { fail, ok, type Result } from '../errors.ts';

/** Declared constants: each name with its default, or `undefined` when it has none. */
export type ConstantDeclarations = ReadonlyMap<string, JsonValue | undefined>;

/** Reads a module's `constants` export: a plain object of JSON values (or `undefined`). */
export function readConstantDeclarations(exported: unknown, file: string): Result<ConstantDeclarations> {
  if (typeof exported !== 'object' || exported === null || Array.isArray(exported)) {
    return fail('QL121', `spec module '${file}': 'constants' must be an object of NAME: default value (got ${describe(exported)})`);
  }
  const declarations = new Map<string, JsonValue | undefined>();
  for (const [name, value] of Object.entries(exported)) {
    if (value !== undefined && !isJson(value, 0)) {
      return fail('QL121', `spec module '${file}': the default of constant '${name}' is not a JSON value (numbers, strings, booleans, null, arrays and plain objects of them)`);
    }
    declarations.set(name, value as JsonValue | undefined);
  }
  return ok(declarations);
}

/**
 * The constants' values for one check: every declared constant, from `--const` when given,
 * else its default. A name not declared, a constant with no default and no value, and a value
 * of another kind than its default (a string for a number) are bad input.
 */
export function bindConstants(declared: ConstantDeclarations | null, given: ReadonlyMap<string, JsonValue>, file: string): Result<Record<string, JsonValue>> {
  if (declared === null) {
    const first = given.keys().next();
    if (first.done !== true) {
      return fail('QL115', `unknown constant '${first.value}': spec module '${file}' declares no constants (export const constants = { ${first.value}: <default> })`);
    }
    return ok({});
  }
  const names = [...declared.keys()];
  for (const name of given.keys()) {
    if (!declared.has(name)) return fail('QL115', `unknown constant '${name}' for spec module '${file}'; declared: ${names.join(', ') || 'none'}`);
  }
  const bound: Record<string, JsonValue> = {};
  for (const [name, fallback] of declared) {
    const value = given.get(name);
    if (value === undefined) {
      if (fallback === undefined) return fail('QL115', `constant '${name}' of spec module '${file}' has no default: give it with --const ${name}=VALUE`);
      bound[name] = fallback;
      continue;
    }
    if (fallback !== undefined && kind(value) !== kind(fallback)) {
      return fail('QL115', `--const ${name}=${JSON.stringify(value)}: expected ${article(kind(fallback))} like its default ${JSON.stringify(fallback)}, got ${article(kind(value))}`);
    }
    bound[name] = value;
  }
  return ok(bound);
}

type Kind = 'number' | 'string' | 'boolean' | 'null' | 'array' | 'object';

function kind(value: JsonValue): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as Kind;
}

function article(k: Kind): string {
  return k === 'array' || k === 'object' ? `an ${k}` : k === 'null' ? 'null' : `a ${k}`;
}

function isJson(value: unknown, depth: number): boolean {
  if (depth > 100) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every((item) => isJson(item, depth + 1));
  return false;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
