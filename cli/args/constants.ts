/**
 * `--const NAME=VALUE`: the values a spec module's constants take on the command line, as a
 * TLC `.cfg` gives them. A value is read as JSON when it parses (`3`, `true`, `"3"`,
 * `["r1","r2"]`, `{"a":1}`), and as a plain string otherwise (`--const Mode=fast`).
 */
import type { JsonValue } from '../../explorer/index.ts';
import { fail, ok, type Result } from '../errors.ts';

/** A constant's name: a letter or `_`, then letters, digits and `_` (the names TLA+ allows). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses the `--const` flags, in order; a name given twice is bad input. */
export function parseConstantFlags(raw: readonly string[] | undefined): Result<ReadonlyMap<string, JsonValue>> {
  const constants = new Map<string, JsonValue>();
  for (const text of raw ?? []) {
    const equals = text.indexOf('=');
    if (equals < 0) return fail('QL103', `--const '${text}' must be NAME=VALUE, e.g. --const N=3 or --const 'RM=["r1","r2"]'`);
    const name = text.slice(0, equals).trim();
    if (!NAME.test(name)) return fail('QL103', `--const '${text}': '${name}' is not a constant name (a letter or _, then letters, digits and _)`);
    if (constants.has(name)) return fail('QL103', `--const ${name} is given twice`);
    constants.set(name, parseConstantValue(text.slice(equals + 1)));
  }
  return ok(constants);
}

/** A `--const` value: JSON when it parses, else the text itself. */
export function parseConstantValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
