import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BANK_SIZE, bankBranches } from '../../cli/lesson/steps.ts';
import { chartGeometry, geometryProblems } from '../reports/chart-geometry.ts';
import { lines, quorumlab, scratch } from './run-cli.ts';

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

interface LessonJson {
  out: string;
  ok: boolean;
  steps: {
    name: string;
    ok: boolean;
    diagram: string | null;
    page: string | null;
    table?: { corner: string; columns: string[]; rows: { label: string; runs: string[] }[]; conclusion: string | null };
    runs: {
      id: string;
      command: string;
      dir: string;
      expected: Record<string, string>;
      verdicts: Record<string, string>;
      matched: boolean;
      states: number | null;
      diagram: string | null;
    }[];
  }[];
}

/** The article's order, as the lesson's brief lists it. */
const STEPS = ['overlap', 'lww-holds', 'first-reply', 'tunable', 'bank', 'more-servers', 'sloppy-ghost', 'healing', 'abd'];

/**
 * The words of a printed command, for re-running it without a shell. The lesson's commands
 * quote nothing (no word needs it), which this also checks.
 */
function words(command: string): string[] {
  expect(command).not.toMatch(/['"\\]/);
  const [program, ...rest] = command.split(' ');
  expect(program).toBe('quorumlab');
  return rest;
}

describe('quorumlab lesson', () => {
  it('runs every step, writes index.md, each step\'s diagram and a PNG beside every SVG, and exits by whether every claim checked out', { timeout: 300_000 }, async () => {
    const dir = scratch();
    const run = await quorumlab(['lesson', '--json', '--png', '--out', 'lesson'], { cwd: dir });
    const lesson = JSON.parse(run.stdout) as LessonJson;
    expect(run.code, run.stderr).toBe(lesson.ok ? 0 : 1);
    expect(lesson.ok).toBe(true);
    expect(lesson.steps.map((step) => step.name)).toEqual(STEPS);
    const out = join(dir, 'lesson');
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    for (const step of lesson.steps) {
      expect(step.diagram, step.name).not.toBeNull();
      expect(existsSync(join(dir, step.diagram ?? '')), step.diagram ?? '').toBe(true);
      expect(index).toContain(`](${relative('lesson', step.diagram ?? '')})`);
      // Every step but the quorum enumeration has a model to step through: its explorer page sits beside its diagram.
      if (step.name === 'overlap') {
        expect(step.page).toBeNull();
      } else {
        expect(step.page, step.name).toBe(join('lesson', relative('lesson', step.diagram ?? '').replace(/trace\.svg$/, 'explore.html')));
        const page = readFileSync(join(dir, step.page ?? ''), 'utf8');
        expect(page.startsWith('<!doctype html>')).toBe(true);
        expect(page).toContain('"command":"quorumlab explore ');
        expect(index).toContain(`[Step through it yourself](${relative('lesson', step.page ?? '')})`);
      }
      for (const runOutcome of step.runs) {
        expect(readdirSync(join(dir, runOutcome.dir)).length, runOutcome.dir).toBeGreaterThan(0);
        expect(index).toContain(runOutcome.command);
        for (const [property, verdict] of Object.entries(runOutcome.expected)) {
          expect(runOutcome.verdicts[property], `${step.name}/${runOutcome.id} ${property}`).toBe(verdict);
        }
        expect(runOutcome.matched).toBe(Object.entries(runOutcome.expected).every(([property, verdict]) => runOutcome.verdicts[property] === verdict));
      }
      expect(step.ok).toBe(step.runs.every((runOutcome) => runOutcome.matched));
    }
    expect(lesson.ok).toBe(lesson.steps.every((step) => step.ok));
    // index.md is in the article's order.
    const positions = STEPS.map((name) => index.indexOf(`(\`${name}\`)`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    // --png: a PNG beside every SVG (charts, state graphs, the overlap drawing), and every command says --png.
    const files = filesUnder(out);
    const svgs = files.filter((name) => name.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(20);
    for (const svg of svgs) expect(files, svg).toContain(svg.replace(/\.svg$/, '.png'));
    for (const step of lesson.steps) for (const runOutcome of step.runs) expect(runOutcome.command).toContain(' --png');

    // Every sequence chart the lesson draws: no arrow through another box, no label on a box, table or label.
    for (const chart of files.filter((name) => name.endsWith('trace.dot'))) {
      expect(geometryProblems(await chartGeometry(readFileSync(join(out, chart), 'utf8'))), chart).toEqual([]);
    }

    // The bank at the size BANK_SIZE picks; at five branches, the state count it is picked by.
    const bank = lesson.steps.find((step) => step.name === 'bank');
    expect(bank?.runs.every((runOutcome) => runOutcome.command.includes('--n 2')) ?? false).toBe(bankBranches === 2);
    if (bankBranches === 5) expect(bank?.runs.reduce((sum, runOutcome) => sum + (runOutcome.states ?? 0), 0)).toBe(BANK_SIZE.fiveBranchStates);

    // More servers: one table, a row per size, each mode violating one property, and the conclusion.
    const more = lesson.steps.find((step) => step.name === 'more-servers');
    expect(more?.table?.rows.map((row) => row.label)).toEqual(['3', '5', '7']);
    for (const row of more?.table?.rows ?? []) {
      const [cp, ap] = row.runs.map((id) => more?.runs.find((runOutcome) => runOutcome.id === id));
      expect(cp?.verdicts).toEqual({ availability: 'violated' });
      expect(ap?.verdicts).toEqual({ 'stale-read': 'violated' });
      expect(cp?.command).toContain(`--n ${row.label}`);
      expect(ap?.command).toContain(`--n ${row.label}`);
    }
    expect(more?.table?.conclusion).toBe('At every size a storm forces the choice: there is no option C.');
    expect(index).toContain('| N | cp: refuse without a strict quorum | ap: sloppy quorum, never refuse |');
  });

  it('one step: its claim, its commands and verdicts; each printed command re-runs to the same verdict', async () => {
    const dir = scratch();
    const run = await quorumlab(['lesson', 'healing', '--out', 'out'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('8/9  healing: Hinted handoff and anti-entropy converge');
    expect(run.stdout).toContain('diagram: out/healing/trace.svg');
    expect(existsSync(join(dir, 'out', 'healing', 'trace.svg'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'index.md'))).toBe(false);
    const commands = lines(run.stdout)
      .filter((line) => line.trim().startsWith('$ quorumlab '))
      .map((line) => line.trim().slice(2));
    expect(commands).toHaveLength(2);
    const verdicts = lines(run.stdout)
      .filter((line) => /^\s+ok\s/.test(line))
      .map((line) => (/convergence (HOLDS|VIOLATED)/.exec(line) ?? [])[1]);
    expect(verdicts).toEqual(['HOLDS', 'VIOLATED']);
    const again = join(scratch(), 'again');
    for (const [i, command] of commands.entries()) {
      const rerun = await quorumlab([...words(command).filter((word, j, all) => word !== '--out' && all[j - 1] !== '--out'), '--json', '--out', join(again, String(i))], { cwd: dir });
      const checked = JSON.parse(rerun.stdout) as { verdict: string };
      expect(checked.verdict.toUpperCase(), command).toBe(verdicts[i]);
      expect(rerun.code).toBe(verdicts[i] === 'HOLDS' ? 0 : 1);
    }
  });

  it('bad input: one line, exit 2, nothing written', async () => {
    const cases = [
      [['lesson', 'nope'], /unknown lesson step 'nope'; known: overlap, lww-holds/],
      [['lesson', 'abd', 'bank'], /too many arguments/],
      [['lesson', '--frobnicate'], /unknown option '--frobnicate'/],
    ] as const;
    await Promise.all(
      cases.map(async ([args, pattern]) => {
        const dir = scratch();
        const run = await quorumlab([...args, '--out', 'out'], { cwd: dir });
        expect(run.code, run.stderr).toBe(2);
        expect(run.stdout).toBe('');
        expect(lines(run.stderr)).toHaveLength(1);
        expect(run.stderr).toMatch(pattern);
        expect(readdirSync(dir)).toEqual([]);
      }),
    );
  });
});
