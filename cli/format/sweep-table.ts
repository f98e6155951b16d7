/**
 * The outputs of `quorumlab sweep`: the terminal table (one row per W, R), its `--json`
 * object, and the Markdown page `sweep.md` that links each violated row's diagram.
 */
import type { JsonValue, Verdict } from '../../explorer/index.ts';
import { count, paintVerdict, type Colours } from './summary.ts';

/** One (W, R) of a sweep. */
export interface SweepRow {
  readonly w: number;
  readonly r: number;
  /** W + R > N: every read quorum meets every write quorum. */
  readonly intersects: boolean;
  readonly verdicts: Readonly<Record<string, Verdict>>;
  readonly states: number;
  readonly seconds: number;
  /** The shortest counterexample among the row's violated properties, in steps, or null. */
  readonly counterexampleLength: number | null;
  /** The row's output directory relative to `--out` (`w1-r1`), when its files were written. */
  readonly dir?: string;
  /** Whether the row's directory holds a diagram (`trace.svg`). */
  readonly diagram?: boolean;
}

/** A finished sweep. */
export interface Sweep {
  readonly n: number;
  /** The configuration every row shares (W and R aside), as JSON. */
  readonly config: JsonValue;
  /** The same configuration in one line, without W and R. */
  readonly configLine: string;
  readonly properties: readonly string[];
  readonly rows: readonly SweepRow[];
  /** Set when the user stopped the sweep: the rows after the interrupted one were not checked. */
  readonly interrupted: boolean;
  /**
   * Set when the script has fewer than two reads and both `stale-read` and `linearizable` are
   * checked: their columns must then agree, and the table says why rather than let the reader
   * conclude that W + R > N gives linearizability.
   */
  readonly oneRead?: boolean;
}

/** Why the `stale-read` and `linearizable` columns coincide when the script reads once. */
export const ONE_READ_NOTE =
  'linearizable and stale-read agree on every row: with one read in the script, a history with no stale read is linearizable; telling them apart takes two reads (e.g. --ops "w1;r,r", the sweep\'s default).';

/** The `--json` object of a sweep. Key order is fixed, so the output diffs cleanly. */
export function sweepJson(sweep: Sweep): JsonValue {
  return {
    n: sweep.n,
    config: sweep.config,
    properties: [...sweep.properties],
    rows: sweep.rows.map((row) => ({
      w: row.w,
      r: row.r,
      intersects: row.intersects,
      verdicts: { ...row.verdicts },
      states: row.states,
      seconds: Math.round(row.seconds * 1000) / 1000,
      counterexampleLength: row.counterexampleLength,
    })),
    interrupted: sweep.interrupted,
    ...(sweep.oneRead === true ? { note: ONE_READ_NOTE } : {}),
  };
}

interface Column {
  readonly header: string;
  readonly align: 'left' | 'right';
  /** The cell's plain text (for the width) and its painted form. */
  readonly cell: (row: SweepRow) => { readonly text: string; readonly painted: string };
}

function columns(sweep: Sweep, c: Colours): Column[] {
  const plain = (text: string): { text: string; painted: string } => ({ text, painted: text });
  return [
    { header: 'W', align: 'right', cell: (row) => plain(String(row.w)) },
    { header: 'R', align: 'right', cell: (row) => plain(String(row.r)) },
    {
      header: 'W+R>N',
      align: 'left',
      cell: (row) => (row.intersects ? { text: 'yes *', painted: c.bold('yes *') } : plain('no')),
    },
    ...sweep.properties.map(
      (property): Column => ({
        header: property,
        align: 'left',
        cell: (row) => {
          const verdict = row.verdicts[property];
          if (verdict === undefined) return plain('-');
          return { text: verdict.toUpperCase(), painted: paintVerdict(verdict, c) };
        },
      }),
    ),
    { header: 'states', align: 'right', cell: (row) => plain(count(row.states)) },
    { header: 'seconds', align: 'right', cell: (row) => plain(row.seconds.toFixed(2)) },
    { header: 'counterexample', align: 'right', cell: (row) => plain(row.counterexampleLength === null ? '-' : `${row.counterexampleLength} steps`) },
  ];
}

function pad(text: string, painted: string, width: number, align: 'left' | 'right'): string {
  const space = ' '.repeat(Math.max(0, width - text.length));
  return align === 'left' ? `${painted}${space}` : `${space}${painted}`;
}

/** The terminal table (ending with a newline): aligned columns, W+R>N rows marked, one line per property on how it fared. */
export function formatSweepTable(sweep: Sweep, c: Colours): string {
  const cols = columns(sweep, c);
  const widths = cols.map((col) => Math.max(col.header.length, ...sweep.rows.map((row) => col.cell(row).text.length)));
  const lines: string[] = [];
  lines.push(c.bold(`sweep N=${sweep.n}: every W and R in 1..${sweep.n}`));
  lines.push(`config:  ${sweep.configLine}`);
  lines.push('');
  lines.push(`  ${cols.map((col, i) => pad(col.header, c.dim(col.header), widths[i], col.align)).join('   ')}`);
  for (const row of sweep.rows) {
    lines.push(`  ${cols.map((col, i) => {
      const cell = col.cell(row);
      return pad(cell.text, cell.painted, widths[i], col.align);
    }).join('   ')}`);
  }
  lines.push('');
  lines.push(c.dim('* W + R > N: every read quorum shares a replica with every write quorum.'));
  for (const property of sweep.properties) lines.push(propertyReading(sweep, property));
  if (sweep.oneRead === true) lines.push(c.yellow(ONE_READ_NOTE));
  if (sweep.interrupted) lines.push(c.yellow('interrupted: the rows after the last one shown were not checked'));
  return `${lines.join('\n')}\n`;
}

/** How `property` fared on the rows with and without intersecting quorums, e.g. `stale-read holds on 6 of 6 rows with W+R>N, 0 of 3 with W+R<=N`. */
export function propertyReading(sweep: Sweep, property: string): string {
  const tally = (intersects: boolean): string => {
    const rows = sweep.rows.filter((row) => row.intersects === intersects);
    const holding = rows.filter((row) => row.verdicts[property] === 'holds').length;
    return `${holding} of ${rows.length}`;
  };
  return `${property} holds on ${tally(true)} rows with W+R>N, on ${tally(false)} with W+R<=N.`;
}

/** `sweep.md`: the table in Markdown, each violated row linking its diagram and report. */
export function sweepMarkdown(sweep: Sweep): string {
  // No timings: the same sweep writes the same bytes, so the page diffs cleanly.
  const header = ['W', 'R', 'W+R>N', ...sweep.properties, 'states', 'shortest counterexample', 'diagram'];
  const lines: string[] = [];
  lines.push(`# Sweep: N=${sweep.n}, every W and R`);
  lines.push('');
  lines.push(`Configuration: \`${sweep.configLine}\``);
  lines.push('');
  lines.push(`| ${header.join(' | ')} |`);
  lines.push(`|${header.map((_, i) => (i < 2 ? '--:' : '---')).join('|')}|`);
  for (const row of sweep.rows) {
    const link =
      row.dir === undefined ? '' : row.diagram === true ? `[trace.svg](${row.dir}/trace.svg), [report](${row.dir}/report.md)` : `[report](${row.dir}/report.md)`;
    const cells = [
      String(row.w),
      String(row.r),
      row.intersects ? '**yes**' : 'no',
      ...sweep.properties.map((property) => row.verdicts[property] ?? '-'),
      String(row.states),
      row.counterexampleLength === null ? '-' : `${row.counterexampleLength} steps`,
      link,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push('W+R>N: every read quorum shares a replica with every write quorum.');
  lines.push('');
  for (const property of sweep.properties) lines.push(`- ${propertyReading(sweep, property)}`);
  if (sweep.oneRead === true) lines.push(`- ${ONE_READ_NOTE}`);
  if (sweep.interrupted) {
    lines.push('');
    lines.push('The sweep was interrupted: the rows after the last one listed were not checked.');
  }
  return `${lines.join('\n')}\n`;
}
