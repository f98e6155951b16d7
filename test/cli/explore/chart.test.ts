import { describe, expect, it } from 'vitest';
import { pathChart } from '../../../cli/explore/page/chart.ts';
import { ExplorerSession } from '../../../cli/explore/page/session.ts';
import { check } from '../../../explorer/index.ts';
import { buildCheckOutputs, chartTitle } from '../../../reports/index.ts';
import { quorumModel, findScenario } from '../../../spec/index.ts';

describe('the page\'s chart of the path so far', () => {
  it('is the static chart, byte for byte, when the path is the counterexample check wrote', async () => {
    const scenario = findScenario('sloppy-ghost')!;
    const model = quorumModel(scenario.config);
    const result = await check(model, { properties: ['stale-read'] });
    const files = await buildCheckOutputs({ result, model, source: 'sloppy-ghost', config: { ...scenario.config }, verdict: {}, options: { png: false } });
    const session = new ExplorerSession(model, ['stale-read']);
    expect(session.load(0, result.results[0].trace!.actionIndices)).toBeNull();
    const violation = session.firstViolation()!;
    const title = chartTitle('sloppy-ghost', model.describe?.summary?.(), 'stale-read violated');
    const chart = pathChart(model, session.trace(), { title, violation });
    expect(chart.dot).toBe(files.get('trace.dot'));
  });

  it('marks a violation in the middle of a longer path with the model\'s explanation of the prefix that ends there', async () => {
    const model = quorumModel(findScenario('sloppy-ghost')!.config);
    const result = await check(model, { properties: ['stale-read'] });
    const session = new ExplorerSession(model, ['stale-read']);
    session.load(0, result.results[0].trace!.actionIndices);
    const heal = session.enabled().findIndex((a) => a.label === 'heal');
    session.take(heal);
    const violation = session.firstViolation()!;
    expect(violation).toEqual({ property: 'stale-read', step: 11 });
    const chart = pathChart(model, session.trace(), { title: 't', violation });
    const prefix = pathChart(model, { ...session.trace(), states: session.trace().states.slice(0, 12), actions: session.trace().actions.slice(0, 11) }, { title: 't', violation });
    expect(chart.explanation).toBe(prefix.explanation);
    expect(chart.explanation).toMatch(/R2/);
    expect(chart.dot).toContain('stale-read violated');
    expect(chart.described.actionLabels).toHaveLength(12);
  });
});
