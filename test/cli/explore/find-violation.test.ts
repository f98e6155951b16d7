import { describe, expect, it } from 'vitest';
import { findViolation } from '../../../cli/explore/page/find-violation.ts';
import { ExplorerSession } from '../../../cli/explore/page/session.ts';
import { check } from '../../../explorer/index.ts';
import { quorumModel, findScenario } from '../../../spec/index.ts';
import { dieHardModel } from '../../explorer/fixtures/die-hard.ts';
import { livelockModel } from '../../explorer/fixtures/livelock.ts';

describe('findViolation: a bounded BFS from the end of a path', () => {
  it('from the initial state it finds the shortest violation, as check does', async () => {
    const outcome = await findViolation(dieHardModel(), { initIndex: 0, actionIndices: [], properties: ['big-not-4'], maxStates: 1000 });
    // The puzzle's shortest solution has 6 moves (see session.test.ts); the jugs have 4 x 6 = 24
    // states, of which BFS visits at most all.
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.property).toBe('big-not-4');
    expect(outcome.actionIndices).toHaveLength(6);
    const session = new ExplorerSession(dieHardModel());
    expect(session.load(0, outcome.actionIndices)).toBeNull();
    expect(session.statuses()[0].text).toBe('violated at step 6');
  });

  it('from a later state it counts steps from there: after filling the big jug, 5 more', async () => {
    const outcome = await findViolation(dieHardModel(), { initIndex: 0, actionIndices: [1], properties: ['big-not-4'], maxStates: 1000 });
    expect(outcome.kind === 'found' && outcome.actionIndices.length).toBe(5);
  });

  it('says none within the limit when the limit cuts the search short, and none at all when it searched everything', async () => {
    const cut = await findViolation(dieHardModel(), { initIndex: 0, actionIndices: [], properties: ['big-not-4'], maxStates: 5 });
    expect(cut).toMatchObject({ kind: 'none', exhaustive: false });
    // strict (W=2, R=2, one partition) holds for stale-read: nothing is reachable from the start.
    const strict = findScenario('strict')!;
    const model = quorumModel(strict.config);
    const holds = await findViolation(model, { initIndex: 0, actionIndices: [], properties: ['stale-read'], maxStates: 1_000_000 });
    const full = await check(model, { properties: ['stale-read'] });
    expect(holds).toEqual({ kind: 'none', exhaustive: true, states: full.stats.states });
  });

  it('sloppy-ghost: from the partition\'s step the ghost read is 10 steps away, from the initial state 11', async () => {
    const model = quorumModel(findScenario('sloppy-ghost')!.config);
    const fromStart = await findViolation(model, { initIndex: 0, actionIndices: [], properties: ['stale-read'], maxStates: 200_000 });
    expect(fromStart.kind === 'found' && fromStart.actionIndices.length).toBe(11);
    const session = new ExplorerSession(model);
    const partition = session.enabled().findIndex((a) => a.label.startsWith('partition'));
    const afterCut = await findViolation(model, { initIndex: 0, actionIndices: [partition], properties: ['stale-read'], maxStates: 200_000 });
    expect(afterCut.kind === 'found' && afterCut.actionIndices.length).toBe(10);
  });

  it('liveness: a lasso from here, its cycle counted from the path\'s initial state', async () => {
    const outcome = await findViolation(livelockModel(), { initIndex: 0, actionIndices: [0], properties: ['eventually-done'], maxStates: 100 });
    // From state 1: spin to 0, and spinning back closes the cycle at state 1 (path index 1).
    expect(outcome).toMatchObject({ kind: 'found', property: 'eventually-done' });
    if (outcome.kind !== 'found') return;
    expect(outcome.loopStart).toBeGreaterThanOrEqual(1);
    const session = new ExplorerSession(livelockModel());
    const problem = session.loadLasso({ initIndex: 0, actionIndices: [0, ...outcome.actionIndices], loopStart: outcome.loopStart!, property: 'eventually-done' });
    expect(problem).toBeNull();
    expect(session.statuses()[0].state).toBe('violated');
  });
});
