/**
 * How long rendering the golden charts takes, and how big the PNGs are:
 *
 *   npx tsx test/reports/measure-render.ts
 *
 * Prints one line per golden DOT file: the SVG render (the first includes compiling the WASM
 * Graphviz), the PNG render at the default scale, and the PNG's size in pixels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPng, renderSvg } from '../../reports/render.ts';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

async function main(): Promise<void> {
  for (const file of readdirSync(goldenDir).filter((f) => f.endsWith('.dot')).sort()) {
    const dot = readFileSync(join(goldenDir, file), 'utf8');
    let started = performance.now();
    const svg = await renderSvg(dot);
    const svgMs = performance.now() - started;
    started = performance.now();
    const png = await renderPng(svg);
    const pngMs = performance.now() - started;
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const [width, height] = [view.getUint32(16), view.getUint32(20)];
    console.log(
      `${file.padEnd(28)} svg ${svgMs.toFixed(0).padStart(5)} ms   png ${pngMs.toFixed(0).padStart(5)} ms   ${width}x${height} (${((width * height) / 1e6).toFixed(1)} Mpx, ${(png.length / 1024).toFixed(0)} KiB)`,
    );
  }
}

await main();
