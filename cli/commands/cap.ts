/**
 * `quorumlab cap [SCENARIO] [check options]`: one scenario (default `bank`) in cp mode (as the
 * scenario says, refusing what it cannot do safely) and in ap mode (a sloppy quorum with hinted
 * handoff that never refuses), under a partition, checked for `stale-read` and `availability`.
 *
 * Exit codes: 0 both rows decided and no mode kept both properties (CAP's trade-off showed);
 * 1 some mode kept both (the table contradicts the trade-off: the partition budget or the
 * model is wrong); 2 bad input; 3 a verdict is inconclusive.
 */
import { join } from 'node:path';
import type { RawCheckFlags } from '../args/check-flags.ts';
import { ExitCode, fail, type Result } from '../errors.ts';
import { CAP_PROPERTIES, capJson, capMarkdown, formatCapTable, keepsBoth, type CapMode, type CapRow, type CapTable } from '../format/cap-table.ts';
import { colours } from '../format/summary.ts';
import type { CommandIo } from '../io.ts';
import { prepareCheck, runPreparedCheck, type PreparedCheck } from '../lesson/run-check.ts';
import { writeFiles } from '../output-files.ts';
import { writeCheckFiles } from '../outputs/check-outputs.ts';
import { CHECK_OUTPUT_FILES } from '../../reports/index.ts';
import { CheckHost } from '../search/check-host.ts';
import { listenForInterrupts } from '../search/interrupts.ts';
import { findScenario, scenarios } from '../../spec/index.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The scenario `cap` compares when none is named. */
export const DEFAULT_CAP_SCENARIO = 'bank';

/** The raw flags of `cap`: `check`'s, without `--mode` and `--property`, which cap sets itself. */
export type RawCapFlags = Omit<RawCheckFlags, 'mode' | 'property'>;

/**
 * The mode knobs of each row: cp as the scenario says (with a strict quorum: cp refuses
 * without one, see `strictForCp`); ap with a sloppy quorum and hinted handoff (DESIGN.md).
 */
const modeFlags: Readonly<Record<CapMode, RawCheckFlags>> = {
  cp: { mode: 'cp' },
  ap: { mode: 'ap', quorum: 'sloppy', handoff: true },
};

/**
 * Each mode's `check` command, prepared: the user's flags, then the mode's knobs, then the two
 * properties. A scenario without a partition budget gets one, since CAP is about a partition.
 */
export async function prepareCapRows(scenarioName: string, raw: RawCapFlags, cwd: string): Promise<Result<ReadonlyMap<CapMode, PreparedCheck>>> {
  const scenario = findScenario(scenarioName);
  if (scenario === undefined) {
    return fail('QL110', `unknown scenario '${scenarioName}'; known: ${scenarios.map((known) => known.name).join(', ')}`);
  }
  const partition: RawCheckFlags = raw.partitions === undefined && scenario.config.partitions === 0 ? { partitions: '1' } : {};
  // cp refuses without a strict quorum: a scenario with a sloppy one (sloppy-ghost) is compared with its strict form.
  const strictForCp: RawCheckFlags = raw.quorum === undefined && scenario.config.quorum === 'sloppy' ? { quorum: 'strict' } : {};
  const { out: _out, json: _json, png: _png, ...rest } = raw;
  const prepared = new Map<CapMode, PreparedCheck>();
  for (const mode of ['cp', 'ap'] as const) {
    const rowRaw: RawCheckFlags = { ...rest, ...partition, ...(mode === 'cp' ? strictForCp : {}), ...modeFlags[mode], property: [...CAP_PROPERTIES] };
    const row = await prepareCheck(scenarioName, rowRaw, cwd);
    if (!row.ok) return row;
    if (row.value.target.quorumConfig?.partitions === 0) {
      return fail('QL111', 'cap compares the modes under a partition: --partitions must be at least 1');
    }
    prepared.set(mode, row.value);
  }
  return { ok: true, value: prepared };
}

/** Runs `cap` on `scenarioName` (default `bank`) with the raw flags commander collected. */
export async function runCap(scenarioName: string | undefined, raw: RawCapFlags, io: CommandIo): Promise<CommandOutcome> {
  const interrupts = listenForInterrupts();
  let host: CheckHost | undefined;
  try {
    if (raw.png === true && raw.out === undefined) return finish(io, fail('QL114', '--png needs --out DIR (the PNG is written beside trace.svg)'));
    if (raw.out !== undefined && raw.out.trim() === '') return finish(io, fail('QL103', `--out must name a directory (got '')`));
    const name = scenarioName ?? DEFAULT_CAP_SCENARIO;
    const prepared = await prepareCapRows(name, raw, io.cwd);
    if (!prepared.ok) return finish(io, prepared);

    const rows: CapRow[] = [];
    // Files by directory relative to --out: each mode's check, and a diagram of each other violated property.
    const files = new Map<string, ReadonlyMap<string, string | Uint8Array>>();
    let interrupted = false;
    host = new CheckHost({ maxMemoryBytes: prepared.value.get('cp')?.flags.limits.maxMemoryBytes });
    const context = { host, interrupts, io, showProgress: io.stderrIsTTY && raw.json !== true };
    const options = { files: raw.out !== undefined, png: raw.png === true };
    for (const [mode, check] of prepared.value) {
      const run = await runPreparedCheck(check, options, context);
      if (!run.ok) return finish(io, run);
      const diagrams: Record<string, string> = {};
      if (run.value.files !== null) {
        files.set(mode, run.value.files);
        if (run.value.verdict === 'violated' && run.value.files.has(CHECK_OUTPUT_FILES.traceSvg)) diagrams[run.value.report.property] = `${mode}/${CHECK_OUTPUT_FILES.traceSvg}`;
        // The reports draw one property per check: each other violated one gets a check of its own.
        for (const property of CAP_PROPERTIES) {
          if (run.value.verdicts[property] !== 'violated' || diagrams[property] !== undefined || run.value.interrupted) continue;
          const alone = await runPreparedCheck({ ...check, flags: { ...check.flags, properties: [property] }, properties: [property] }, options, context);
          if (!alone.ok) return finish(io, alone);
          if (alone.value.files === null || !alone.value.files.has(CHECK_OUTPUT_FILES.traceSvg)) continue;
          files.set(`${mode}/${property}`, alone.value.files);
          diagrams[property] = `${mode}/${property}/${CHECK_OUTPUT_FILES.traceSvg}`;
        }
      }
      rows.push({
        mode,
        verdicts: run.value.verdicts,
        states: run.value.states,
        seconds: run.value.seconds,
        words: raw.out === undefined ? check.words : [...check.words, '--out', join(raw.out, mode)],
        configLine: check.target.configLine,
        ...(raw.out !== undefined ? { dir: join(raw.out, mode), diagrams } : {}),
      });
      if (run.value.interrupted) {
        interrupted = true;
        break;
      }
    }

    const table: CapTable = { scenario: name, rows, keepsBoth: rows.some(keepsBoth), interrupted, ...(raw.out !== undefined ? { out: raw.out } : {}) };
    if (raw.out !== undefined) {
      for (const [dir, dirFiles] of files) {
        const written = await writeCheckFiles(join(raw.out, dir), dirFiles);
        if (!written.ok) return finish(io, written);
      }
      const page = await writeFiles(raw.out, new Map([['cap.md', capMarkdown(table)]]));
      if (!page.ok) return finish(io, page);
    }
    io.out(raw.json === true ? `${JSON.stringify(capJson(table), null, 2)}\n` : formatCapTable(table, colours(io.stdoutIsTTY)));
    if (table.keepsBoth) return { exitCode: ExitCode.violated };
    const undecided = interrupted || rows.some((row) => CAP_PROPERTIES.some((property) => row.verdicts[property] === 'inconclusive'));
    return { exitCode: undecided ? ExitCode.inconclusive : ExitCode.holds };
  } finally {
    await host?.close();
    interrupts.dispose();
  }
}
