/**
 * `quorumlab render FILE.dot [-o FILE.svg|FILE.png]`: any DOT source rendered in-process
 * (Graphviz in WebAssembly, resvg for PNG), with no system Graphviz.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve as resolvePath } from 'node:path';
import { RenderError, renderPng, renderSvg } from '../../reports/index.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { CommandIo } from '../io.ts';
import { firstLine } from '../load/spec-module.ts';
import { writeFiles } from '../output-files.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The raw option values of `render`. */
export interface RawRenderFlags {
  readonly output?: string;
  readonly scale?: string;
}

/** What to render and where. */
export interface RenderRequest {
  readonly input: string;
  readonly output: string;
  readonly format: 'svg' | 'png';
  /** PNG scale (1 = 96 px per 72 pt). */
  readonly scale: number;
}

/** Decides the output file and format: `-o` when given (its extension picks the format), else FILE.svg beside the input. */
export function parseRenderRequest(input: string, raw: RawRenderFlags, cwd: string): Result<RenderRequest> {
  const source = resolvePath(cwd, input);
  const output = raw.output === undefined ? resolvePath(dirname(source), `${basename(source, extname(source))}.svg`) : resolvePath(cwd, raw.output);
  const extension = extname(output).toLowerCase();
  if (extension !== '.svg' && extension !== '.png') {
    return fail('QL103', `-o must name a .svg or .png file (got '${raw.output ?? output}')`);
  }
  if (output === source) return fail('QL103', `-o must not overwrite the input '${input}'`);
  const scale = raw.scale === undefined ? 2 : Number(raw.scale);
  if (!(scale >= 0.25 && scale <= 4)) return fail('QL103', `--scale must be a number from 0.25 to 4 (got '${raw.scale}')`);
  if (raw.scale !== undefined && extension !== '.png') return fail('QL103', '--scale applies to PNG output only: use -o FILE.png');
  return ok({ input: source, output, format: extension === '.png' ? 'png' : 'svg', scale });
}

/**
 * Whether `text` is an SVG (or other XML) document rather than DOT: it starts, after a byte-order
 * mark and blank space, with an XML declaration, a doctype or an `<svg` element. DOT never
 * starts with `<`.
 */
export function looksLikeSvg(text: string): boolean {
  return /^\uFEFF?\s*<(\?xml|!DOCTYPE|svg[\s>]|!--)/i.test(text);
}

/** Runs `render`. A DOT source Graphviz rejects (or an SVG given in its place) is one line, exit 2, and nothing is written. */
export async function runRender(input: string, raw: RawRenderFlags, io: CommandIo): Promise<CommandOutcome> {
  const request = parseRenderRequest(input, raw, io.cwd);
  if (!request.ok) return finish(io, request);
  let dot: string;
  try {
    dot = await readFile(request.value.input, 'utf8');
  } catch {
    return finish(io, fail('QL120', `file '${input}' not found (or not readable)`));
  }
  if (looksLikeSvg(dot)) {
    return finish(io, fail('QL130', `cannot render '${input}': it is an SVG picture, and render takes a DOT source (render the .dot written beside it, e.g. trace.dot)`));
  }
  let contents: string | Uint8Array;
  try {
    const svg = await renderSvg(dot);
    contents = request.value.format === 'png' ? await renderPng(svg, { scale: request.value.scale }) : svg;
  } catch (error) {
    const reason = error instanceof RenderError ? error.message : firstLine(error);
    return finish(io, fail('QL130', `cannot render '${input}': ${reason}`));
  }
  const written = await writeFiles(dirname(request.value.output), new Map([[basename(request.value.output), contents]]));
  if (!written.ok) return finish(io, written);
  io.out(`wrote ${request.value.output}\n`);
  return { exitCode: 0 };
}
