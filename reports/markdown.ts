/**
 * `report.md`: the verdict of a check in words, with the counterexample narrated step by step.
 * Nothing time-dependent is written, so the same check gives the same bytes.
 */
import type { JsonValue, Limits, Verdict } from '../explorer/index.ts';
import { formatValue } from './state-graph.ts';

/** A trace as the report tells it. */
export interface NarratedTrace {
  /** `counterexample` for a violation, `example` for a witness of a `sometimes` property. */
  readonly kind: 'counterexample' | 'example';
  /** One line per step, in plain words. */
  readonly narrations: readonly string[];
  /** For a lasso: the index of the state the cycle returns to. */
  readonly loopStart?: number;
  /** The one-paragraph explanation that ends the story (`describe.explain`). */
  readonly explanation?: string;
  /** The diagram's file name, linked from the report (e.g. `trace.svg`). */
  readonly diagram?: string;
  /** The trace file's name (e.g. `trace.itf.json`). */
  readonly itf?: string;
}

/** What `reportMarkdown` writes about. */
export interface ReportInput {
  /** The scenario name or spec file. */
  readonly source: string;
  readonly verdict: Verdict;
  /** The property the report is about, with its kind and one-line meaning. */
  readonly property: { readonly name: string; readonly kind: string; readonly description?: string };
  /** Why the verdict is inconclusive, when it is. */
  readonly reason?: string;
  /** Every checked property's verdict, when more than one was checked. */
  readonly properties?: readonly { readonly name: string; readonly verdict: Verdict }[];
  /** The configuration, one table row per top-level field. */
  readonly config: Readonly<Record<string, JsonValue>>;
  readonly stats: { readonly states: number; readonly transitions: number; readonly depth: number };
  readonly strategy: string;
  readonly symmetry: boolean;
  readonly exhaustive: boolean;
  readonly coverage?: string;
  readonly limits?: Limits;
  readonly collisionProbability: number;
  readonly trace?: NarratedTrace;
}

/** `1.2e-12`, or `0`; two significant digits are enough for a probability estimate. */
function formatProbability(p: number): string {
  if (p === 0) return '0';
  return p >= 0.001 ? p.toPrecision(2) : p.toExponential(1);
}

/** Escape text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function bounds(limits: Limits | undefined): string {
  const parts: string[] = [];
  if (limits?.maxDepth !== undefined) parts.push(`depth <= ${limits.maxDepth}`);
  if (limits?.maxStates !== undefined) parts.push(`states <= ${limits.maxStates}`);
  if (limits?.timeoutSeconds !== undefined) parts.push(`timeout ${limits.timeoutSeconds} s`);
  if (limits?.maxMemoryBytes !== undefined) parts.push(`memory <= ${limits.maxMemoryBytes} bytes`);
  return parts.length > 0 ? parts.join(', ') : 'none (the whole reachable state space)';
}

const HEADLINE: Readonly<Record<Verdict, string>> = {
  holds: 'holds',
  violated: 'is VIOLATED',
  inconclusive: 'is INCONCLUSIVE',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return trimmed;
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * Write the Markdown report of one check: the verdict, the property, the configuration as a
 * table, the statistics (no timings), and then either the trace narrated step by step and its
 * explanation, or, for `holds`, the bounds, the state count, the fingerprint collision
 * probability and what the search covered.
 */
export function reportMarkdown(input: ReportInput): string {
  const out: string[] = [];
  const example = input.trace?.kind === 'example';
  out.push(`# ${input.source}: \`${input.property.name}\` ${example ? 'has an example' : HEADLINE[input.verdict]}`);
  out.push('');
  out.push(`- **Verdict:** ${input.verdict}`);
  out.push(`- **Property:** \`${input.property.name}\` (${input.property.kind})${input.property.description ? `: ${input.property.description}` : ''}`);
  if (input.reason !== undefined) out.push(`- **Why inconclusive:** ${input.reason}`);
  out.push(`- **Search:** ${input.strategy}, symmetry ${input.symmetry ? 'on' : 'off'}, ${input.exhaustive ? 'exhaustive' : 'not exhaustive'}`);
  out.push('');
  if (input.properties !== undefined && input.properties.length > 1) {
    out.push('| Property | Verdict |', '|---|---|');
    for (const p of input.properties) out.push(`| \`${cell(p.name)}\` | ${p.verdict} |`);
    out.push('');
  }
  out.push('## Configuration', '');
  out.push('| Setting | Value |', '|---|---|');
  for (const [key, value] of Object.entries(input.config)) out.push(`| ${cell(key)} | ${cell(formatValue(value))} |`);
  out.push('');
  out.push('## Statistics', '');
  out.push('| Distinct states | Transitions | Depth |', '|---:|---:|---:|');
  out.push(`| ${input.stats.states} | ${input.stats.transitions} | ${input.stats.depth} |`);
  out.push('');
  const trace = input.trace;
  if (trace !== undefined) {
    out.push(`## The ${trace.kind} (${trace.narrations.length} step${trace.narrations.length === 1 ? '' : 's'})`, '');
    if (trace.diagram !== undefined) out.push(`![sequence diagram of the ${trace.kind}](${trace.diagram})`, '');
    trace.narrations.forEach((narration, i) => {
      const loop = trace.loopStart !== undefined && trace.loopStart === i ? ' (the cycle starts here)' : '';
      out.push(`- **Step ${i + 1}:** ${sentence(narration)}${loop}`);
    });
    if (trace.loopStart !== undefined) {
      out.push('');
      out.push(
        trace.loopStart === 0
          ? 'From here the behaviour returns to the initial state and repeats forever.'
          : `From here the behaviour returns to the state after step ${trace.loopStart} and repeats forever.`,
      );
    }
    out.push('');
    if (trace.explanation !== undefined && trace.explanation.length > 0) out.push('## What went wrong', '', sentence(trace.explanation), '');
    if (trace.itf !== undefined) out.push(`The trace is in \`${trace.itf}\` (Informal Trace Format); \`quorumlab replay ${trace.itf}\` re-runs it.`, '');
  } else if (input.verdict === 'holds') {
    out.push('## Coverage', '');
    out.push(`- **Bounds:** ${bounds(input.limits)}`);
    out.push(`- **States:** ${input.stats.states} distinct, ${input.stats.transitions} transitions, depth ${input.stats.depth}`);
    out.push(`- **Fingerprint collision probability:** ${formatProbability(input.collisionProbability)} (optimistic estimate: states^2 / 2^65)`);
    out.push(`- **Covered:** ${input.coverage ?? 'every reachable state within the bounds'}`);
    out.push('');
  } else {
    out.push('## Coverage', '');
    out.push(`- **Bounds:** ${bounds(input.limits)}`);
    out.push(`- **Covered:** ${input.coverage ?? 'not every reachable state was visited'}`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
