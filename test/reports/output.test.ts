import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, replay, type Model } from '../../explorer/index.ts';
import { buildCheckOutputs, writeOutputs } from '../../reports/output.ts';
import { parseItf, ACTION_TAKEN } from '../../reports/itf.ts';
import { parseDot } from './dot-parse.ts';
import { bareGhostModel, ghostConfig, ghostModel } from './fixtures/ghost-model.ts';
import { ghostActionLabels, ghostStates, ghostSteps } from './fixtures/sloppy-ghost.ts';
import type { ScriptedAction, ScriptedState } from './fixtures/scripted-model.ts';

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((d) => rm(d, { recursive: true, force: true })));
});

async function outputsOf(model: Model<ScriptedState, ScriptedAction>, png = false) {
  const result = await check(model);
  return buildCheckOutputs({ result, model, source: 'sloppy-ghost', config: ghostConfig, verdict: {}, options: { png } });
}

function text(files: Map<string, string | Uint8Array>, name: string): string {
  const content = files.get(name);
  if (typeof content !== 'string') throw new Error(`${name} is not text`);
  return content;
}

describe('buildCheckOutputs on a violation', () => {
  it('builds verdict.json, the trace in ITF, DOT and SVG, the report, and a PNG on request', async () => {
    const files = await outputsOf(ghostModel, true);
    expect([...files.keys()].sort()).toEqual([
      'report.md',
      'state-graph.dot',
      'state-graph.png',
      'state-graph.svg',
      'trace.dot',
      'trace.itf.json',
      'trace.png',
      'trace.svg',
      'verdict.json',
    ]);
    const png = files.get('trace.png');
    expect(png instanceof Uint8Array && [...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(text(files, 'trace.svg')).toContain('<svg');
    expect((await outputsOf(ghostModel)).has('trace.png')).toBe(false);
    expect((await outputsOf(ghostModel)).has('state-graph.png')).toBe(false);
    // The ghost script has 20 states: small enough to be drawn whole.
    expect(text(files, 'state-graph.dot')).toContain('the whole state graph, 20 states');
  });

  it('writes the verdict object it is given as verdict.json, as it is', async () => {
    const result = await check(ghostModel);
    const verdict = { verdict: 'violated', property: 'stale-read', note: 'the caller decides this shape' };
    const files = await buildCheckOutputs({ result, model: ghostModel, source: 'x', config: {}, verdict, options: { png: false } });
    expect(JSON.parse(text(files, 'verdict.json'))).toEqual(verdict);
    expect(text(files, 'report.md')).not.toMatch(/seconds/);
  });

  it('writes an ITF trace that replays to the same states', async () => {
    const parsed = parseItf(text(await outputsOf(ghostModel), 'trace.itf.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    const meta = parsed.trace.replay;
    expect(meta?.source).toBe('sloppy-ghost');
    expect(meta?.config).toEqual(ghostConfig);
    const replayed = replay(ghostModel, meta?.init ?? -1, meta?.actionIndices ?? []);
    expect(replayed.states.map((s) => ghostModel.describe?.state?.(s))).toEqual(ghostStates);
    expect(parsed.trace.states.map(({ [ACTION_TAKEN]: _, ...view }) => view)).toEqual(ghostStates);
  });

  it('narrates every step and ends with the explanation', async () => {
    const report = text(await outputsOf(ghostModel), 'report.md');
    for (let i = 0; i < ghostSteps.length; i++) expect(report).toContain(`- **Step ${i + 1}:** ${ghostSteps[i].narration}`);
    expect(report).toContain('![sequence diagram of the counterexample](trace.svg)');
    expect(report).toMatch(/## What went wrong\n\nRead by C2 returned 0/);
    expect(report).toContain('| quorum | sloppy |');
  });

  it('is byte-identical across two runs', async () => {
    const first = await outputsOf(ghostModel, true);
    const second = await outputsOf(ghostModel, true);
    for (const [name, content] of first) expect(Buffer.from(second.get(name) ?? '').equals(Buffer.from(content)), name).toBe(true);
  });

  it('draws a model without describe hooks as a one-lane chart of its action labels', async () => {
    const files = await outputsOf(bareGhostModel);
    const dot = parseDot(text(files, 'trace.dot'));
    expect([...dot.nodes.keys()].filter((id) => id.endsWith('_h'))).toEqual(['trace_h']);
    expect(dot.nodes.get('trace_s2')?.label).toBe(ghostActionLabels[1]);
    const parsed = parseItf(text(files, 'trace.itf.json'));
    expect(parsed.ok && parsed.trace.states[2].state).toEqual({ step: 2, alt: false });
  });
});

describe('buildCheckOutputs when the property holds', () => {
  const safe: Model<ScriptedState, ScriptedAction> = {
    ...ghostModel,
    properties: [{ name: 'stale-read', kind: 'always', check: () => true }],
  };

  it('writes only verdict.json and report.md, with the coverage', async () => {
    const result = await check(safe);
    const files = await buildCheckOutputs({ result, model: safe, source: 'safe', config: { n: 3 }, verdict: {}, options: { png: true } });
    expect([...files.keys()].sort()).toEqual(['report.md', 'verdict.json']);
    const report = text(files, 'report.md');
    expect(report).toContain('`stale-read` holds');
    // 14 path states and 6 alternatives (at the odd steps 1..11): 20 distinct states.
    expect(report).toContain('- **States:** 20 distinct, 19 transitions, depth 13');
    expect(report).toContain('- **Fingerprint collision probability:**');
    expect(report).toContain('- **Bounds:** none (the whole reachable state space)');
  });
});

describe('buildCheckOutputs for an example of a sometimes property', () => {
  const witnessed: Model<ScriptedState, ScriptedAction> = {
    ...ghostModel,
    properties: [{ name: 'healed', kind: 'sometimes', check: (s) => s.step === 8 && !s.alt }],
  };

  it('draws the example without a violation and files it under example', async () => {
    const result = await check(witnessed);
    const files = await buildCheckOutputs({ result, model: witnessed, source: 'ex', config: {}, verdict: {}, options: { png: false } });
    // The first state where step 8 (the heal) has been taken: 8 steps.
    const itf = parseItf(text(files, 'trace.itf.json'));
    expect(itf.ok && itf.trace.replay?.actionLabels).toEqual(ghostActionLabels.slice(0, 8));
    const dot = parseDot(text(files, 'trace.dot'));
    expect(dot.nodes.has('note')).toBe(false);
    expect([...dot.nodes.values()].some((a) => a.fillcolor === '#fecaca')).toBe(false);
    expect(text(files, 'report.md')).toContain('# ex: `healed` has an example');
    expect(text(files, 'report.md')).toContain('## The example (8 steps)');
  });
});

describe('writeOutputs', () => {
  it('creates the folder and writes every file, leaving no temporary file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'quorumlab-out-'));
    temporary.push(root);
    const dir = join(root, 'a', 'b');
    await writeOutputs(dir, new Map<string, string | Uint8Array>([['x.txt', 'hello\n'], ['y.bin', new Uint8Array([1, 2, 3])]]));
    expect((await readdir(dir)).sort()).toEqual(['x.txt', 'y.bin']);
    expect(await readFile(join(dir, 'x.txt'), 'utf8')).toBe('hello\n');
    expect([...(await readFile(join(dir, 'y.bin')))]).toEqual([1, 2, 3]);
  });

  it('replaces files in place and cleans up when a write fails', async () => {
    const root = await mkdtemp(join(tmpdir(), 'quorumlab-out-'));
    temporary.push(root);
    await writeFile(join(root, 'x.txt'), 'old');
    await writeOutputs(root, new Map([['x.txt', 'new']]));
    expect(await readFile(join(root, 'x.txt'), 'utf8')).toBe('new');
    // A name with a folder is refused before anything is written.
    await expect(writeOutputs(root, new Map([['ok.txt', 'fine'], ['sub/z.txt', 'no']]))).rejects.toThrow(/plain file name, got 'sub\/z.txt'/);
    expect((await readdir(root)).sort()).toEqual(['x.txt']);
    // A file cannot be renamed onto a folder: the write fails and no temporary file is left.
    await mkdir(join(root, 'blocked'));
    await expect(writeOutputs(root, new Map([['blocked', 'x']]))).rejects.toThrow();
    expect((await readdir(root)).sort()).toEqual(['blocked', 'x.txt']);
  });
});
