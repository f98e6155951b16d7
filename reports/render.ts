/**
 * Rendering DOT to SVG and PNG in-process: Graphviz in WebAssembly (`@viz-js/viz`) for SVG and
 * `@resvg/resvg-js` for PNG. No system Graphviz is needed.
 */
import { instance, type RenderResult, type Viz } from '@viz-js/viz';
import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

type ResvgFontOptions = NonNullable<ResvgRenderOptions['font']>;

let vizInstance: Promise<Viz> | undefined;

/** The one Graphviz instance, created on first use: compiling the WASM module takes a while. */
function viz(): Promise<Viz> {
  vizInstance ??= instance();
  return vizInstance;
}

/** The error thrown when Graphviz rejects a DOT source; `message` is Graphviz's own first error. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
}

/**
 * Render DOT to SVG with the WASM Graphviz. The layout engine is the graph's own (`layout=`),
 * `dot` when it names none.
 *
 * @throws RenderError when Graphviz reports an error.
 */
export async function renderSvg(dot: string): Promise<string> {
  let result: RenderResult;
  try {
    result = (await viz()).render(dot, { format: 'svg' });
  } catch (error) {
    // A trap inside the WASM module can leave the instance broken: start a fresh one and retry once.
    vizInstance = undefined;
    try {
      result = (await viz()).render(dot, { format: 'svg' });
    } catch {
      vizInstance = undefined;
      throw new RenderError(`Graphviz crashed on the graph: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (result.status !== 'success') {
    const first = result.errors.find((e) => e.level === 'error') ?? result.errors[0];
    throw new RenderError(`Graphviz could not render the graph: ${first?.message.trim() ?? 'unknown error'}`);
  }
  return result.output;
}

/** Options of `renderPng`. */
export interface PngOptions {
  /**
   * Zoom over the SVG's size in CSS pixels (Graphviz sizes in points, 1 pt = 4/3 px, so a
   * 72 pt wide picture is 96 px at scale 1); 2 makes a slide sharp. Default 2.
   */
  readonly scale?: number;
  /** The largest image, in pixels; a larger picture is scaled down to fit. Default 16 million. */
  readonly maxPixels?: number;
  /** The background colour (any CSS colour). Default white. */
  readonly background?: string;
}

/** Where Debian and Ubuntu keep DejaVu, the family the emitted DOT asks for. */
const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';

let fonts: ResvgFontOptions | undefined;

/**
 * DejaVu alone when it is installed where Debian puts it (scanning every system font costs
 * about a second per picture); otherwise all system fonts, with the sans-serif default.
 */
function fontOptions(): ResvgFontOptions {
  fonts ??= existsSync(DEJAVU_DIR)
    ? { loadSystemFonts: false, fontDirs: [DEJAVU_DIR], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }
    : { loadSystemFonts: true };
  return fonts;
}

/**
 * Render a DOT source or an SVG document to PNG bytes. Input starting with `<` is taken as SVG;
 * anything else as DOT, rendered to SVG first.
 *
 * The text is drawn with the system's fonts (DejaVu Sans where installed, which is what the
 * emitted DOT names; the sans-serif default elsewhere).
 */
export async function renderPng(dotOrSvg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const svg = dotOrSvg.trimStart().startsWith('<') ? dotOrSvg : await renderSvg(dotOrSvg);
  const font = fontOptions();
  // The picture's size comes from the SVG's own width and height: no fonts needed to learn it.
  const probe = new Resvg(svg, { font: { loadSystemFonts: false } });
  const width = probe.width;
  const height = probe.height;
  const maxPixels = options.maxPixels ?? 16_000_000;
  let scale = options.scale ?? 2;
  if (width * height * scale * scale > maxPixels) {
    scale = Math.sqrt(maxPixels / (width * height));
    // resvg rounds each side up to whole pixels; shrink a little more until the rounded image fits.
    while (Math.ceil(width * scale) * Math.ceil(height * scale) > maxPixels) scale *= 0.999;
  }
  const resvg = new Resvg(svg, {
    font,
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? 'white',
  });
  return new Uint8Array(resvg.render().asPng());
}
