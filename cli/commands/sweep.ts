/**
 * `quorumlab sweep --n N [check options]`: every (W, R) in 1..N checked exhaustively through
 * the `check` pipeline, one row each. A sweep is a table, not a pass/fail: it exits 0 when
 * every row is decided (holds or violated), 3 when some row is inconclusive, 2 on bad input.
 */
import { join } from 'node:path';
import { parseOps, type ClientScript, defaultConfig } from '../../spec/index.ts';
import { parseCheckFlags, type CheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { configLine } from '../args/config.ts';
import { ExitCode, fail, ok, type Result } from '../errors.ts';
import { formatSweepTable, sweepJson, sweepMarkdown, type Sweep, type SweepRow } from '../format/sweep-table.ts';
import { colours } from '../format/summary.ts';
import type { CommandIo } from '../io.ts';
import { runPreparedCheck, type PreparedCheck } from '../lesson/run-check.ts';
import { configJson, quorumTarget } from '../load/target.ts';
import { writeFiles } from '../output-files.ts';
import { writeCheckFiles } from '../outputs/check-outputs.ts';
import { CHECK_OUTPUT_FILES } from '../../reports/index.ts';
import { CheckHost } from '../search/check-host.ts';
import { listenForInterrupts } from '../search/interrupts.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The properties a sweep checks when `--property` is not given. */
export const SWEEP_PROPERTIES: readonly string[] = ['stale-read', 'linearizable'];

/**
 * The client scripts a sweep checks when `--ops` is not given: one write, and a client that
 * reads twice. With a single read, `linearizable` cannot differ from `stale-read` (atomicity
 * differs from regularity only by a new value read before an old one), and a table where both
 * hold above W + R > N would teach the opposite of ABD's lesson.
 */
export const SWEEP_OPS = 'w1;r,r';

/** The directory of row (W, R) under `--out`. */
export function rowDir(w: number, r: number): string {
  return `w${w}-r${r}`;
}

interface PlannedRow {
  readonly w: number;
  readonly r: number;
  /** The row's check: `check --w W --r R` with the sweep's other flags. */
  readonly check: PreparedCheck;
}

/** Every row's target, validated before any search runs, so a bad input stops the sweep with nothing written. */
export function planSweep(flags: CheckFlags): Result<{ readonly n: number; readonly rows: readonly PlannedRow[] }> {
  const n = flags.overrides.n;
  if (n === undefined) return fail('QL102', 'sweep needs --n N, the number of home replicas (e.g. quorumlab sweep --n 3)');
  const properties = flags.properties ?? SWEEP_PROPERTIES;
  const ops = flags.overrides.ops ?? sweepOps();
  const rows: PlannedRow[] = [];
  for (let w = 1; w <= n; w++) {
    for (let r = 1; r <= n; r++) {
      const overrides = { ...flags.overrides, ops, w, r };
      const overrideFlags = new Map([...flags.overrideFlags, ['ops', '--ops'], ['w', '--w'], ['r', '--r']] as const);
      const target = quorumTarget({ kind: 'default' }, defaultConfig, 'the default configuration', properties, { overrides, overrideFlags });
      if (!target.ok) return target;
      rows.push({ w, r, check: { words: [], targetName: undefined, target: target.value, flags: { ...flags, overrides, overrideFlags, properties }, properties } });
    }
  }
  return ok({ n, rows });
}

function sweepOps(): ClientScript[] {
  const parsed = parseOps(SWEEP_OPS);
  if (!parsed.ok) throw new Error(`the sweep's default script does not parse: ${parsed.error}`);
  return parsed.scripts;
}

/** Whether `scripts` read fewer than twice in all. */
function readsOnce(scripts: readonly ClientScript[]): boolean {
  return scripts.flat().filter((op) => op.kind === 'read').length < 2;
}

/** Runs `sweep` with the raw flags commander collected. */
export async function runSweep(raw: RawCheckFlags, io: CommandIo): Promise<CommandOutcome> {
  const interrupts = listenForInterrupts();
  let host: CheckHost | undefined;
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
    host = new CheckHost({ maxMemoryBytes: flags.value.limits.maxMemoryBytes });
    const context = { host, interrupts, io, showProgress };
    for (const [k, planned] of plan.value.rows.entries()) {
      // The table is printed once aligned, at the end: on a terminal, say which row is running.
      if (showProgress) io.err(`sweep: W=${planned.w} R=${planned.r} (${k + 1} of ${plan.value.rows.length})\n`);
      const run = await runPreparedCheck(planned.check, { files: out !== undefined }, context);
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
        ...(keep ? { dir, diagram: files.has(CHECK_OUTPUT_FILES.traceSvg) } : {}),
      });
      if (run.value.interrupted) {
        interrupted = true;
        break;
      }
    }

    const first = plan.value.rows[0].check.target;
    const { w: _w, r: _r, ...shared } = configJson(first.quorumConfig ?? defaultConfig);
    const sweep: Sweep = {
      n: plan.value.n,
      config: shared,
      configLine: configLine(first.quorumConfig ?? defaultConfig).replace(/ W=\d+ R=\d+/, ' W,R swept'),
      properties,
      rows,
      interrupted,
      oneRead: properties.includes('stale-read') && properties.includes('linearizable') && readsOnce(first.quorumConfig?.ops ?? []),
    };
    if (out !== undefined) {
      for (const [dir, files] of rowFiles) {
        const written = await writeCheckFiles(join(out, dir), files);
        if (!written.ok) return finish(io, written);
      }
      const page = await writeFiles(out, new Map([['sweep.md', sweepMarkdown(sweep)]]));
      if (!page.ok) return finish(io, page);
    }
    io.out(flags.value.json ? `${JSON.stringify(sweepJson(sweep), null, 2)}\n` : formatSweepTable(sweep, colours(io.stdoutIsTTY)));
    const undecided = interrupted || rows.some((row) => Object.values(row.verdicts).includes('inconclusive'));
    return { exitCode: undecided ? ExitCode.inconclusive : ExitCode.holds };
  } finally {
    await host?.close();
    interrupts.dispose();
  }
}
