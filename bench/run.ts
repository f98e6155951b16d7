/**
 * `npm run bench`: run every benchmark section and print it as a table (or, with `--json`,
 * as one JSON object `{ sections: [...] }`). Add a section by writing a function that returns
 * a `BenchSection` and listing it in `SECTIONS`.
 */
import { canonicalBench } from './canonical.ts';
import { encodingBench } from './encoding.ts';
import { explorerBench } from './explorer.ts';
import { quorumBench, spinBench, type QuorumBenchOptions } from './quorum.ts';
import { quotientBench } from './quotients.ts';
import type { BenchSection } from './section.ts';
import { parseOps, type ClientOp } from '../spec/index.ts';

/** The sections, in print order. Each runs only when selected (all by default). */
const SECTIONS: readonly { readonly name: string; readonly run: (options: QuorumBenchOptions) => Promise<BenchSection> }[] = [
  { name: 'explorer', run: () => explorerBench() },
  { name: 'quorum', run: (options) => quorumBench(options) },
  { name: 'spin', run: (options) => spinBench(options) },
  { name: 'canonical', run: (options) => canonicalBench(options.rowSeconds === undefined ? {} : { rowSeconds: options.rowSeconds }) },
  { name: 'encoding', run: () => encodingBench() },
  { name: 'quotients', run: (options) => quotientBench(options.rowSeconds === undefined ? {} : { rowSeconds: options.rowSeconds }) },
];

/** `--row-seconds=S`, `--sizes=3,4,5`, `--ops=w1;r` (one op per client) and `--workers=K` tune the quorum and SPIN sections. */
function quorumOptions(argv: readonly string[]): QuorumBenchOptions {
  const value = (flag: string): string | undefined => argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  const rowSeconds = value('--row-seconds');
  const sizes = value('--sizes');
  const ops = value('--ops');
  const workers = value('--workers');
  let script: ClientOp[] | undefined;
  if (ops !== undefined) {
    const parsed = parseOps(ops);
    if (!parsed.ok || parsed.scripts.some((s) => s.length !== 1)) throw new Error(`--ops: one operation per client, e.g. "w1;w2;r" (got "${ops}")`);
    script = parsed.scripts.map((s) => s[0]);
  }
  return {
    ...(rowSeconds === undefined ? {} : { rowSeconds: Number(rowSeconds) }),
    ...(sizes === undefined ? {} : { sizes: sizes.split(',').map(Number) }),
    ...(script === undefined ? {} : { script }),
    ...(workers === undefined ? {} : { workers: Number(workers) }),
  };
}

function formatTable(section: BenchSection): string {
  const cells = section.rows.map((row) => section.columns.map((c) => String(row[c] ?? '')));
  const widths = section.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: readonly string[]) =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [
    section.title,
    line(section.columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
    ...(section.notes ?? []).map((n) => `  ${n}`),
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const json = argv.includes('--json');
  const only = argv.filter((a) => !a.startsWith('--'));
  const selected = only.length === 0 ? SECTIONS : SECTIONS.filter((s) => only.includes(s.name));
  if (selected.length === 0) {
    console.error(`unknown section; the sections are: ${SECTIONS.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const sections: BenchSection[] = [];
  for (const section of selected) {
    const result = await section.run(quorumOptions(argv));
    sections.push(result);
    if (!json) console.log(`${formatTable(result)}\n`);
  }
  if (json) console.log(JSON.stringify({ sections }, null, 2));
}

await main(process.argv.slice(2));
