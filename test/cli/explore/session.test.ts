import { describe, expect, it } from 'vitest';
import { ExplorerSession } from '../../../cli/explore/page/session.ts';
import { check } from '../../../explorer/index.ts';
import { quorumModel, findScenario } from '../../../spec/index.ts';
import { dieHardModel } from '../../explorer/fixtures/die-hard.ts';
import { livelockModel } from '../../explorer/fixtures/livelock.ts';

// The die-hard moves by index: fill-small 0, fill-big 1, empty-small 2, empty-big 3, small-to-big 4, big-to-small 5.
// The classic solution: fill the big jug, pour it into the small one, empty the small one, pour
// again (big 5 -> 2 -> small 2), fill the big one, top up the small one: big holds 4 (6 steps).
const SOLUTION = [1, 5, 2, 5, 1, 5];

describe('ExplorerSession: moving along a path', () => {
  it('starts at the initial state with the model\'s actions, labelled as the CLI labels them', () => {
    const session = new ExplorerSession(dieHardModel());
    expect(session.position).toBe(0);
    expect(session.current()).toEqual({ small: 0, big: 0 });
    // The fixture has no describe hooks: the CLI prints a bare string action as itself.
    expect(session.enabled().map((a) => a.label)).toEqual(['fill-small', 'fill-big', 'empty-small', 'empty-big', 'small-to-big', 'big-to-small']);
  });

  it('takes actions, goes back and forward, and a different action drops the forward history', () => {
    const session = new ExplorerSession(dieHardModel());
    session.take(1);
    session.take(5);
    expect(session.current()).toEqual({ small: 3, big: 2 });
    expect(session.back()).toBe(true);
    expect(session.current()).toEqual({ small: 0, big: 5 });
    expect(session.length).toBe(2);
    expect(session.forward()).toBe(true);
    expect(session.current()).toEqual({ small: 3, big: 2 });
    expect(session.forward()).toBe(false);

    session.goTo(1);
    // Taking the step the forward history holds keeps it.
    session.take(5);
    expect(session.length).toBe(2);
    session.goTo(1);
    // Another action starts a new branch: the old step 2 is gone.
    session.take(3);
    expect(session.actionIndices).toEqual([1, 3]);
    expect(session.current()).toEqual({ small: 0, big: 0 });
    expect(session.forward()).toBe(false);

    session.goTo(0);
    expect(session.back()).toBe(false);
    session.restart();
    expect(session.length).toBe(0);
  });

  it('refuses an action that is not enabled, and a path that does not replay, changing nothing', () => {
    const session = new ExplorerSession(dieHardModel());
    expect(() => { session.take(6); }).toThrow(/action 6 is not enabled \(6 are\)/);
    session.take(0);
    expect(session.load(0, [1, 9])).toEqual({ step: 2, message: 'step 2: action 9 is not enabled (6 are)' });
    expect(session.load(1, [])).toEqual({ step: 0, message: 'initial state 1 out of range (the model has 1)' });
    expect(session.actionIndices).toEqual([0]);
    expect(session.position).toBe(1);
  });
});

describe('ExplorerSession: property statuses on the path so far', () => {
  it('an invariant holds so far, then is violated at the step that breaks it; a sometimes property is witnessed there', () => {
    const session = new ExplorerSession(dieHardModel());
    expect(session.statuses().map((s) => s.text)).toEqual(['holds in the initial state', 'not witnessed yet']);
    expect(session.load(0, SOLUTION, 5)).toBeNull();
    expect(session.statuses().map((s) => s.text)).toEqual(['holds so far (5 steps)', 'not witnessed yet']);
    session.forward();
    expect(session.current()).toEqual({ small: 3, big: 4 });
    expect(session.statuses().map((s) => [s.state, s.step, s.text])).toEqual([
      ['violated', 6, 'violated at step 6'],
      ['witnessed', 6, 'witnessed at step 6'],
    ]);
    expect(session.firstViolation()).toEqual({ property: 'big-not-4', step: 6 });
    // The status is about the path up to the current state.
    session.back();
    expect(session.firstViolation()).toBeNull();
  });

  it('liveness: true or false in this state; violated by a loaded lasso followed to its end, or at a dead end', () => {
    const session = new ExplorerSession(livelockModel());
    expect(session.statuses().map((s) => s.text)).toEqual(['not reached yet', 'false in this state']);
    // spin, spin, back to state 0: the lasso loops from state 0.
    expect(session.loadLasso({ initIndex: 0, actionIndices: [0], loopStart: 0, property: 'eventually-done' })).toBeNull();
    expect(session.statuses().map((s) => s.text)).toEqual(['violated: from step 0 the path loops forever without reaching it', 'false in this state']);
    session.back();
    expect(session.statuses()[0].text).toBe('not reached yet');

    const stuck = new ExplorerSession(livelockModel({ stuck: true }));
    stuck.take(1);
    expect(stuck.enabled()).toEqual([]);
    expect(stuck.statuses().map((s) => s.state)).toEqual(['violated', 'violated']);
    const escapes = new ExplorerSession(livelockModel());
    escapes.take(1);
    expect(escapes.statuses().map((s) => s.text)).toEqual(['reached at step 1', 'true in this state']);
  });

  it('the quorum model: the sloppy-ghost counterexample violates stale-read at step 11, as check says, with the CLI\'s labels', async () => {
    const scenario = findScenario('sloppy-ghost')!;
    const model = quorumModel(scenario.config);
    const result = await check(model, { properties: ['stale-read'] });
    const trace = result.results[0].trace!;
    const session = new ExplorerSession(model, ['stale-read', 'linearizable']);
    expect(session.enabled().map((a) => a.label)).toEqual(['C1 invokes write(1)', 'C2 invokes read', 'partition {R1,S1,C1} | {R2,R3,C2}']);
    expect(session.load(0, trace.actionIndices)).toBeNull();
    expect(session.statuses().map((s) => `${s.name}: ${s.text}`)).toEqual(['stale-read: violated at step 11', 'linearizable: violated at step 11']);
    expect(session.labelOf(2)).toBe('C1 invokes write(1)');
    expect(session.labelOf(11)).toBe('deliver reply 0 v0 R3->C2');
  });
});
