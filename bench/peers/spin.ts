/**
 * Runs SPIN on a generated Promela model: `spin -a`, `gcc` on `pan.c`, `./pan`, in a
 * temporary directory, and parses what `pan` prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How to build and run one SPIN verification. */
export interface SpinRunOptions {
  /** Partial-order reduction on (SPIN's default) or off (`-DNOREDUCE`). */
  readonly reduce: boolean;
  /** Wall-clock budget for `./pan`; the run is killed after it and reported as cut short. */
  readonly timeoutSeconds: number;
  /** `pan`'s memory bound in megabytes (`-DMEMLIM`); default 8192. */
  readonly memoryMegabytes?: number;
  /** Compile with `-O2` (default); tests turn it off, gcc takes most of a small run. */
  readonly optimize?: boolean;
  /**
   * `pan -w`: log2 of the hash table's slots; default 24 (SPIN's own, 128 MB). The table is
   * allocated whole: -w26 costs a small run about 2.5 s of CPU in page faults alone.
   */
  readonly hashBits?: number;
  /**
   * How many times to run `./pan` (compiled once); a run cut short is not repeated. The
   * report is the run of median CPU time. Default 1.
   */
  readonly runs?: number;
}

/** What one SPIN verification reported. */
export interface SpinRun {
  /** `violated` when an assertion failed, `holds` when the search ended with none, else `inconclusive`. */
  readonly verdict: 'holds' | 'violated' | 'inconclusive';
  /** States stored (for a cut-short run: the last progress line's count). */
  readonly states: number;
  readonly transitions: number;
  /** Assertion violations and other errors `pan` found. */
  readonly errors: number;
  /** `pan`'s own elapsed time (wall), or the budget when it was killed. */
  readonly seconds: number;
  /** User + system CPU seconds of `./pan`. */
  readonly cpuSeconds: number;
  /** Wall seconds of `spin -a` plus `gcc` (not counted in `seconds`). */
  readonly compileSeconds: number;
  /** `pan`'s state vector size in bytes. */
  readonly stateVectorBytes: number;
  /** Why the search was cut short (time budget, memory bound), when it was. */
  readonly cutShort?: string;
  /** How many times `./pan` ran (the report is the median run's). */
  readonly runs: number;
}

/** Whether `spin` and `gcc` can be run here; a reason when not. */
export function spinToolchain(): { ok: true } | { ok: false; reason: string } {
  for (const [tool, args] of [
    ['spin', ['-V']],
    ['gcc', ['--version']],
  ] as const) {
    const probe = spawnSync(tool, args, { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) return { ok: false, reason: `${tool} is not installed (apt-get install spin gcc)` };
  }
  return { ok: true };
}

function number(text: string, pattern: RegExp): number | undefined {
  const found = pattern.exec(text);
  return found === null ? undefined : Number(found[1]);
}

/** Parses `pan`'s report; exported for tests. */
export function parsePanOutput(text: string): Omit<SpinRun, 'cpuSeconds' | 'compileSeconds' | 'runs'> {
  const stored = number(text, /^\s*(\d+) states, stored/m);
  const transitions = number(text, /^\s*(\d+) transitions \(= stored\+matched\)/m);
  const errors = number(text, /errors: (\d+)/);
  const seconds = number(text, /pan: elapsed time ([\d.e+]+) seconds/);
  const vector = number(text, /State-vector (\d+) byte/) ?? 0;
  const memoryBound = /pan: reached -DMEMLIM bound/.test(text) || /out of memory/.test(text);
  // A search cut by -m is not exhaustive (pan says so and goes on).
  const depthBound = /max search depth too small/.test(text);
  // `timeout -s INT` makes pan print "Interrupted" and then its usual report.
  const interrupted = /^Interrupted/m.test(text);
  if (stored !== undefined && transitions !== undefined && errors !== undefined) {
    const cut = memoryBound ? 'memory bound' : interrupted ? 'time budget' : depthBound ? 'depth bound' : undefined;
    return {
      verdict: errors > 0 ? 'violated' : cut !== undefined ? 'inconclusive' : 'holds',
      states: stored,
      transitions,
      errors,
      seconds: seconds ?? 0,
      stateVectorBytes: vector,
      ...(cut !== undefined && errors === 0 ? { cutShort: cut } : {}),
    };
  }
  // Killed before its report: the last progress line says how far it got.
  const progress = [...text.matchAll(/States=\s*([\d.e+]+) Transitions=\s*([\d.e+]+)/g)].pop();
  return {
    verdict: 'inconclusive',
    states: progress === undefined ? 0 : Number(progress[1]),
    transitions: progress === undefined ? 0 : Number(progress[2]),
    errors: 0,
    seconds: 0,
    stateVectorBytes: vector,
    cutShort: 'time budget',
  };
}

/** `times` output of bash: the second line is the children's user and system time, e.g. `0m1.234s 0m0.056s`. */
function childCpuSeconds(text: string): number {
  const lines = text.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  let total = 0;
  for (const m of last.matchAll(/(\d+)m([\d.]+)s/g)) total += Number(m[1]) * 60 + Number(m[2]);
  return total;
}

/**
 * Verify `source` with SPIN: generate the verifier, compile it with `-O2 -DSAFETY` (plus
 * `-DNOREDUCE` when `reduce` is off), run it with a time budget, and parse its report.
 * `spin -o2` keeps write-only variables in the state vector (SPIN hides them by default), so
 * the stored states are those of the model as written.
 */
export function runSpin(source: string, options: SpinRunOptions): SpinRun {
  const dir = mkdtempSync(join(tmpdir(), 'quorumlab-spin-'));
  try {
    writeFileSync(join(dir, 'model.pml'), source);
    const started = performance.now();
    const generate = spawnSync('spin', ['-o2', '-a', 'model.pml'], { cwd: dir, encoding: 'utf8' });
    if (generate.status !== 0) throw new Error(`spin -a failed: ${generate.stdout}${generate.stderr}`);
    const flags = [options.optimize === false ? '-O0' : '-O2', '-DSAFETY', `-DMEMLIM=${options.memoryMegabytes ?? 8192}`, ...(options.reduce ? [] : ['-DNOREDUCE'])];
    const compile = spawnSync('gcc', [...flags, '-o', 'pan', 'pan.c'], { cwd: dir, encoding: 'utf8' });
    if (compile.status !== 0) throw new Error(`gcc pan.c failed: ${compile.stderr}`);
    const compileSeconds = (performance.now() - started) / 1000;
    // SIGINT makes pan stop and print its report; bash's `times` then gives the children's CPU time.
    const budget = Math.max(1, Math.ceil(options.timeoutSeconds));
    const script = `timeout -s INT -k 30 ${budget} ./pan -m10000 -w${options.hashBits ?? 24} > pan.out 2>&1; cat pan.out; echo; times`;
    const runs: SpinRun[] = [];
    for (let i = 0; i < (options.runs ?? 1); i++) {
      const run = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const parsed = parsePanOutput(run.stdout);
      runs.push({ ...parsed, seconds: parsed.seconds > 0 ? parsed.seconds : budget, cpuSeconds: childCpuSeconds(run.stdout), compileSeconds, runs: 1 });
      if (parsed.verdict === 'inconclusive') break;
    }
    runs.sort((a, b) => a.cpuSeconds - b.cpuSeconds);
    return { ...runs[(runs.length - 1) >> 1], runs: runs.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
