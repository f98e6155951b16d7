/**
 * What `check` says about a finished search, independent of how it is printed: the human
 * summary and the `--json` object are both drawn from this one value.
 */
import type { JsonValue, Model, CheckResult, PropertyResult, Stats, Strategy, Verdict } from '../../explorer/index.ts';
import { headlineResult } from '../../reports/index.ts';
import type { QuotientSummary } from '../search/quotient.ts';
import { traceWords, type StepWords } from './labels.ts';

/** One property's outcome in the report. */
export interface PropertyLine {
  readonly name: string;
  readonly kind: PropertyResult<unknown, unknown>['kind'];
  readonly verdict: Verdict;
  /** Steps of the counterexample (or of a `sometimes` example), or null when there is none. */
  readonly counterexampleLength: number | null;
  readonly reason?: string;
}

/** A counterexample in words. */
export interface CounterexampleWords {
  readonly steps: readonly StepWords[];
  /** For a lasso: the step after which the cycle starts (index into the trace's states). */
  readonly loopStart?: number;
}

/** Everything the outputs of one check need. */
export interface CheckReport {
  readonly verdict: Verdict;
  /** The headline property (`headlineResult`, the one rule every output follows). */
  readonly property: string;
  readonly config: JsonValue;
  /** The configuration in one line, e.g. `N=3 W=2 R=2 strict lww ...`. */
  readonly configLine: string;
  readonly stats: Stats;
  /** The headline property's counterexample, when it is violated with one. */
  readonly counterexample: CounterexampleWords | null;
  /** The headline property's example, when it is a `sometimes` property that holds by one. */
  readonly example: CounterexampleWords | null;
  readonly properties: readonly PropertyLine[];
  readonly exhaustive: boolean;
  readonly coverage?: string;
  readonly collisionProbability: number;
  readonly symmetry: boolean;
  /** Whether the search used partial-order reduction. */
  readonly reduction: boolean;
  /** The quotients the search used (quorum model), or null when it searched the model itself. */
  readonly quotient: QuotientSummary | null;
  readonly strategy: Strategy;
  /** Worker threads the search ran on (1: the one-thread search). */
  readonly workers: number;
  /** Set when the user interrupted the search (SIGINT/SIGTERM). */
  readonly interrupted: boolean;
}

/** Who the check was about, for the report. */
export interface ReportSubject {
  readonly config: JsonValue;
  readonly configLine: string;
  readonly workers: number;
  readonly interrupted: boolean;
  /** The quotients the search used, if any. */
  readonly quotient?: QuotientSummary | null;
}

/** Builds the report of `result`, putting the headline property's counterexample into words. */
export function buildCheckReport<S, A>(model: Model<S, A>, result: CheckResult<S, A>, subject: ReportSubject): CheckReport {
  const headline = headlineResult(result);
  const trace = headline?.trace ?? null;
  const words: CounterexampleWords | null =
    trace === null ? null : { steps: traceWords(model, trace), ...(trace.loopStart !== undefined ? { loopStart: trace.loopStart } : {}) };
  const violated = headline?.verdict === 'violated';
  return {
    verdict: result.verdict,
    property: headline?.property ?? '',
    config: subject.config,
    configLine: subject.configLine,
    stats: result.stats,
    counterexample: violated ? words : null,
    example: violated ? null : words,
    properties: result.results.map((entry) => ({
      name: entry.property,
      kind: entry.kind,
      verdict: entry.verdict,
      counterexampleLength: entry.trace === null ? null : entry.trace.actions.length,
      ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    })),
    exhaustive: result.exhaustive,
    ...(result.coverage !== undefined ? { coverage: result.coverage } : {}),
    collisionProbability: result.collisionProbability,
    symmetry: result.symmetry,
    reduction: result.reduction,
    quotient: subject.quotient ?? null,
    strategy: result.strategy,
    workers: subject.workers,
    interrupted: subject.interrupted,
  };
}

/** A counterexample, or a `sometimes` property's example, in the `--json` object. */
export type CheckJsonTrace = {
  readonly steps: readonly {
    /** The step number, from 1. */
    readonly step: number;
    /** The index of the action among those enabled in the state it was taken from (what replay follows). */
    readonly index: number;
    /** The action in the model's words, e.g. `C1 invokes write(1)`. */
    readonly label: string;
    /** The step in plain words, when the model's `describe.step` gives them. */
    readonly narration?: string;
  }[];
  /** For a lasso (a liveness counterexample): the step after which the cycle starts. */
  readonly loopStart?: number;
};

/**
 * The object `quorumlab check --json` prints and the library's `check` resolves to; without
 * the timings (`seconds`, `statesPerSecond`, `peakMemoryBytes`) it is `verdict.json`. Fields
 * are as the CLI contract in the README describes them.
 */
export type CheckJson = {
  /** `holds` only when the search was exhaustive within its bounds. */
  readonly verdict: Verdict;
  /** The headline property: the first violated one, else the first inconclusive one, else the first. */
  readonly property: string;
  /** The configuration checked: a quorum configuration, or a spec's name, constants and knobs. */
  readonly config: JsonValue;
  readonly stats: {
    readonly states: number;
    readonly transitions: number;
    readonly depth: number;
    readonly seconds?: number;
    readonly statesPerSecond?: number;
    readonly peakMemoryBytes?: number;
    readonly bytesPerState: number;
    readonly reducedStates?: number;
    readonly symmetryFactor?: { readonly estimate: number; readonly low: number; readonly high: number; readonly sampled: number; readonly exact: boolean };
  };
  /** The headline property's counterexample, or null. */
  readonly counterexample: CheckJsonTrace | null;
  /** The headline property's example, when it is a `sometimes` property that holds by one. */
  readonly example?: CheckJsonTrace;
  /** Every property checked, in order. */
  readonly properties: readonly {
    readonly name: string;
    readonly kind: PropertyResult<unknown, unknown>['kind'];
    readonly verdict: Verdict;
    readonly counterexampleLength: number | null;
    readonly reason?: string;
  }[];
  readonly exhaustive: boolean;
  /** What an inconclusive search covered, or null. */
  readonly coverage: string | null;
  /** The chance that two distinct states shared a fingerprint (as TLC reports it). */
  readonly collisionProbability: number;
  readonly symmetry: boolean;
  /** Whether the search used partial-order reduction. */
  readonly reduction: boolean;
  /** The quotients the search used (quorum model), or null. */
  readonly quotient: { readonly rules: readonly string[]; readonly removed: readonly string[]; readonly sentence: string | null } | null;
  readonly strategy: Strategy;
  readonly workers: number;
  /** Whether the search was interrupted (SIGINT/SIGTERM, or the library caller's abort signal). */
  readonly interrupted: boolean;
};

/**
 * The `--json` object of a check, and (without `timing`) the content of its `verdict.json`:
 * one shape for both. Key order is fixed, so the output diffs cleanly. `timing: false` leaves
 * out what varies between two runs of the same check (seconds, states per second, memory),
 * so the same check writes the same bytes.
 */
export function checkJson(report: CheckReport, options: { readonly timing?: boolean } = {}): CheckJson {
  const stats = report.stats;
  const timing = options.timing !== false;
  const steps = (words: CounterexampleWords): CheckJsonTrace => ({
    steps: words.steps.map((step) => ({
      step: step.index,
      index: step.actionIndex,
      label: step.label,
      ...(step.narration !== undefined ? { narration: step.narration } : {}),
    })),
    ...(words.loopStart !== undefined ? { loopStart: words.loopStart } : {}),
  });
  return {
    verdict: report.verdict,
    property: report.property,
    config: report.config,
    stats: {
      states: stats.states,
      transitions: stats.transitions,
      depth: stats.depth,
      ...(timing ? { seconds: round(stats.seconds, 3), statesPerSecond: Math.round(stats.statesPerSecond), peakMemoryBytes: stats.peakMemoryBytes } : {}),
      bytesPerState: round(stats.bytesPerState, 2),
      ...(stats.reducedStates !== undefined ? { reducedStates: stats.reducedStates } : {}),
      ...(stats.symmetryFactor !== undefined
        ? {
            symmetryFactor: {
              ...stats.symmetryFactor,
              estimate: round(stats.symmetryFactor.estimate, 4),
              low: round(stats.symmetryFactor.low, 4),
              high: round(stats.symmetryFactor.high, 4),
            },
          }
        : {}),
    },
    counterexample: report.counterexample === null ? null : steps(report.counterexample),
    ...(report.example !== null ? { example: steps(report.example) } : {}),
    properties: report.properties.map((line) => ({
      name: line.name,
      kind: line.kind,
      verdict: line.verdict,
      counterexampleLength: line.counterexampleLength,
      ...(line.reason !== undefined ? { reason: line.reason } : {}),
    })),
    exhaustive: report.exhaustive,
    coverage: report.coverage ?? null,
    collisionProbability: report.collisionProbability,
    symmetry: report.symmetry,
    reduction: report.reduction,
    quotient: report.quotient === null ? null : { rules: [...report.quotient.rules], removed: [...report.quotient.removed], sentence: report.quotient.sentence },
    strategy: report.strategy,
    workers: report.workers,
    interrupted: report.interrupted,
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
