/**
 * Text helpers shared by the DOT emitters: ASCII folding, DOT and HTML escaping, wrapping,
 * and a width estimate. Internal to `reports/`; not part of the public API.
 */
import type { JsonValue } from '../../explorer/index.ts';

/** A compact one-line rendering of a view value: `[a, b]`, `{k: v}`, `-` for null. */
export function formatJson(value: JsonValue): string {
  if (value === null) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v: JsonValue) => formatJson(v)).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: JsonValue });
  return `{${entries.map(([k, v]) => `${k}: ${formatJson(v)}`).join(', ')}}`;
}

function compactInline(value: JsonValue): string {
  if (value === null) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map((v: JsonValue) => compactInline(v)).join(', ')}]`;
  // A record's fields as `key=value` words: no braces or quotes, and the commas stay the list's.
  return Object.entries(value as { readonly [key: string]: JsonValue })
    .map(([k, v]) => `${k}=${compactInline(v)}`)
    .join(' ');
}

/**
 * A view value as a final-state table prints it, with no braces or quotes: `yes`/`no` for
 * booleans, `-` for null, `[a, b]` for a list of plain values, `key=value` words for a record,
 * and a list of records one per line (`\n`-separated), `none` when empty.
 */
export function compactValue(value: JsonValue): string {
  if (Array.isArray(value)) {
    const items = value as readonly JsonValue[];
    if (items.length === 0) return 'none';
    if (items.some((v) => v !== null && typeof v === 'object')) return items.map(compactInline).join('\n');
  }
  return compactInline(value);
}

/**
 * Replacements for the non-ASCII characters a model is likely to print. The WASM Graphviz
 * measures non-ASCII glyphs with the wrong widths, so labels would overflow their boxes.
 */
const ASCII_FOLD: Readonly<Record<string, string>> = {
  '\u2192': '->',
  '\u2190': '<-',
  '\u21d2': '=>',
  '\u2194': '<->',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2013': '-',
  '\u2014': '--',
  '\u2026': '...',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u00d7': 'x',
  '\u2205': '{}',
  '\u2713': 'ok',
  '\u2717': 'X',
  '\u00a0': ' ',
  '\u2022': '*',
  '\u00b7': '.',
  '\u2229': '^',
  '\u222a': 'u',
};

/** Fold `text` to printable ASCII: known symbols get ASCII spellings, other characters become `?`. */
export function toAscii(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out += '\n';
    else if (ch === '\t') out += ' ';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += ASCII_FOLD[ch] ?? (code < 0x20 || code === 0x7f ? ' ' : '?');
  }
  return out;
}

/**
 * The inside of a DOT double-quoted string: backslashes doubled so Graphviz's escape sequences
 * (`\N`, `\l`, ...) cannot be triggered by a model's text, quotes escaped, and `&` written as
 * `&amp;` because Graphviz decodes character entities even in plain labels.
 */
function escapeQuoted(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * A DOT double-quoted string for a label whose lines are `lines` (centred, one per line).
 */
export function dotLabel(lines: readonly string[] | string): string {
  const list = typeof lines === 'string' ? lines.split('\n') : lines.flatMap((l) => l.split('\n'));
  // An empty line becomes a space: a label starting with an empty line crashes the WASM
  // Graphviz (a trap on the next render with the same instance).
  return `"${list.map((l) => escapeQuoted(toAscii(l)) || (list.length > 1 ? ' ' : '')).join('\\n')}"`;
}

/** A DOT double-quoted string for an attribute value that is not a label (ids, colours). */
export function dotString(value: string): string {
  return `"${escapeQuoted(toAscii(value).replace(/\n/g, ' '))}"`;
}

/** Escape text for a Graphviz HTML-like label (ASCII-folded; `&`, `<`, `>`, `"` as entities). */
export function htmlText(text: string): string {
  return toAscii(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, ' ');
}

/** Greedy word wrap of `text` to lines of at most `width` columns (a longer word gets its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of toAscii(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      if (line.length === 0) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Estimated width in points of `text` at `fontSize` in DejaVu Sans. Used only to space lanes
 * and columns; a generous average keeps labels from touching.
 */
export function textWidth(text: string, fontSize: number): number {
  return toAscii(text).length * fontSize * 0.62;
}

/** A coordinate for `pos`, with one decimal at most, so output is stable across platforms. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}
