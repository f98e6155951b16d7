/**
 * The automatic structural encoding against hand-written encoders: whole searches of the same
 * model with and without `encode` (states per CPU second), and the encoders alone on the same
 * states (encodings per CPU second, bytes per state), in alternating runs of one process.
 */
import { check, GrowableByteWriter, StructuralEncoder, type ByteWriter, type Model } from '../explorer/index.ts';
import * as ewd840 from '../examples/tla/ewd840.ts';
import * as twoPhase from '../examples/tla/two-phase.ts';
import { median, type BenchCell, type BenchSection } from './section.ts';

/** Options of the encoding benchmark. */
export interface EncodingBenchOptions {
  /** Runs per setting; the medians are reported. Default 3. */
  readonly runs?: number;
}

/** States encoded again and again by the encoder-only columns. */
const SAMPLE = 20_000;

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

const RM6 = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
const RM_STATES = ['working', 'prepared', 'committed', 'aborted'];
const TM_STATES = ['init', 'committed', 'aborted'];

/** TwoPhase's state, written by hand: every RM's state, the TM's, and two bit sets. */
function twoPhaseEncode(state: twoPhase.TwoPhaseState, out: ByteWriter): void {
  for (const rm of RM6) out.u8(RM_STATES.indexOf(state.rmState[rm]));
  out.u8(TM_STATES.indexOf(state.tmState));
  let prepared = 0;
  for (const rm of state.tmPrepared) prepared |= 1 << RM6.indexOf(rm);
  out.u8(prepared);
  let messages = 0;
  for (const m of state.msgs) messages |= m.type === 'Commit' ? 1 << 6 : m.type === 'Abort' ? 1 << 7 : 1 << RM6.indexOf(m.rm);
  out.u8(messages);
}

/** EWD840's state, written by hand: the active and color bits, the token's place and color, in one u32. */
function ewd840Encode(state: ewd840.Ewd840State, out: ByteWriter): void {
  let word = 0;
  for (let i = 0; i < state.active.length; i++) word |= (state.active[i] ? 1 : 0) << i;
  for (let i = 0; i < state.color.length; i++) word |= (state.color[i] === 'black' ? 1 : 0) << (8 + i);
  out.u32(word | (state.tpos << 16) | ((state.tcolor === 'black' ? 1 : 0) << 24));
}

/** One model, searched with its hand-written encoder and without. */
interface Row<S, A> {
  readonly name: string;
  readonly hand: Model<S, A>;
  readonly options: Parameters<typeof check>[1];
}

function withoutEncode<S, A>(model: Model<S, A>): Model<S, A> {
  const { encode: _encode, encodeCanonical: _canonical, ...rest } = model;
  return rest;
}

async function searchRate<S, A>(model: Model<S, A>, options: Parameters<typeof check>[1]): Promise<{ states: number; cpu: number }> {
  const before = cpuSeconds();
  const result = await check(model, options);
  const cpu = cpuSeconds() - before;
  if (!result.exhaustive) throw new Error(`${model.name}: the search did not finish`);
  return { states: result.stats.states, cpu };
}

/** The first `limit` states a breadth-first walk reaches, kept for the encoder-only runs. */
function reachableStates<S, A>(model: Model<S, A>, encode: (s: S, out: ByteWriter) => void, limit: number): S[] {
  const writer = new GrowableByteWriter();
  const seen = new Set<string>();
  const states: S[] = [];
  const visit = (s: S): void => {
    writer.reset();
    encode(s, writer);
    const key = Buffer.from(writer.bytes.subarray(0, writer.length)).toString('latin1');
    if (!seen.has(key) && states.length < limit) {
      seen.add(key);
      states.push(s);
    }
  };
  model.init().forEach(visit);
  for (let i = 0; i < states.length; i++) for (const a of model.actions(states[i])) visit(model.next(states[i], a));
  return states;
}

/** Encode every state `rounds` times; CPU seconds and mean bytes per state. */
function encodeRate<S>(states: readonly S[], encode: (s: S, out: ByteWriter) => void, rounds: number): { cpu: number; bytes: number } {
  const writer = new GrowableByteWriter();
  let bytes = 0;
  const before = cpuSeconds();
  for (let round = 0; round < rounds; round++) {
    for (const s of states) {
      writer.reset();
      encode(s, writer);
      bytes += writer.length;
    }
  }
  return { cpu: cpuSeconds() - before, bytes: bytes / (rounds * states.length) };
}

/** The side-by-side table. */
export async function encodingBench(options: EncodingBenchOptions = {}): Promise<BenchSection> {
  const runs = options.runs ?? 3;
  const twoPhaseModel = twoPhase.model({ RM: RM6 });
  const ewd840Model = ewd840.model({ N: 6 });
  const rowsToRun: Row<unknown, unknown>[] = [
    {
      name: 'TwoPhase, 6 RMs (records, a Set of names, a Set of message records)',
      hand: { ...twoPhaseModel, encode: twoPhaseEncode } as Model<unknown, unknown>,
      options: {},
    },
    {
      name: 'EWD840, N = 6 (two arrays of 6, a number, a string)',
      hand: { ...ewd840Model, encode: ewd840Encode } as Model<unknown, unknown>,
      // The invariants alone: the search is the same, without the liveness graph.
      options: { properties: ['TypeOK', 'TerminationDetection', 'Inv'] },
    },
  ];
  const rows: Record<string, BenchCell>[] = [];
  for (const row of rowsToRun) {
    const auto = withoutEncode(row.hand);
    const handRuns: { states: number; cpu: number }[] = [];
    const autoRuns: { states: number; cpu: number }[] = [];
    for (let run = 0; run < runs; run++) {
      handRuns.push(await searchRate(row.hand, row.options));
      autoRuns.push(await searchRate(auto, row.options));
    }
    const states = handRuns[0].states;
    if (autoRuns.some((r) => r.states !== states)) throw new Error(`${row.name}: the automatic encoding found ${autoRuns[0].states} states, the hand-written one ${states}`);
    const handCpu = median(handRuns.map((r) => r.cpu));
    const autoCpu = median(autoRuns.map((r) => r.cpu));

    const handEncode = row.hand.encode as (s: unknown, out: ByteWriter) => void;
    const structural = new StructuralEncoder();
    const autoEncode = (s: unknown, out: ByteWriter): void => { structural.encode(s, out); };
    const sample = reachableStates(row.hand, handEncode, SAMPLE);
    const rounds = Math.max(1, Math.round(200_000 / sample.length));
    const handOnly: { cpu: number; bytes: number }[] = [];
    const autoOnly: { cpu: number; bytes: number }[] = [];
    for (let run = 0; run < runs; run++) {
      handOnly.push(encodeRate(sample, handEncode, rounds));
      autoOnly.push(encodeRate(sample, autoEncode, rounds));
    }
    const encodings = rounds * sample.length;
    const perSecond = (runsOf: { cpu: number }[]): number => Math.round(encodings / median(runsOf.map((r) => r.cpu)));
    rows.push({
      model: row.name,
      states: states,
      'search cpu s, hand': Number(handCpu.toFixed(2)),
      'search cpu s, auto': Number(autoCpu.toFixed(2)),
      'search: auto / hand': `${(autoCpu / handCpu).toFixed(2)}x`,
      'encodings/cpu s, hand': perSecond(handOnly),
      'encodings/cpu s, auto': perSecond(autoOnly),
      'bytes/state, hand': Number(handOnly[0].bytes.toFixed(1)),
      'bytes/state, auto': Number(autoOnly[0].bytes.toFixed(1)),
    });
  }
  return {
    title: `automatic encoding vs hand-written encoders (CPU seconds, medians of ${runs} alternating runs)`,
    columns: [
      'model',
      'states',
      'search cpu s, hand',
      'search cpu s, auto',
      'search: auto / hand',
      'encodings/cpu s, hand',
      'encodings/cpu s, auto',
      'bytes/state, hand',
      'bytes/state, auto',
    ],
    rows,
    notes: [
      '"auto" is the same model with encode (and encodeCanonical) removed: the explorer derives the encoding from the state\'s structure',
      `both searches must find the same number of states (asserted); "encodings/cpu s" encodes the first ${SAMPLE.toLocaleString('en-US')} states a breadth-first walk reaches, again and again, and nothing else`,
      'the search columns include the model\'s own work (actions, next, properties), which the encoder cannot speed up',
      'the quorum model is not a row: its encode is a deliberate quotient (it leaves out bookkeeping such as message serial numbers), so without it the search would tell apart states the model calls equal',
    ],
  };
}
