/**
 * The golden outputs built from the quorum model's scenarios: run the check, take the
 * counterexample, build the files. `bank` in ap mode takes most of a minute to search, so the
 * golden test rebuilds its trace by replaying the action indices of its golden ITF file instead
 * (the update script always searches).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, replay, type JsonValue, type CheckResult } from '../../explorer/index.ts';
import { buildCheckOutputs } from '../../reports/output.ts';
import { parseItf } from '../../reports/itf.ts';
import { quorumModel, type QuorumAction, type QuorumState, type QuorumConfig, findScenario } from '../../spec/index.ts';
import type { GoldenCase } from './golden-fixtures.ts';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** A scenario to pin: its name, an optional mode override, and whether the test may replay instead of search. */
interface ScenarioSpec {
  readonly name: string;
  readonly mode?: QuorumConfig['mode'];
  /** The property whose counterexample is drawn (default stale-read). */
  readonly property?: string;
  readonly replayInTest?: boolean;
}

/** The scenarios whose `check` draws a chart (the others hold), and the bank in ap mode. */
export const SPECS: readonly ScenarioSpec[] = [
  { name: 'sloppy-ghost' },
  { name: 'first-reply' },
  { name: 'bank', mode: 'ap', replayInTest: true },
  { name: 'bank', mode: 'cp', property: 'availability', replayInTest: true },
  { name: 'new-old-inversion', replayInTest: true },
];

function fileId(spec: ScenarioSpec): string {
  return spec.mode !== undefined ? `${spec.name}-${spec.mode}` : spec.name;
}

async function outputs(spec: ScenarioSpec, search: boolean): Promise<Map<string, string | Uint8Array>> {
  const scenario = findScenario(spec.name);
  if (scenario === undefined) throw new Error(`no scenario ${spec.name}`);
  const config: QuorumConfig = spec.mode !== undefined ? { ...scenario.config, mode: spec.mode } : scenario.config;
  const model = quorumModel(config);
  const configJson = JSON.parse(JSON.stringify(config)) as Record<string, JsonValue>;
  let result: CheckResult<QuorumState, QuorumAction>;
  if (search || spec.replayInTest !== true) {
    result = await check(model, { properties: [spec.property ?? 'stale-read'] });
  } else {
    const parsed = parseItf(readFileSync(join(goldenDir, `${fileId(spec)}.itf.json`), 'utf8'));
    if (!parsed.ok || parsed.trace.replay === undefined) throw new Error(`golden ITF of ${fileId(spec)}: ${parsed.ok ? 'no replay metadata' : parsed.error}`);
    const trace = replay(model, parsed.trace.replay.init, parsed.trace.replay.actionIndices);
    // Only the trace's files are compared for a replayed scenario: the statistics are not known.
    result = {
      verdict: 'violated',
      results: [{ property: spec.property ?? 'stale-read', kind: 'always', verdict: 'violated', trace }],
      stats: { states: 0, transitions: 0, depth: 0, seconds: 0, statesPerSecond: 0, peakMemoryBytes: 0, bytesPerState: 0 },
      exhaustive: false,
      collisionProbability: 0,
      strategy: 'bfs',
      symmetry: true,
      reduction: false,
    };
  }
  return buildCheckOutputs({
    result,
    model,
    source: spec.name,
    config: configJson,
    verdict: {}, options: { png: false },
  });
}

/**
 * The scenario cases. With `search` every scenario is checked; without it, those marked
 * `replayInTest` are replayed from their golden ITF, and only their trace files are compared.
 */
export function scenarioCases(options: { readonly search: boolean }): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (const spec of SPECS) {
    let built: Promise<Map<string, string | Uint8Array>> | undefined;
    const file = (name: string) => async (): Promise<string> => {
      built ??= outputs(spec, options.search);
      const content = (await built).get(name);
      if (typeof content !== 'string') throw new Error(`${fileId(spec)}: no ${name}`);
      return content;
    };
    const id = fileId(spec);
    // The ITF first: a replayed scenario reads it back before it is rewritten.
    cases.push({ file: `${id}.itf.json`, build: file('trace.itf.json') });
    cases.push({ file: `${id}.dot`, build: file('trace.dot') });
    cases.push({ file: `${id}-states.dot`, build: file('state-graph.dot') });
    // A replayed scenario has no statistics, so its report is not pinned.
    if (spec.replayInTest !== true) cases.push({ file: `${id}.md`, build: file('report.md') });
  }
  return cases;
}
