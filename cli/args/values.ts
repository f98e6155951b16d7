/**
 * Parsers for single flag values. Each returns a `Result` whose failure names the flag, the
 * accepted values and what was given, so every bad value reads the same way.
 */
import { fail, ok, type Result } from '../errors.ts';

/** Parses a whole number in `min..max` (inclusive) for flag `flag`, e.g. `--partitions 2`. */
export function parseInteger(flag: string, text: string, min: number, max: number = Number.MAX_SAFE_INTEGER): Result<number> {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return fail('QL103', `${flag} must be a whole number ${describeRange(min, max)} (got '${text}')`);
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return fail('QL103', `${flag} must be a whole number ${describeRange(min, max)} (got ${trimmed})`);
  }
  return ok(value);
}

function describeRange(min: number, max: number): string {
  if (max === Number.MAX_SAFE_INTEGER) return `>= ${min}`;
  return `between ${min} and ${max}`;
}

/** Parses a positive number of seconds, fractions allowed (`--timeout 1.5`). */
export function parseSeconds(flag: string, text: string): Result<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !/^\d*\.?\d+$/.test(trimmed) || !Number.isFinite(value) || value <= 0) {
    return fail('QL103', `${flag} must be a positive number of seconds, e.g. 30 or 0.5 (got '${text}')`);
  }
  return ok(value);
}

const memoryUnits: Readonly<Record<string, number>> = {
  '': 1,
  B: 1,
  KB: 1024,
  K: 1024,
  KIB: 1024,
  MB: 1024 ** 2,
  M: 1024 ** 2,
  MIB: 1024 ** 2,
  GB: 1024 ** 3,
  G: 1024 ** 3,
  GIB: 1024 ** 3,
};

/**
 * Parses a memory size such as `512MB`, `2GB`, `1.5G` or a plain byte count. Units are binary
 * (1 MB = 1024 KB), as Node's heap limits are.
 */
export function parseMemory(flag: string, text: string): Result<number> {
  const match = /^\s*(\d*\.?\d+)\s*([a-zA-Z]*)\s*$/.exec(text);
  const factor = match ? memoryUnits[match[2].toUpperCase()] : undefined;
  if (!match || factor === undefined) {
    return fail('QL103', `${flag} must be a size such as 512MB or 2GB (units B, KB, MB, GB) (got '${text}')`);
  }
  const bytes = Math.floor(Number(match[1]) * factor);
  if (!Number.isFinite(bytes) || bytes < 1024 * 1024) {
    return fail('QL103', `${flag} must be at least 1MB (got '${text}')`);
  }
  return ok(bytes);
}

/** Parses one of a fixed set of words for flag `flag`, e.g. `--quorum sloppy`. */
export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): Result<T> {
  const found = choices.find((choice) => choice === text.trim());
  if (found === undefined) return fail('QL103', `${flag} must be one of ${choices.join(', ')} (got '${text}')`);
  return ok(found);
}

/** Parses `on` / `off` (also `true`/`false`, `yes`/`no`) for a switch that takes a value, e.g. `--symmetry off`. */
export function parseOnOff(flag: string, text: string): Result<boolean> {
  const word = text.trim().toLowerCase();
  if (word === 'on' || word === 'true' || word === 'yes') return ok(true);
  if (word === 'off' || word === 'false' || word === 'no') return ok(false);
  return fail('QL103', `${flag} must be on or off (got '${text}')`);
}
