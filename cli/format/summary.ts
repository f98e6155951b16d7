/**
 * The short human summary `check` prints by default: the verdict, the configuration in one
 * line, the search's size, and a counterexample's steps numbered in words.
 */
import pc from 'picocolors';
import type { Verdict } from '../../explorer/index.ts';
import type { CheckReport, PropertyLine } from './check-report.ts';

/** Colour functions; plain identity functions when the output is not a terminal. */
export type Colours = Pick<ReturnType<typeof pc.createColors>, 'red' | 'green' | 'yellow' | 'bold' | 'dim'>;

/**
 * Colours for a terminal (`enabled`) or none. `NO_COLOR` (https://no-color.org) and a dumb
 * terminal turn them off even on a terminal.
 */
export function colours(enabled: boolean): Colours {
  const declined = (process.env.NO_COLOR ?? '') !== '' || process.env.TERM === 'dumb';
  return pc.createColors(enabled && !declined);
}

const verdictWords: Readonly<Record<Verdict, string>> = {
  holds: 'HOLDS',
  violated: 'VIOLATED',
  inconclusive: 'INCONCLUSIVE',
};

/** Paints a verdict word in its colour. */
export function paintVerdict(verdict: Verdict, c: Colours): string {
  const word = verdictWords[verdict];
  if (verdict === 'holds') return c.bold(c.green(word));
  if (verdict === 'violated') return c.bold(c.red(word));
  return c.bold(c.yellow(word));
}

/** Formats `count` with thousands separators, independent of the machine's locale. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** The summary text (ending with a newline). */
export function formatSummary(report: CheckReport, c: Colours): string {
  const lines: string[] = [];
  lines.push(`${paintVerdict(report.verdict, c)}  ${report.property}${headlineNote(report)}`);
  lines.push(`config:  ${report.configLine}`);
  if (report.quotient?.sentence) lines.push(`faults:  ${report.quotient.sentence}`);
  const stats = report.stats;
  lines.push(
    `search:  ${count(stats.states)} states, ${count(stats.transitions)} transitions, depth ${stats.depth}, ` +
      `${stats.seconds.toFixed(2)} s (${count(stats.statesPerSecond)} states/s); ${searchSettings(report)}`,
  );
  if (report.verdict === 'holds') {
    lines.push(`covered: every reachable state${report.coverage ? ` (${report.coverage})` : ''}; fingerprint collision probability ${report.collisionProbability.toExponential(1)}`);
  } else if (report.coverage !== undefined) {
    lines.push(`covered: ${report.coverage}`);
  }
  const factor = stats.symmetryFactor;
  if (factor !== undefined) {
    const interval = factor.exact ? 'exact: every visited state was sampled' : `95% interval ${factor.low.toFixed(2)} to ${factor.high.toFixed(2)}, ${count(factor.sampled)} states sampled`;
    lines.push(`symmetry: about ${factor.estimate.toFixed(2)} times as many states with --symmetry off (${interval})`);
  }
  if (report.interrupted) lines.push(c.yellow('interrupted: the search was stopped before it finished'));
  if (report.properties.length > 1) {
    lines.push('properties:');
    for (const line of report.properties) lines.push(`  ${propertyLine(line, c)}`);
  }
  if (report.counterexample !== null) {
    const steps = report.counterexample.steps;
    lines.push(`counterexample (${steps.length} step${steps.length === 1 ? '' : 's'}):`);
    const width = String(steps.length).length;
    for (const step of steps) {
      if (report.counterexample.loopStart !== undefined && step.index - 1 === report.counterexample.loopStart) {
        lines.push(c.dim(`  ${' '.repeat(width)}  -- the loop starts here and repeats forever --`));
      }
      lines.push(`  ${String(step.index).padStart(width)}. ${step.label}`);
      if (step.narration !== undefined && step.narration !== step.label) {
        lines.push(c.dim(`  ${' '.repeat(width)}  ${step.narration}`));
      }
    }
    if (report.counterexample.loopStart !== undefined && report.counterexample.loopStart === steps.length) {
      lines.push(c.dim(`  ${' '.repeat(width)}  -- the last state repeats forever --`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** How the search ran: strategy, symmetry, and partial-order reduction and workers when they were used. */
function searchSettings(report: CheckReport): string {
  const parts = [report.strategy, `symmetry ${report.symmetry ? 'on' : 'off'}`];
  if (report.reduction) {
    const reduced = report.stats.reducedStates;
    parts.push(`partial-order reduction on${reduced === undefined ? '' : ` (${count(reduced)} states expanded by one action)`}`);
  }
  if (report.quotient !== null && report.quotient.rules.length > 0) parts.push(`quotients on (${report.quotient.rules.join(', ')})`);
  if (report.workers > 1) parts.push(`${report.workers} workers`);
  return parts.join(', ');
}

function headlineNote(report: CheckReport): string {
  const headline = report.properties.find((line) => line.name === report.property);
  if (headline === undefined) return '';
  if (report.verdict === 'violated') {
    if (headline.counterexampleLength === null) return ' (no reachable state witnesses it)';
    return ` (counterexample: ${headline.counterexampleLength} step${headline.counterexampleLength === 1 ? '' : 's'})`;
  }
  if (report.verdict === 'inconclusive' && headline.reason !== undefined) return ` (${headline.reason})`;
  return '';
}

function propertyLine(line: PropertyLine, c: Colours): string {
  const steps = line.counterexampleLength === 1 ? 'step' : 'steps';
  const what = line.verdict === 'violated' ? 'counterexample' : 'example';
  const length = line.counterexampleLength === null ? '' : ` (${what}: ${line.counterexampleLength} ${steps})`;
  const reason = line.reason === undefined ? '' : `: ${line.reason}`;
  return `${line.name} [${line.kind}]: ${paintVerdict(line.verdict, c)}${length}${reason}`;
}
