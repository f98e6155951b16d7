/**
 * `quorumlab overlap --n N --w W --r R [--k K] [--json] [--out DIR]`: quorum intersection by
 * enumeration, beside the closed forms, and a picture of one pair of quorums.
 */
import { MAX_OVERLAP_REPLICAS, kStaleProbability, overlap, staleProbability } from '../../spec/index.ts';
import { renderPng, renderSvg } from '../../reports/index.ts';
import { parseQuorumSize } from '../args/check-flags.ts';
import { parseInteger } from '../args/values.ts';
import { fail, ok, type Result } from '../errors.ts';
import { formatOverlapTable, overlapDot, overlapJson, type OverlapFacts } from '../format/overlap.ts';
import type { CommandIo } from '../io.ts';
import { writeFiles } from '../output-files.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The raw option values of `overlap`. */
export interface RawOverlapFlags {
  readonly n?: string;
  readonly w?: string;
  readonly r?: string;
  readonly k?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly png?: boolean;
}

/** The parsed request of `overlap`. */
export interface OverlapRequest {
  readonly n: number;
  readonly w: number;
  readonly r: number;
  readonly k: number | undefined;
  readonly json: boolean;
  readonly out: string | undefined;
  /** Also write overlap.png (needs `out`). */
  readonly png: boolean;
}

/** Parses `overlap`'s flags: N in 1..16 (enumeration), W and R in 1..N, k in 1..1000. */
export function parseOverlapFlags(raw: RawOverlapFlags): Result<OverlapRequest> {
  if (raw.n === undefined || raw.w === undefined || raw.r === undefined) {
    const missing = (['n', 'w', 'r'] as const).filter((flag) => raw[flag] === undefined).map((flag) => `--${flag}`);
    return fail('QL102', `overlap needs ${missing.join(', ')} (e.g. quorumlab overlap --n 3 --w 2 --r 2)`);
  }
  const n = parseInteger('--n', raw.n, 1, MAX_OVERLAP_REPLICAS);
  if (!n.ok) return n;
  const w = parseQuorumSize('--w', raw.w, n.value);
  if (!w.ok) return w;
  const r = parseQuorumSize('--r', raw.r, n.value);
  if (!r.ok) return r;
  const k = raw.k === undefined ? ok<number | undefined>(undefined) : parseInteger('--k', raw.k, 1, 1000);
  if (!k.ok) return k;
  if (raw.out !== undefined && raw.out.trim() === '') return fail('QL103', `--out must name a directory (got '')`);
  if (raw.png === true && raw.out === undefined) return fail('QL114', '--png needs --out DIR (the PNG is written beside overlap.svg)');
  return ok({ n: n.value, w: w.value, r: r.value, k: k.value, json: raw.json === true, out: raw.out, png: raw.png === true });
}

/** Computes the facts `overlap` prints. */
export function overlapFacts(request: Pick<OverlapRequest, 'n' | 'w' | 'r' | 'k'>): OverlapFacts {
  const { n, w, r, k } = request;
  const report = overlap(n, w, r);
  const stale = staleProbability(n, w, r);
  return k === undefined ? { report, stale } : { report, stale, kStale: { k, probability: kStaleProbability(n, w, r, k) } };
}

/** Runs `overlap`: prints the table (or JSON), and with `--out` writes `overlap.dot` and `overlap.svg` (and `overlap.png` with `--png`). */
export async function runOverlap(raw: RawOverlapFlags, io: CommandIo): Promise<CommandOutcome> {
  const request = parseOverlapFlags(raw);
  if (!request.ok) return finish(io, request);
  const facts = overlapFacts(request.value);
  if (request.value.out !== undefined) {
    const dot = overlapDot(facts.report);
    const svg = await renderSvg(dot);
    const files = new Map<string, string | Uint8Array>([['overlap.dot', dot], ['overlap.svg', svg]]);
    if (request.value.png) files.set('overlap.png', await renderPng(svg));
    const written = await writeFiles(request.value.out, files);
    if (!written.ok) return finish(io, written);
  }
  io.out(request.value.json ? `${JSON.stringify(overlapJson(facts), null, 2)}\n` : formatOverlapTable(facts));
  return { exitCode: 0 };
}
