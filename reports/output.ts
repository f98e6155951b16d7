/**
 * The files of one check (`--out DIR`): built in memory from a `CheckResult`, then written so
 * that an interrupted run leaves no half-written file.
 */
import { propertiesWithDeadlock, type JsonValue, type Model, type CheckResult, type Limits, type PropertyResult } from '../explorer/index.ts';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeTrace } from './describe-trace.ts';
import { toItf } from './itf.ts';
import { reportMarkdown, type NarratedTrace } from './markdown.ts';
import { renderPng, renderSvg } from './render.ts';
import { sequenceDiagram } from './sequence.ts';
import { stateGraph, stateGraphOf } from './state-graph.ts';

/**
 * Write every file of `files` into `dir` (created when missing). Each file goes to a temporary
 * name in `dir` first and is renamed into place once all are written, so a reader never sees half
 * a file; on a failure the temporary files are removed (files already renamed stay, whole).
 *
 * @throws Error when a name is not a plain file name (no folders), before anything is written.
 */
export async function writeOutputs(dir: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  for (const name of files.keys()) {
    if (name.length === 0 || name !== basename(name) || name === '.' || name === '..') {
      throw new Error(`output file name must be a plain file name, got '${name}'`);
    }
  }
  await makeDirectory(dir);
  const pending: { temporary: string; final: string }[] = [];
  try {
    for (const [name, content] of files) {
      const temporary = join(dir, `.${name}.${process.pid}.tmp`);
      pending.push({ temporary, final: join(dir, name) });
      await writeFile(temporary, content);
    }
    for (const { temporary, final } of pending) await rename(temporary, final);
  } catch (error) {
    await Promise.all(pending.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  }
}

/**
 * `mkdir -p`, step by step. Node's own recursive mkdir spins forever on a path whose parent
 * exists but cannot hold it (`/proc/x`: the child is ENOENT, the parent EEXIST, and it retries);
 * here a second ENOENT once the parent exists is final.
 */
async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    if (errorCode(error) === 'EEXIST' && (await isDirectory(dir))) return;
    if (errorCode(error) !== 'ENOENT' || dirname(dir) === dir) throw error;
  }
  await makeDirectory(dirname(dir));
  try {
    await mkdir(dir);
  } catch (error) {
    if (errorCode(error) === 'EEXIST' && (await isDirectory(dir))) return;
    throw error;
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The files of one check, by role: the one place their names are written. `check --out` writes
 * those of them a run has, and removes the others from the folder (see the CLI's writer).
 */
export const CHECK_OUTPUT_FILES = {
  verdict: 'verdict.json',
  report: 'report.md',
  itf: 'trace.itf.json',
  traceDot: 'trace.dot',
  traceSvg: 'trace.svg',
  tracePng: 'trace.png',
  graphDot: 'state-graph.dot',
  graphSvg: 'state-graph.svg',
  graphPng: 'state-graph.png',
} as const;

/** Every file name of {@link CHECK_OUTPUT_FILES}. */
export const CHECK_OUTPUT_NAMES: readonly string[] = Object.values(CHECK_OUTPUT_FILES);

/** Options of `buildCheckOutputs`. */
export interface CheckOutputOptions {
  /** Also render `trace.png` and `state-graph.png`. */
  readonly png: boolean;
  /** The limits the search ran with, for the report's bounds. */
  readonly limits?: Limits;
}

/** What `buildCheckOutputs` is given. */
export interface CheckOutputInput<S, A> {
  readonly result: CheckResult<S, A>;
  readonly model: Model<S, A>;
  /** The scenario name or spec file the model was built from (no absolute path, to keep output portable). */
  readonly source: string;
  /** The run's configuration, as the caller rebuilds the model from it (written to the ITF meta and the report). */
  readonly config: Readonly<Record<string, JsonValue>>;
  /**
   * The check's verdict object, written as `verdict.json` as it is given: the CLI gives the
   * object `check --json` prints, without its timings (so the same check writes the same bytes).
   */
  readonly verdict: JsonValue;
  readonly options: CheckOutputOptions;
}

/**
 * The property a check's outputs lead with (its report, its diagram, the headline of its
 * summary and of `--json`): among the properties whose verdict is the check's verdict, the
 * first with a trace (a counterexample, or a `sometimes` property's example), else the first
 * of them; else the first property. One rule for every output, so they name the same one.
 */
export function headlineResult<S, A>(result: CheckResult<S, A>): PropertyResult<S, A> | undefined {
  const same = result.results.filter((r) => r.verdict === result.verdict);
  return same.find((r) => r.trace !== null) ?? same[0] ?? result.results[0];
}

/**
 * A chart's title: what it shows, then the configuration in the model's words (`describe.summary`)
 * on a second line; a model that gives none is named by its source.
 */
export function chartTitle(source: string, summary: string | undefined, shows: string): string {
  return summary !== undefined && summary.length > 0 ? `${shows}\n${summary}` : `${source}: ${shows}`;
}

/**
 * Build the files of one check, in memory: `verdict.json` and `report.md` always; with a trace,
 * also `trace.itf.json`, `trace.dot`, `trace.svg`, the state graph around it (`state-graph.dot`,
 * `state-graph.svg`) and, when asked, `trace.png` and `state-graph.png`. The same input
 * gives the same bytes.
 */
export async function buildCheckOutputs<S, A>(input: CheckOutputInput<S, A>): Promise<Map<string, string | Uint8Array>> {
  const { result, model, source, config, options } = input;
  const names = CHECK_OUTPUT_FILES;
  const headline = headlineResult(result);
  const propertyName = headline?.property ?? '';
  const property = propertiesWithDeadlock(model).find((p) => p.name === propertyName);
  const trace = headline?.trace ?? null;
  const described = trace !== null ? describeTrace(model, trace, propertyName) : undefined;
  const isCounterexample = headline?.verdict === 'violated';
  const files = new Map<string, string | Uint8Array>();

  files.set(CHECK_OUTPUT_FILES.verdict, `${JSON.stringify(input.verdict, null, 2)}\n`);

  let narrated: NarratedTrace | undefined;
  if (trace !== null && described !== undefined) {
    const n = trace.actions.length;
    const explanation = described.explanation ?? (isCounterexample ? `${propertyName} does not hold after step ${n}.` : undefined);
    const dot = sequenceDiagram({
      lanes: described.lanes,
      steps: described.steps,
      actionLabels: described.actionLabels,
      ...(isCounterexample ? { violation: { step: n, title: `${propertyName} violated`, explanation: explanation ?? '' } } : {}),
      ...(trace.loopStart !== undefined ? { loopStart: trace.loopStart } : {}),
      finals: described.finals,
      ...(described.marks !== undefined ? { marks: described.marks } : {}),
      title: chartTitle(source, described.summary, isCounterexample ? `${propertyName} violated` : `example of ${propertyName}`),
    });
    const svg = await renderSvg(dot);
    files.set(names.itf, toItf({
      source,
      model: model.name,
      config,
      property: propertyName,
      init: described.initIndex,
      actionIndices: trace.actionIndices,
      actionLabels: described.actionLabels,
      states: described.views,
      ...(trace.loopStart !== undefined ? { loop: trace.loopStart } : {}),
      ...(trace.loopActionIndex !== undefined ? { loopActionIndex: trace.loopActionIndex } : {}),
    }));
    files.set(names.traceDot, dot);
    files.set(names.traceSvg, svg);
    if (options.png) files.set(names.tracePng, await renderPng(svg));
    const graphDot = stateGraph(stateGraphOf(model, trace, { violating: isCounterexample, title: chartTitle(source, described.summary, isCounterexample ? `${propertyName} violated: the state graph` : `example of ${propertyName}: the state graph`) }));
    const graphSvg = await renderSvg(graphDot);
    files.set(names.graphDot, graphDot);
    files.set(names.graphSvg, graphSvg);
    if (options.png) files.set(names.graphPng, await renderPng(graphSvg));
    narrated = {
      kind: isCounterexample ? 'counterexample' : 'example',
      narrations: described.narrations,
      ...(trace.loopStart !== undefined ? { loopStart: trace.loopStart } : {}),
      ...(explanation !== undefined ? { explanation } : {}),
      diagram: names.traceSvg,
      itf: names.itf,
    };
  }
  files.set(
    names.report,
    reportMarkdown({
      source,
      verdict: headline?.verdict ?? result.verdict,
      property: { name: propertyName, kind: headline?.kind ?? 'always', ...(property?.description !== undefined ? { description: property.description } : {}) },
      ...(headline?.reason !== undefined ? { reason: headline.reason } : {}),
      properties: result.results.map((r) => ({ name: r.property, verdict: r.verdict })),
      config,
      stats: result.stats,
      strategy: result.strategy,
      symmetry: result.symmetry,
      exhaustive: result.exhaustive,
      ...(result.coverage !== undefined ? { coverage: result.coverage } : {}),
      ...(options.limits !== undefined ? { limits: options.limits } : {}),
      collisionProbability: result.collisionProbability,
      ...(narrated !== undefined ? { trace: narrated } : {}),
    }),
  );
  return files;
}
