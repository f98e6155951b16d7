/**
 * The outputs of `quorumlab cap`: the side-by-side table of the cp and ap modes, the sentence
 * that reads CAP off it (computed from the verdicts, never printed blindly), `--json`, and
 * `cap.md` beside the diagrams.
 */
import type { JsonValue, Verdict } from '../../explorer/index.ts';
import { commandLine } from '../lesson/check-options.ts';
import { count, paintVerdict, type Colours } from './summary.ts';

/** The two properties CAP trades: fresh reads and an answer for everyone. */
export const CAP_PROPERTIES = ['stale-read', 'availability'] as const;

/** The modes cap compares, in the order of the table. */
export type CapMode = 'cp' | 'ap';

/** One mode's row. */
export interface CapRow {
  readonly mode: CapMode;
  readonly verdicts: Readonly<Record<string, Verdict>>;
  readonly states: number;
  readonly seconds: number;
  /** The `quorumlab check ...` words that re-run this row alone. */
  readonly words: readonly string[];
  /** The row's configuration in one line. */
  readonly configLine: string;
  /** Where its files went (`DIR/cp`), when written. */
  readonly dir?: string;
  /** Each violated property's diagram, relative to `--out` (`cp/trace.svg`, `ap/availability/trace.svg`), when written. */
  readonly diagrams?: Readonly<Record<string, string>>;
}

/** A finished comparison. */
export interface CapTable {
  readonly scenario: string;
  readonly rows: readonly CapRow[];
  /** Whether some mode kept both properties under the partition. */
  readonly keepsBoth: boolean;
  readonly interrupted: boolean;
  /** The `--out` directory, when files were written. */
  readonly out?: string;
}

function joinPath(dir: string, relative: string): string {
  return dir.endsWith('/') ? `${dir}${relative}` : `${dir}/${relative}`;
}

/** Whether a row kept both properties. */
export function keepsBoth(row: Pick<CapRow, 'verdicts'>): boolean {
  return CAP_PROPERTIES.every((property) => row.verdicts[property] === 'holds');
}

/** The `--json` object of cap. */
export function capJson(table: CapTable): JsonValue {
  return {
    scenario: table.scenario,
    rows: table.rows.map((row) => ({
      mode: row.mode,
      verdicts: Object.fromEntries(CAP_PROPERTIES.map((property) => [property, row.verdicts[property] ?? null])),
      states: row.states,
      seconds: Math.round(row.seconds * 1000) / 1000,
      command: commandLine(row.words),
    })),
    keepsBoth: table.keepsBoth,
    interrupted: table.interrupted,
  };
}

/** What a row gave up, in words: `keeps stale-read, gives up availability`. */
export function rowReading(row: CapRow): string {
  const kept = CAP_PROPERTIES.filter((property) => row.verdicts[property] === 'holds');
  const lost = CAP_PROPERTIES.filter((property) => row.verdicts[property] === 'violated');
  const open = CAP_PROPERTIES.filter((property) => row.verdicts[property] !== 'holds' && row.verdicts[property] !== 'violated');
  const parts = [
    ...(kept.length > 0 ? [`keeps ${kept.join(' and ')}`] : []),
    ...(lost.length > 0 ? [`gives up ${lost.join(' and ')}`] : []),
    ...(open.length > 0 ? [`leaves ${open.join(' and ')} undecided`] : []),
  ];
  return parts.join(', ');
}

/** The conclusion drawn from the table: CAP's trade-off, or a loud warning that some mode kept both. */
export function capConclusion(table: CapTable): { readonly text: string; readonly alarming: boolean } {
  const both = table.rows.filter(keepsBoth);
  if (both.length > 0) {
    const modes = both.map((row) => row.mode).join(' and ');
    return {
      text: `WARNING: ${modes} kept BOTH stale-read and availability under a partition. CAP's trade-off did not show here: the partition budget may never cut a quorum off, or the model is wrong.`,
      alarming: true,
    };
  }
  const undecided = table.rows.some((row) => CAP_PROPERTIES.some((property) => row.verdicts[property] !== 'holds' && row.verdicts[property] !== 'violated'));
  if (undecided) return { text: 'No mode was shown to keep both stale-read and availability, but some verdicts are undecided.', alarming: false };
  return { text: 'Under a partition, no mode keeps both stale-read and availability.', alarming: false };
}

/** The terminal table (ending with a newline). */
export function formatCapTable(table: CapTable, c: Colours): string {
  const lines: string[] = [];
  lines.push(c.bold(`cap ${table.scenario}: the same scenario in cp and ap modes, under a partition`));
  for (const row of table.rows) lines.push(`${row.mode}:  ${row.configLine}`);
  lines.push('');
  const header = ['mode', ...CAP_PROPERTIES, 'states', 'seconds'];
  const cells = table.rows.map((row) => [
    { text: row.mode, painted: c.bold(row.mode) },
    ...CAP_PROPERTIES.map((property) => {
      const verdict = row.verdicts[property];
      return verdict === undefined ? { text: '-', painted: '-' } : { text: verdict.toUpperCase(), painted: paintVerdict(verdict, c) };
    }),
    { text: count(row.states), painted: count(row.states) },
    { text: row.seconds.toFixed(2), painted: row.seconds.toFixed(2) },
  ]);
  const widths = header.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i].text.length)));
  const right = (i: number): boolean => i >= header.length - 2;
  const pad = (text: string, painted: string, i: number): string => {
    const space = ' '.repeat(widths[i] - text.length);
    return right(i) ? `${space}${painted}` : `${painted}${space}`;
  };
  lines.push(`  ${header.map((name, i) => pad(name, c.dim(name), i)).join('   ')}`);
  for (const row of cells) lines.push(`  ${row.map((cell, i) => pad(cell.text, cell.painted, i)).join('   ')}`);
  lines.push('');
  for (const row of table.rows) lines.push(`${row.mode} ${rowReading(row)}.`);
  const conclusion = capConclusion(table);
  lines.push(conclusion.alarming ? c.bold(c.red(conclusion.text)) : c.bold(conclusion.text));
  const drawn = table.rows.flatMap((row) => Object.entries(row.diagrams ?? {}).map(([property, path]) => ({ row, property, path })));
  if (drawn.length > 0 && table.out !== undefined) {
    lines.push('');
    for (const { row, property, path } of drawn) lines.push(`diagram (${row.mode}, ${property} violated): ${joinPath(table.out, path)}`);
  }
  lines.push('');
  lines.push(c.dim('re-run a row on its own:'));
  for (const row of table.rows) lines.push(c.dim(`  ${commandLine(row.words)}`));
  if (table.interrupted) lines.push(c.yellow('interrupted: a search was stopped before it finished'));
  return `${lines.join('\n')}\n`;
}

/** `cap.md`: the table in Markdown with links to each mode's diagram and report (paths relative to the page). */
export function capMarkdown(table: CapTable): string {
  const lines: string[] = [];
  lines.push(`# CAP under a partition: ${table.scenario}, cp and ap side by side`);
  lines.push('');
  lines.push(`| mode | ${CAP_PROPERTIES.join(' | ')} | states | diagram |`);
  lines.push(`|---|${CAP_PROPERTIES.map(() => '---').join('|')}|--:|---|`);
  for (const row of table.rows) {
    const diagrams = Object.entries(row.diagrams ?? {}).map(([property, path]) => `[${property}](${path})`);
    const links = [...diagrams, `[report](${row.mode}/report.md)`].join(', ');
    lines.push(`| ${row.mode} | ${CAP_PROPERTIES.map((property) => row.verdicts[property] ?? '-').join(' | ')} | ${row.states} | ${links} |`);
  }
  lines.push('');
  for (const row of table.rows) lines.push(`- **${row.mode}** ${rowReading(row)}: \`${commandLine(row.words)}\``);
  lines.push('');
  lines.push(`**${capConclusion(table).text}**`);
  return `${lines.join('\n')}\n`;
}
