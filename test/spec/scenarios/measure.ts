/**
 * Measures every scenario with its default properties (and `bank` in ap mode): verdict per
 * property, distinct states, seconds, counterexample length. Not a test (timings vary with
 * the machine); run with `npx tsx test/spec/scenarios/measure.ts [scenario-name ...]`.
 */
import { check } from '../../../explorer/index.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import { findScenario, scenarios } from '../../../spec/scenarios/index.ts';

const runs: { name: string; config: QuorumConfig; properties: readonly string[] }[] = scenarios.map((s) => ({ name: s.name, config: s.config, properties: s.properties }));
runs.splice(1, 0, { name: 'bank --mode ap', config: { ...findScenario('bank')!.config, mode: 'ap' }, properties: findScenario('bank')!.properties });

const wanted = process.argv.slice(2);
for (const run of runs) {
  if (wanted.length > 0 && !wanted.includes(run.name.split(' ')[0])) continue;
  const result = await check(quorumModel(run.config), { properties: run.properties });
  const verdicts = result.results.map((r) => `${r.property} ${r.verdict}${r.trace === null ? '' : ` (counterexample ${r.trace.actions.length} steps)`}`);
  console.log(`${run.name}: ${verdicts.join(', ')}; ${result.stats.states} states, ${result.stats.seconds.toFixed(1)} s, symmetry ${result.symmetry ? 'on' : 'off'}`);
}
