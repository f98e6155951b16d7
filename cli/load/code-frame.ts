/**
 * Where a spec module fails to compile, and the lines around it: the file, line and column
 * of a syntax error, with a code frame as compilers print one.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

/** A place in a source file: line and column both count from 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** What is wrong there, in the compiler's words. */
  readonly message: string;
}

/**
 * The location of a TypeScript syntax error from tsx: esbuild's "Transform failed" error lists
 * each problem as `FILE:LINE:COLUMN: ERROR: message` (its columns count from 0).
 */
export function transformErrorLocation(error: unknown): SourceLocation | null {
  const text = error instanceof Error ? error.message : String(error);
  const match = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(text);
  if (match === null) return null;
  return { file: match[1], line: Number(match[2]), column: Number(match[3]) + 1, message: match[4].trim() };
}

/**
 * The location of a JavaScript syntax error: Node's import error names no place, so the file
 * is compiled again with `node --check`, which prints `FILE:LINE`, the line, and a caret.
 */
export function javaScriptSyntaxErrorLocation(absolutePath: string, error: unknown): SourceLocation | null {
  if (!(error instanceof SyntaxError)) return null;
  const checked = spawnSync(process.execPath, ['--check', absolutePath], { encoding: 'utf8', timeout: 10_000 });
  const output = checked.stderr ?? '';
  const lines = output.split('\n');
  const header = lines.findIndex((line) => /:(\d+)$/.test(line) && line.includes(absolutePath.split(/[\\/]/).pop() ?? absolutePath));
  if (header < 0) return null;
  const line = Number(/:(\d+)$/.exec(lines[header])?.[1]);
  const caret = lines[header + 2] ?? '';
  const column = caret.indexOf('^') + 1;
  const message = lines.find((l) => /^SyntaxError: /.test(l))?.replace(/^SyntaxError: /, '') ?? error.message;
  return { file: absolutePath, line, column: column > 0 ? column : 1, message };
}

/**
 * The lines around `line` (two before and one after), numbered, with a caret under `column`:
 *
 *     3 |   init: () => [0,
 *   > 4 |   actions: () => [],
 *       |          ^
 *     5 | };
 */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = (lines[n - 1] ?? '').replace(/\t/g, '  ');
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`.trimEnd());
    if (n === line) {
      const before = (lines[n - 1] ?? '').slice(0, Math.max(0, column - 1)).replace(/\t/g, '  ');
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(before.length)}^`);
    }
  }
  return out.join('\n');
}

/** A location as `file:line:column` (the file relative to `cwd` when inside it) and its code frame. */
export function describeLocation(location: SourceLocation, cwd: string): { readonly where: string; readonly frame: string | null } {
  const shown = isAbsolute(location.file) && !relative(cwd, location.file).startsWith('..') ? relative(cwd, location.file) : location.file;
  let frame: string | null;
  try {
    frame = codeFrame(readFileSync(location.file, 'utf8'), location.line, location.column);
  } catch {
    frame = null;
  }
  return { where: `${shown}:${location.line}:${location.column}`, frame };
}
