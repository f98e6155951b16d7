/**
 * The outputs of `quorumlab lesson`: the transcript printed step by step, the `--json`
 * object, and `index.md`, the page that walks through the steps and links every diagram.
 */
import type { JsonValue, Verdict } from '../../explorer/index.ts';
import { commandLine } from '../lesson/check-options.ts';
import type { RunOutcome, StepOutcome } from '../lesson/run-lesson.ts';
import type { LessonStep, LessonTable } from '../lesson/steps.ts';
import { count, paintVerdict, type Colours } from './summary.ts';

/** Transcript width: a projector's terminal, not a wide monitor. */
const WIDTH = 88;
const INDENT = '     ';

/** Breaks `text` into lines of at most `width` characters, each starting with `indent`. */
export function wrap(text: string, indent: string, width: number = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

/** The lines printed before a step runs: its number, name, title and claim. */
export function formatStepHeading(step: LessonStep, position: number, total: number, c: Colours): string {
  const lines = [c.bold(`${position}/${total}  ${step.name}: ${step.title}`), ...wrap(step.claim, INDENT)];
  return `${lines.join('\n')}\n`;
}

function verdictList(verdicts: Readonly<Record<string, Verdict>>, properties: readonly string[], c: Colours): string {
  return properties.map((property) => `${property} ${verdicts[property] === undefined ? '-' : paintVerdict(verdicts[property], c)}`).join(', ');
}

function expectedList(run: RunOutcome): string {
  return Object.entries(run.expected)
    .map(([property, verdict]) => `${property} ${verdict.toUpperCase()}`)
    .join(', ');
}

/** The lines of one finished run: its command, what it found, and whether that is what the claim predicts. */
export function formatRun(run: RunOutcome, c: Colours): string {
  const properties = Object.keys(run.expected);
  const lines: string[] = [];
  lines.push(`${INDENT}${c.dim('$')} ${commandLine(run.words)}`);
  const facts =
    run.states === null
      ? run.detail ?? ''
      : run.reusedFrom !== undefined
        ? `${count(run.states)} states (same check as ${run.reusedFrom})`
        : `${count(run.states)} states, ${run.seconds.toFixed(1)} s`;
  const found = `${verdictList(run.verdicts, properties, c)}  ${c.dim(`(${run.says}; ${facts})`)}`;
  if (run.matched) {
    lines.push(`${INDENT}  ${c.green('ok')}  ${found}`);
  } else {
    lines.push(`${INDENT}  ${c.bold(c.red('MISMATCH'))}  ${found}`);
    lines.push(c.bold(c.red(`${INDENT}  the lesson expected ${expectedList(run)}${run.interrupted ? ' (the search was interrupted)' : ''}`)));
  }
  return `${lines.join('\n')}\n`;
}

/** A table cell: the verdicts of the run named `id`, `-` when it did not run. */
function cell(outcome: StepOutcome, id: string): { text: string; painted: (c: Colours) => string } {
  const run = outcome.runs.find((candidate) => candidate.id === id);
  if (run === undefined) return { text: '-', painted: () => '-' };
  const properties = Object.keys(run.expected);
  const text = properties.map((property) => `${property} ${(run.verdicts[property] ?? '-').toUpperCase()}`).join(', ');
  return { text, painted: (c) => verdictList(run.verdicts, properties, c) };
}

/** Whether every run of a table's rows checked out as claimed. */
function tableHolds(outcome: StepOutcome, table: LessonTable): boolean {
  return table.rows.every((row) => row.runs.every((id) => outcome.runs.find((run) => run.id === id)?.matched === true));
}

/** A step's table: a header, one line per row with each column's verdicts, and the conclusion when every run matched. */
export function formatStepTable(outcome: StepOutcome, c: Colours): string[] {
  const table = outcome.step.table;
  if (table === undefined) return [];
  const cells = table.rows.map((row) => row.runs.map((id) => cell(outcome, id)));
  const labelWidth = Math.max(table.corner.length, ...table.rows.map((row) => row.label.length));
  const widths = table.columns.map((title, k) => Math.max(title.length, ...cells.map((row) => row[k]?.text.length ?? 0)));
  const pad = (text: string, width: number, painted = text): string => painted + ' '.repeat(Math.max(0, width - text.length));
  const lines = [`${INDENT}${c.bold(pad(table.corner, labelWidth))}   ${table.columns.map((title, k) => c.bold(k === table.columns.length - 1 ? title : pad(title, widths[k]))).join('   ')}`];
  table.rows.forEach((row, r) => {
    const last = cells[r].length - 1;
    // The last column is not padded: no trailing blanks on the line.
    lines.push(`${INDENT}${pad(row.label, labelWidth)}   ${cells[r].map((entry, k) => (k === last ? entry.painted(c) : pad(entry.text, widths[k], entry.painted(c)))).join('   ')}`);
  });
  if (tableHolds(outcome, table)) lines.push(`${INDENT}${c.bold(table.conclusion)}`);
  return lines;
}

/** The closing lines of a step: its table, its diagram and a pointer to more. */
export function formatStepEnd(outcome: StepOutcome, out: string, c: Colours): string {
  const lines: string[] = [...formatStepTable(outcome, c)];
  if (outcome.diagram !== undefined) lines.push(`${INDENT}diagram: ${joinPath(out, outcome.diagram)}`);
  if (outcome.step.seeAlso !== undefined) lines.push(c.dim(`${INDENT}see also: ${outcome.step.seeAlso}`));
  if (!outcome.matched) lines.push(c.bold(c.red(`${INDENT}STEP FAILED: ${outcome.step.name} did not check out as the lesson claims.`)));
  lines.push('');
  return `${lines.join('\n')}\n`;
}

function joinPath(out: string, relative: string): string {
  return out.endsWith('/') ? `${out}${relative}` : `${out}/${relative}`;
}

/** The last lines: every step checked as claimed (and where the index is), or which did not, loudly. */
export function formatLessonEnd(outcomes: readonly StepOutcome[], seconds: number, index: string | undefined, c: Colours): string {
  const failed = outcomes.filter((outcome) => !outcome.matched);
  const lines: string[] = [];
  if (failed.length === 0) {
    lines.push(c.bold(c.green(outcomes.length === 1 ? 'The step checked out as the lesson claims' : `All ${outcomes.length} steps checked out as the lesson claims`)) + ` (${seconds.toFixed(1)} s).`);
  } else {
    lines.push(c.bold(c.red(`LESSON FAILED: ${failed.length} of ${outcomes.length} steps did not check out as claimed: ${failed.map((outcome) => outcome.step.name).join(', ')}.`)));
    for (const outcome of failed) {
      for (const run of outcome.runs.filter((candidate) => !candidate.matched)) {
        lines.push(c.red(`  ${outcome.step.name}/${run.id}: expected ${expectedList(run)}; got ${Object.keys(run.expected).map((p) => `${p} ${(run.verdicts[p] ?? 'none').toUpperCase()}`).join(', ')}`));
      }
    }
  }
  if (index !== undefined) lines.push(`index: ${index}`);
  return `${lines.join('\n')}\n`;
}

/** The `--json` object: every step with its claim, and every run with its command, expectation and verdicts. */
export function lessonJson(outcomes: readonly StepOutcome[], out: string, interrupted: boolean): JsonValue {
  return {
    out,
    ok: outcomes.every((outcome) => outcome.matched) && !interrupted,
    interrupted,
    steps: outcomes.map((outcome) => ({
      name: outcome.step.name,
      title: outcome.step.title,
      claim: outcome.step.claim,
      ok: outcome.matched,
      diagram: outcome.diagram === undefined ? null : joinPath(out, outcome.diagram),
      page: outcome.page === undefined ? null : joinPath(out, outcome.page),
      ...(outcome.step.table !== undefined
        ? {
            table: {
              corner: outcome.step.table.corner,
              columns: [...outcome.step.table.columns],
              rows: outcome.step.table.rows.map((row) => ({ label: row.label, runs: [...row.runs] })),
              conclusion: tableHolds(outcome, outcome.step.table) ? outcome.step.table.conclusion : null,
            },
          }
        : {}),
      runs: outcome.runs.map((run) => ({
        id: run.id,
        says: run.says,
        command: commandLine(run.words),
        dir: joinPath(out, run.dir),
        expected: { ...run.expected },
        verdicts: { ...run.verdicts },
        matched: run.matched,
        states: run.states,
        seconds: Math.round(run.seconds * 1000) / 1000,
        diagram: run.diagram === undefined ? null : joinPath(out, `${run.dir}/${run.diagram}`),
      })),
    })),
  };
}

/**
 * `index.md`: the steps in the article's order, each claim with its commands, verdicts and links
 * (relative to the page). No timings, so the same lesson writes the same page.
 */
export function lessonIndex(outcomes: readonly StepOutcome[]): string {
  const lines: string[] = [];
  lines.push('# quorumlab lesson: quorums, staleness and CAP, checked');
  lines.push('');
  lines.push(
    'Each step states a claim from the argument and the `quorumlab` commands that check it: exhaustively, in every interleaving within the stated fault budget, ' +
      'except where a command says `--strategy random` (a seeded random simulation: the counterexample it finds is proof enough that a property fails).',
  );
  lines.push('Re-run any command to reproduce its files; `quorumlab lesson NAME` re-runs one step.');
  lines.push('');
  outcomes.forEach((outcome, i) => {
    const { step } = outcome;
    lines.push(`## ${i + 1}. ${step.title} (\`${step.name}\`)`);
    lines.push('');
    lines.push(step.claim);
    lines.push('');
    if (outcome.diagram !== undefined) {
      lines.push(`![${step.name}](${outcome.diagram})`);
      lines.push('');
    }
    if (outcome.page !== undefined) {
      lines.push(`[Step through it yourself](${outcome.page}): an offline page where you take the actions, go back, load the counterexample and try the other branches.`);
      lines.push('');
    }
    for (const run of outcome.runs) {
      const verdicts = Object.keys(run.expected)
        .map((property) => `${property} **${run.verdicts[property] ?? 'none'}**`)
        .join(', ');
      const links = [
        ...(run.diagram !== undefined ? [`[${run.diagram}](${run.dir}/${run.diagram})`] : []),
        ...(run.report !== undefined ? [`[report](${run.dir}/${run.report})`] : []),
        ...(run.page !== undefined ? [`[explorer](${run.dir}/${run.page})`] : []),
      ].join(', ');
      const status = run.matched ? 'as claimed' : `**NOT as claimed** (expected ${expectedList(run)})`;
      lines.push(`- ${run.says}: ${verdicts}, ${status}${links === '' ? '' : `; ${links}`}`);
      lines.push('');
      lines.push(`  \`\`\`sh\n  ${commandLine(run.words)}\n  \`\`\``);
      lines.push('');
    }
    if (step.table !== undefined) {
      const table = step.table;
      lines.push(`| ${table.corner} | ${table.columns.join(' | ')} |`);
      lines.push(`|---|${table.columns.map(() => '---').join('|')}|`);
      for (const row of table.rows) lines.push(`| ${row.label} | ${row.runs.map((id) => cell(outcome, id).text).join(' | ')} |`);
      lines.push('');
      if (tableHolds(outcome, table)) {
        lines.push(`**${table.conclusion}**`);
        lines.push('');
      }
    }
    if (step.seeAlso !== undefined) {
      lines.push(`See also: \`${step.seeAlso}\``);
      lines.push('');
    }
  });
  const failed = outcomes.filter((outcome) => !outcome.matched);
  lines.push(failed.length === 0 ? `All ${outcomes.length} steps checked out as claimed.` : `**${failed.length} step(s) did not check out as claimed: ${failed.map((outcome) => outcome.step.name).join(', ')}.**`);
  return `${lines.join('\n')}\n`;
}
