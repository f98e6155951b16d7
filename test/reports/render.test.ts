import { describe, expect, it } from 'vitest';
import { renderPng, renderSvg, RenderError } from '../../reports/render.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A fixed-size box of `w` x `h` points: the SVG is then (w + 2*pad) x (h + 2*pad) points, pad = 4 by default. */
function box(w: number, h: number): string {
  return `digraph { pad=0; margin=0; node [shape=box, fixedsize=true, width=${w / 72}, height=${h / 72}, label="Text"]; a; }`;
}

describe('renderSvg', () => {
  it('renders DOT to an SVG document with the text in it', async () => {
    const svg = await renderSvg('digraph { a [label="hello"]; a -> b; }');
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('<svg');
    expect(svg).toContain('>hello</text>');
  });

  it('survives a trap inside the WASM Graphviz by starting a fresh instance', async () => {
    // A label that is a lone empty line traps Graphviz 16 (WASM) from its second or third render on one instance.
    const fragile = 'digraph { a [label="\\n"]; }';
    for (let i = 0; i < 5; i++) expect(await renderSvg(fragile)).toContain('<svg');
    expect(await renderSvg('digraph { b [label="after"]; }')).toContain('>after</text>');
  });

  it('reports a syntax error as a RenderError with one line', async () => {
    await expect(renderSvg('digraph { a -> ; }')).rejects.toBeInstanceOf(RenderError);
    await expect(renderSvg('digraph { a -> ; }')).rejects.toThrow(/^Graphviz could not render the graph: [^\n]*$/);
  });
});

describe('renderPng', () => {
  it('produces a PNG at twice the SVG size in CSS pixels (1 pt = 4/3 px) by default', async () => {
    const png = await renderPng(box(144, 72));
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const svg = await renderSvg(box(144, 72));
    const width = Number(/width="([0-9.]+)pt"/.exec(svg)?.[1]);
    const height = Number(/height="([0-9.]+)pt"/.exec(svg)?.[1]);
    const size = pngSize(png);
    expect(Math.abs(size.width - (2 * width * 4) / 3)).toBeLessThanOrEqual(1);
    expect(Math.abs(size.height - (2 * height * 4) / 3)).toBeLessThanOrEqual(1);
  });

  it('accepts an SVG as well as DOT', async () => {
    const svg = await renderSvg(box(72, 72));
    const fromSvg = await renderPng(svg);
    const fromDot = await renderPng(box(72, 72));
    expect(Buffer.from(fromSvg).equals(Buffer.from(fromDot))).toBe(true);
  });

  it('scales a picture down to the pixel cap', async () => {
    const png = await renderPng(box(720, 360), { maxPixels: 100_000 });
    const { width, height } = pngSize(png);
    expect(width * height).toBeLessThanOrEqual(100_000);
    // Not shrunk further than needed: at least 90% of the cap is used.
    expect(width * height).toBeGreaterThan(90_000);
  });

  it('draws the text (some dark pixels in the label area, not only the box outline)', async () => {
    const plain = await renderPng('digraph { node [shape=plaintext, label=""]; a; }', { scale: 4 });
    const withText = await renderPng('digraph { node [shape=plaintext, label="MMMM"]; a; }', { scale: 4 });
    // Same geometry; the only difference is the text, so a PNG with glyphs compresses worse.
    expect(withText.length).toBeGreaterThan(plain.length + 200);
  });
});
