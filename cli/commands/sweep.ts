/**
 * `quorumlab sweep --n N [check options]`: every (W, R) in 1..N checked exhaustively through
 * the `check` pipeline, one row each. A sweep is a table, not a pass/fail: it exits 0 when
 * every row is decided (holds or violated), 3 when some row is inconclusive, 2 on bad input.
 */
import { join } from 'node:path';
import { defaultConfig } from '../../spec/protocols/config.ts';
import { parseCheckFlags, type CheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { configLine } from '../args/config.ts';
import { ExitCode, fail, ok, type Result } from '../errors.ts';
import { formatSweepTable, sweepJson, sweepMarkdown, type Sweep, type SweepRow } from '../format/sweep-table.ts';
import { colours } from '../format/summary.ts';
import type { CommandIo } from '../io.ts';
import { runCheckTarget } from '../lesson/run-check.ts';
import { configJson, quorumTarget, type CheckTarget } from '../load/target.ts';
import { replaceFiles, writeFiles } from '../output-files.ts';
import { CHECK_OUTPUT_NAMES } from './check.ts';
import { listenForInterrupts } from '../search/interrupts.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The properties a sweep checks when `--property` is not given. */
export const SWEEP_PROPERTIES: readonly string[] = ['stale-read', 'linearizable'];

/** The directory of row (W, R) under `--out`. */
export function rowDir(w: number, r: number): string {
  return `w${w}-r${r}`;
}

interface PlannedRow {
  readonly w: number;
  readonly r: number;
  readonly target: CheckTarget;
}

/** Every row's target, validated before any search runs, so a bad input stops the sweep with nothing written. */
export function planSweep(flags: CheckFlags): Result<{ readonly n: number; readonly rows: readonly PlannedRow[] }> {
  const n = flags.overrides.n;
  if (n === undefined) return fail('QL102', 'sweep needs --n N, the number of home replicas (e.g. quorumlab sweep --n 3)');
  const properties = flags.properties ?? SWEEP_PROPERTIES;
  const rows: PlannedRow[] = [];
  for (let w = 1; w <= n; w++) {
    for (let r = 1; r <= n; r++) {
      const target = quorumTarget({ kind: 'default' }, defaultConfig, 'the default configuration', properties, {
        overrides: { ...flags.overrides, w, r },
        overrideFlags: flags.overrideFlags,
      });
      if (!target.ok) return target;
      rows.push({ w, r, target: target.value });
    }
  }
  return ok({ n, rows });
}

/** Runs `sweep` with the raw flags commander collected. */
export async function runSweep(raw: RawCheckFlags, io: CommandIo): Promise<CommandOutcome> {
  const interrupts = listenForInterrupts();
  try {
    const flags = parseCheckFlags(raw);
    if (!flags.ok) return finish(io, flags);
    const plan = planSweep(flags.value);
    if (!plan.ok) return finish(io, plan);
    const properties = flags.value.properties ?? SWEEP_PROPERTIES;
    const out = flags.value.out;

    const rows: SweepRow[] = [];
    const rowFiles = new Map<string, ReadonlyMap<string, string | Uint8Array>>();
    let interrupted = false;
    const showProgress = io.stderrIsTTY && !flags.value.json;
    for (const [k, planned] of plan.value.rows.entries()) {
      // The table is printed once aligned, at the end: on a terminal, say which row is running.
      if (showProgress) io.err(`sweep: W=${planned.w} R=${planned.r} (${k + 1} of ${plan.value.rows.length})\n`);
      const run = await runCheckTarget(
        planned.target,
        properties,
        { search: flags.value, files: out !== undefined, showProgress, interrupts },
        io,
      );
      if (!run.ok) return finish(io, run);
      const { verdicts, states, seconds, shortestCounterexample, files, verdict } = run.value;
      const dir = rowDir(planned.w, planned.r);
      const keep = files !== null && verdict === 'violated';
      if (keep) rowFiles.set(dir, files);
      rows.push({
        w: planned.w,
        r: planned.r,
        intersects: planned.w + planned.r > plan.value.n,
        verdicts,
        states,
        seconds,
        counterexampleLength: shortestCounterexample,
        ...(keep ? { dir, diagram: files.has('trace.svg') } : {}),
      });
      if (run.value.interrupted) {
        interrupted = true;
        break;
      }
    }

    const first = plan.value.rows[0].target;
    const { w: _w, r: _r, ...shared } = configJson(first.quorumConfig ?? defaultConfig);
    const sweep: Sweep = {
      n: plan.value.n,
      config: shared,
      configLine: configLine(first.quorumConfig ?? defaultConfig).replace(/ W=\d+ R=\d+/, ' W,R swept'),
      properties,
      rows,
      interrupted,
    };
    if (out !== undefined) {
      for (const [dir, files] of rowFiles) {
        const written = await replaceFiles(join(out, dir), files, CHECK_OUTPUT_NAMES);
        if (!written.ok) return finish(io, written);
      }
      const page = await writeFiles(out, new Map([['sweep.md', sweepMarkdown(sweep)]]));
      if (!page.ok) return finish(io, page);
    }
    io.out(flags.value.json ? `${JSON.stringify(sweepJson(sweep), null, 2)}\n` : formatSweepTable(sweep, colours(io.stdoutIsTTY)));
    const undecided = interrupted || rows.some((row) => Object.values(row.verdicts).includes('inconclusive'));
    return { exitCode: undecided ? ExitCode.inconclusive : ExitCode.holds };
  } finally {
    interrupts.dispose();
  }
}
