/**
 * `quorumlab replay TRACE.itf.json [--spec FILE]`: re-run a saved trace against the model it
 * names: the quorum model of its recorded configuration, or the spec module `--spec` names
 * (a trace never makes replay load a module, so replaying a trace from elsewhere runs none of
 * its author's code).
 *
 * Stages: read -> check the nesting depth -> parse (the reports' `parseItf`) -> rebuild the model from `#meta` -> replay
 * the action indices (the explorer's `replay`), checking each step's label and each state's
 * view against the recording -> judge the property on the replayed states.
 * Exit 0: it replays and still violates (or, for an example, still witnesses); 1: it replays but
 * no longer does; 2: a malformed or truncated file, a configuration that no longer matches, or a
 * step that is not enabled.
 */
import { propertiesWithDeadlock, ExplorerError, type JsonValue, type Model, replay, type Trace } from '../../explorer/index.ts';
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { stateView, parseItf, toItf, type ItfReplay, type ItfTrace } from '../../reports/index.ts';
import { fail, ok, type Result } from '../errors.ts';
import { actionLabel } from '../format/labels.ts';
import type { CommandIo } from '../io.ts';
import { rebuildModel } from '../load/rebuild.ts';
import { firstLine } from '../load/spec-module.ts';
import { judgeTrace, type TraceJudgement } from '../search/judge-trace.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The raw option values of `replay`. */
export interface RawReplayFlags {
  readonly json?: boolean;
  /** The spec module to replay a spec trace against (a trace never makes replay load one). */
  readonly spec?: string;
}

/**
 * How deep a trace's JSON may nest. A state of the quorum model nests a few levels; a file
 * nested thousands deep is damaged or hostile, and decoding it would overflow the stack.
 */
export const MAX_JSON_DEPTH = 1000;

/** Runs `replay` on the trace file `file`. */
export async function runReplay(file: string, raw: RawReplayFlags, io: CommandIo): Promise<CommandOutcome> {
  let text: string;
  try {
    text = await readFile(resolvePath(io.cwd, file), 'utf8');
  } catch {
    return finish(io, fail('QL120', `trace file '${file}' not found (or not readable)`));
  }
  if (raw.spec !== undefined && raw.spec.trim() === '') return finish(io, fail('QL103', `--spec must name a spec module (got '')`));
  const depth = nestingDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) return finish(io, fail('QL140', `trace '${file}' is not a valid ITF trace: its JSON nests more than ${MAX_JSON_DEPTH} levels deep`));
  const parsed = parseItf(text);
  if (!parsed.ok) return finish(io, fail('QL140', `trace '${file}' is not a valid ITF trace: ${parsed.error}`));
  const meta = parsed.trace.replay;
  if (meta === undefined) {
    return finish(io, fail('QL140', `trace '${file}' has no replay metadata (#meta source, config, init, actionIndices): it was not written by quorumlab check`));
  }
  const rebuilt = await guardSpecCode(raw.spec, io, () => rebuildModel(meta, raw.spec, io.cwd));
  if (!rebuilt.ok) return finish(io, rebuilt);
  const { model: box, note } = rebuilt.value;
  let judged: Result<{ judgement: TraceJudgement; steps: number }>;
  try {
    judged = await guardSpecCode(raw.spec, io, () => box.open((model) => replayAndJudge(model, parsed.trace, meta)));
  } catch (error) {
    // A spec module's model runs here: one that throws (or returns a non-array) is bad input, not a crash.
    if (!isSpecConfig(meta.config)) throw error;
    judged = fail('QL121', `model '${box.name}' failed while replaying the trace: ${firstLine(error)}`);
  }
  if (!judged.ok) return finish(io, judged);
  if (note !== null) io.err(`${note}\n`);
  const { judgement, steps } = judged.value;
  if (raw.json === true) {
    const json: JsonValue = { replayed: true, steps, source: meta.source, property: meta.property, stillViolated: judgement.stillShows, detail: judgement.detail };
    io.out(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.out(`replayed ${steps} step${steps === 1 ? '' : 's'} of ${meta.source} (model ${meta.model})\n${judgement.stillShows ? 'still shows' : 'no longer shows'}: ${judgement.detail}\n`);
  }
  return { exitCode: judgement.stillShows ? 0 : 1 };
}

/**
 * Runs `work`, which calls a spec module's code in this thread (when `spec` is set), so that
 * the spec cannot end the command without a word: `process.exit` throws instead (the call
 * becomes the spec's error), and an event loop that empties before the work is done (a
 * top-level await that never settles) ends the command with one line and exit 2.
 */
async function guardSpecCode<T>(spec: string | undefined, io: CommandIo, work: () => T | Promise<T>): Promise<T> {
  if (spec === undefined) return work();
  const exit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new Error(`the spec called process.exit(${code ?? ''}); a spec must not end the process`);
  });
  const unsettled = (): void => {
    io.err(`error: spec module '${spec}' never finished loading: it awaits a promise that never settles\n`);
    process.exitCode = 2;
  };
  process.once('beforeExit', unsettled);
  try {
    return await work();
  } finally {
    process.off('beforeExit', unsettled);
    process.exit = exit;
  }
}

/**
 * How deep `text` (JSON) nests its arrays and objects, counting no further than `limit` + 1:
 * read character by character, without recursion, so a file nested too deep for a recursive
 * decoder is told apart before one reads it.
 */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/** Whether a trace's recorded config names a spec module (as `check` writes it) rather than a quorum configuration. */
function isSpecConfig(config: JsonValue): boolean {
  return typeof config === 'object' && config !== null && !Array.isArray(config) && typeof (config as Readonly<Record<string, JsonValue>>).spec === 'string';
}

/** Replays the recorded indices through `model`, checks labels and state views, and judges the property. */
function replayAndJudge<S, A>(model: Model<S, A>, itf: ItfTrace, meta: ItfReplay): Result<{ judgement: TraceJudgement; steps: number }> {
  // A trace of `check --deadlock` names the built-in invariant the model itself does not list.
  const property = propertiesWithDeadlock(model).find((candidate) => candidate.name === meta.property);
  if (property === undefined) {
    return fail('QL141', `the trace is about property '${meta.property}', which model '${model.name}' no longer has (it has ${model.properties.map((p) => p.name).join(', ')})`);
  }
  const trace = replayChecked(model, meta);
  if (!trace.ok) return trace;
  const views = matchViews(model, trace.value, itf, meta);
  if (!views.ok) return views;
  const loop = itf.loop === undefined ? undefined : { start: itf.loop, actionIndex: meta.loopActionIndex };
  return ok({ judgement: judgeTrace(model, property, trace.value.states, loop), steps: meta.actionIndices.length });
}

/**
 * Walks the recorded steps one at a time, so that the first step that is not enabled (an index
 * out of range, or an index that now names another action) is the one reported; then replays the
 * whole trace through the explorer's `replay`.
 */
function replayChecked<S, A>(model: Model<S, A>, meta: ItfReplay): Result<Trace<S, A>> {
  const inits = model.init();
  if (!Number.isInteger(meta.init) || meta.init < 0 || meta.init >= inits.length) {
    return fail('QL142', `the trace starts in initial state ${meta.init}, but model '${model.name}' has ${inits.length}`);
  }
  let state = inits[meta.init];
  for (let i = 0; i < meta.actionIndices.length; i++) {
    const enabled = model.actions(state);
    const index = meta.actionIndices[i];
    const recorded = meta.actionLabels[i];
    if (!Number.isInteger(index) || index < 0 || index >= enabled.length) {
      return fail('QL142', `step ${i + 1}: the recorded action '${recorded}' (index ${index}) is not enabled: only ${enabled.length} actions are`);
    }
    const label = actionLabel(model, state, enabled[index]);
    if (label !== recorded) {
      const labels = enabled.map((action) => actionLabel(model, state, action));
      const elsewhere = labels.indexOf(recorded);
      const hint = elsewhere >= 0 ? `it is action ${elsewhere} here` : 'it is not enabled here';
      return fail('QL142', `step ${i + 1}: the recorded action '${recorded}' is not action ${index} (that is '${label}'); ${hint}`);
    }
    state = model.next(state, enabled[index]);
  }
  try {
    return ok(replay(model, meta.init, meta.actionIndices));
  } catch (error) {
    if (error instanceof ExplorerError && error.code === 'EXP_REPLAY') return fail('QL142', `the trace does not replay: ${error.message.replace(/^EXP_REPLAY:\s*/, '')}`);
    throw error;
  }
}

/**
 * The replayed states' views must be the recorded ones: written through the same ITF encoding
 * and compared field by field, so a model whose behaviour changed is caught even when the
 * labels still agree.
 */
function matchViews<S, A>(model: Model<S, A>, trace: Trace<S, A>, itf: ItfTrace, meta: ItfReplay): Result<void> {
  if (itf.states.length !== trace.states.length) {
    return fail('QL140', `the trace has ${itf.states.length} states for ${meta.actionIndices.length} steps (expected ${trace.states.length})`);
  }
  const expected = parseItf(toItf({ ...meta, states: trace.states.map((state) => stateView(model, state)) }));
  if (!expected.ok) return ok(undefined);
  for (let i = 0; i < trace.states.length; i++) {
    if (canonical(expected.trace.states[i]) !== canonical(itf.states[i])) {
      return fail('QL141', `state ${i} replays differently from the recording: the model or its configuration changed since the trace was written`);
    }
  }
  return ok(undefined);
}

/** JSON with object keys sorted, so key order in a hand-edited file does not matter. */
function canonical(value: JsonValue | undefined): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
