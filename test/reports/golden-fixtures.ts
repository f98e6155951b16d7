/**
 * The golden outputs built from the hand-written fixtures: each case names its file under
 * `test/reports/golden/` and builds its content. `update-golden.ts` writes them; `golden.test.ts`
 * compares.
 */
import { check } from '../../explorer/index.ts';
import { buildCheckOutputs } from '../../reports/output.ts';
import { sequenceDiagram } from '../../reports/sequence.ts';
import { stateGraph, traceNeighbourhood } from '../../reports/state-graph.ts';
import { crashLasso } from './fixtures/crash-lasso.ts';
import { ghostConfig, ghostModel } from './fixtures/ghost-model.ts';
import { ghostActionLabels, ghostLanes, ghostSteps, ghostViolation } from './fixtures/sloppy-ghost.ts';

/** One golden file and how to build it. */
export interface GoldenCase {
  readonly file: string;
  readonly build: () => Promise<string>;
}

/** The ghost script's check outputs, built once and shared by its cases. */
let ghostOutputs: Promise<Map<string, string | Uint8Array>> | undefined;
function ghostFiles(): Promise<Map<string, string | Uint8Array>> {
  ghostOutputs ??= check(ghostModel).then((result) =>
    buildCheckOutputs({ result, model: ghostModel, source: 'ghost-script', config: ghostConfig, verdict: {}, options: { png: false } }),
  );
  return ghostOutputs;
}

async function ghostFile(name: string): Promise<string> {
  const content = (await ghostFiles()).get(name);
  if (typeof content !== 'string') throw new Error(`no ${name} in the outputs`);
  return content;
}

export const fixtureCases: readonly GoldenCase[] = [
  {
    file: 'fixture-ghost.dot',
    build: () =>
      Promise.resolve(sequenceDiagram({ lanes: ghostLanes, steps: ghostSteps, actionLabels: ghostActionLabels, violation: ghostViolation, title: 'sloppy ghost' })),
  },
  { file: 'fixture-crash-lasso.dot', build: () => Promise.resolve(sequenceDiagram(crashLasso)) },
  { file: 'fixture-ghost-check.dot', build: () => ghostFile('trace.dot') },
  { file: 'fixture-ghost-check.itf.json', build: () => ghostFile('trace.itf.json') },
  { file: 'fixture-ghost-check.md', build: () => ghostFile('report.md') },
  {
    file: 'fixture-ghost-states.dot',
    build: async () => {
      const result = await check(ghostModel);
      const trace = result.results[0].trace;
      if (trace === null) throw new Error('no counterexample');
      return stateGraph(traceNeighbourhood(ghostModel, trace));
    },
  },
];
