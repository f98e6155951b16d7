/**
 * What `quorumlab explore` embeds in the page beside the bundled model: where the model comes
 * from in the bundle, which properties the command checked and with what outcome, and the
 * shortest counterexample as action indices (the page replays it through the bundled model).
 * Plain JSON, written into the page by the command and read back by the page and its worker.
 */
import type { JsonValue, Verdict } from '../../../explorer/index.ts';

/** A trace as the page stores it: replayed from `model.init()[initIndex]` through the action indices. */
export interface EmbeddedTrace {
  /** The property it violates. */
  readonly property: string;
  readonly initIndex: number;
  readonly actionIndices: readonly number[];
  /** Each step's label as the command printed it: the page checks its replay against them. */
  readonly labels: readonly string[];
  /** For a lasso: the index of the state where its cycle starts. */
  readonly loopStart?: number;
}

/** How the bundled module gives the model: an export that is a Model, or a factory called with `arguments` (or `argument`). */
export interface EmbeddedModel {
  readonly export: string;
  readonly argument?: JsonValue;
  /** A spec module's factory takes its constants and the quorum knobs: both, in order. */
  readonly arguments?: readonly JsonValue[];
}

/** The page's data. */
export interface PageData {
  /** What the page is about: the scenario name, `default`, or the spec file as given. */
  readonly source: string;
  /** The model's name. */
  readonly modelName: string;
  /** The configuration in one line, as `check` prints it. */
  readonly configLine: string;
  /** The command line that made the page (for the reader who wants to re-run it). */
  readonly command: string;
  readonly model: EmbeddedModel;
  /** The properties the command checked, in order; the page reports these. */
  readonly properties: readonly string[];
  /** `--symmetry` as given (undefined: the default), for the page's own searches. */
  readonly symmetry?: boolean;
  /** The states a "Find a violation" search may visit, at most (the user may change it on the page). */
  readonly findLimit: number;
  /** The command's own check of those properties. */
  readonly check: {
    readonly verdicts: Readonly<Record<string, Verdict>>;
    readonly states: number;
    readonly exhaustive: boolean;
    readonly coverage?: string;
  };
  /** The shortest counterexample the check found, or null. */
  readonly counterexample: EmbeddedTrace | null;
}
