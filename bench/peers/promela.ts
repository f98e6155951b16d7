/**
 * Generates `quorum.pml` for one cluster size: the Promela peer of the quorum model's bench
 * configuration (strict quorum, lww, logical versions, quorum mode, no repair, one partition,
 * one crash, clients with one operation each). The template is `bench/peers/quorum.pml`;
 * this file fills its `@...@` slots with the options that depend on N (partition cuts,
 * nodes, operations), so every guarded command is written out and the model has no loops.
 */
import { readFileSync } from 'node:fs';
import { enumerateCuts, type ClientOp } from '../../spec/index.ts';

/** The configuration the Promela model is generated for. */
export interface PromelaConfig {
  /** Home replicas. */
  readonly n: number;
  readonly w: number;
  readonly r: number;
  /** One operation per client; written values must be distinct and in 1..255. */
  readonly ops: readonly ClientOp[];
  /** Partition budget. */
  readonly partitions: number;
  /** Crash budget. */
  readonly crashes: number;
}

const TEMPLATE_URL = new URL('./quorum.pml', import.meta.url);

/** Whether endpoints `a` and `b` are on the same side of the partition, as a Promela expression. */
function connected(a: string, b: string): string {
  return `(((cut >> (${a})) & 1) == ((cut >> (${b})) & 1))`;
}

function bit(mask: string, i: string | number): string {
  return `(((${mask}) >> (${i})) & 1)`;
}

/** `popcount` of an N-bit mask, unrolled. */
function popcount(mask: string, n: number): string {
  return Array.from({ length: n }, (_, h) => bit(mask, h)).join(' + ');
}

function checkConfig(config: PromelaConfig): void {
  const { n, w, r, ops } = config;
  if (n < 1 || n > 8) throw new RangeError('the Promela peer supports 1..8 home replicas (byte masks)');
  if (w < 1 || w > n || r < 1 || r > n) throw new RangeError('w and r must be in 1..n');
  if (ops.length < 1 || ops.length > 7) throw new RangeError('the Promela peer supports 1..7 clients');
  const values = ops.flatMap((op) => (op.kind === 'write' ? [op.value] : []));
  if (new Set(values).size !== values.length) throw new RangeError('written values must be distinct (a version names its write)');
  if (n + ops.length > 15) throw new RangeError('n + clients must fit a 16-bit cut');
}

/** The Promela source for `config`, generated from the `quorum.pml` template. */
export function promelaModel(config: PromelaConfig): string {
  checkConfig(config);
  const { n, ops } = config;
  const clients = ops.length;
  const all = (1 << n) - 1;
  const lines = (xs: readonly string[]): string => xs.join('\n');

  // The value a version names: its writer client's written value.
  const valueOf = `((v) == 0 -> 0 : ${ops.reduceRight(
    (rest, op, c) => (op.kind === 'write' ? `((((v) & 7) == ${c}) -> ${op.value} : ${rest})` : rest),
    '0',
  )})`;
  const writesBefore = Array.from({ length: clients }, (_, k) => `((${k} < nhist && ISWRITE(hclient[${k}])) -> 1 : 0)`).join(' + ');
  const isWrite = ops.reduceRight((rest, op, c) => (op.kind === 'write' ? `((c) == ${c} -> 1 : ${rest})` : rest), '0');
  const okMask = Array.from({ length: clients }, (_, k) => `((hstatus[${k}] == OK) -> ${1 << k} : 0)`).join(' + ');

  const invokes = ops.map((op, c) => {
    const kind = op.kind === 'write' ? 1 : 0;
    return `  :: d_step { pc[${c}] == 0 -> INVOKE(${c}, ${kind}, ${op.kind === 'write' ? op.value : 0}) }`;
  });

  const delivers: string[] = [];
  for (let k = 0; k < clients; k++) {
    for (let h = 0; h < n; h++) {
      const client = `N + hclient[${k}]`;
      delivers.push(
        `  :: d_step { ${bit(`req[${k}]`, h)} && ${bit('down', h)} == 0 && ${connected(client, String(h))} -> DELIVER_REQUEST(${k}, ${h}) }`,
        `  :: d_step { ${bit(`resp[${k}]`, h)} && ${connected(String(h), client)} -> DELIVER_RESPONSE(${k}, ${h}) }`,
      );
    }
  }

  const giveUps = Array.from({ length: clients }, (_, k) => {
    const client = `N + hclient[${k}]`;
    const requests = Array.from({ length: n }, (_, h) => `((${bit(`req[${k}]`, h)} && ${bit('down', h)} == 0 && ${connected(client, String(h))}) -> 1 : 0)`);
    const responses = Array.from({ length: n }, (_, h) => `((${bit(`resp[${k}]`, h)} && ${connected(String(h), client)}) -> 1 : 0)`);
    const possible = [popcount(`got[${k}]`, n), ...requests, ...responses].join(' + ');
    return `  :: d_step { hstatus[${k}] == PENDING && (${possible}) < REQUIRED(${k}) -> GIVE_UP(${k}) }`;
  });

  const anyOp = (term: (m: number) => string): string => Array.from({ length: clients }, (_, m) => term(m)).join(' || ');
  const cuts = enumerateCuts(n, clients);
  const partitions = cuts.map((cut) => `  :: d_step { cut == 0 && partitionsLeft > 0 -> cut = ${cut}; partitionsLeft-- }`);
  const crashes = Array.from({ length: n }, (_, h) => `  :: d_step { crashesLeft > 0 && ${bit('down', h)} == 0 -> down = down | ${1 << h}; crashesLeft-- }`);
  const recovers = Array.from({ length: n }, (_, h) => `  :: d_step { ${bit('down', h)} == 1 -> down = down & ${0xff ^ (1 << h)} }`);

  const slots: Record<string, string> = {
    N: String(n),
    W: String(config.w),
    R: String(config.r),
    C: String(clients),
    ALL: String(all),
    PARTITIONS: String(config.partitions),
    CRASHES: String(config.crashes),
    VALUE_OF: valueOf,
    IS_WRITE: isWrite,
    WRITES_BEFORE: writesBefore,
    OK_MASK: okMask,
    POPCOUNT_GOT: popcount('got[k]', n),
    MAX_REPLY: Array.from({ length: n }, (_, h) => `if :: ${bit('got[k]', h)} && gotver[k * N + ${h}] > tmp -> tmp = gotver[k * N + ${h}] :: else -> skip fi`).join('; '),
    INVOKES: lines(invokes),
    DELIVERS: lines(delivers),
    GIVE_UPS: lines(giveUps),
    PARTITIONS_OPTIONS: lines(partitions),
    CRASHES_OPTIONS: lines(crashes),
    RECOVERS_OPTIONS: lines(recovers),
    CLEAR_REPLIES: Array.from({ length: n }, (_, h) => `gotver[k * N + ${h}] = 0; respver[k * N + ${h}] = 0`).join('; '),
    FIND_SOURCE: `j = ${Array.from({ length: clients }, (_, k) => `(hver[${k}] == tmp -> ${k} : `).join('')}0${')'.repeat(clients)}`,
    STALE_INITIAL: `stale = (${anyOp((m) => `(ISWRITE(hclient[${m}]) && hstatus[${m}] == OK && ((hafter[k] >> ${m}) & 1))`)} -> 1 : 0)`,
    STALE_SOURCE: `stale = (${anyOp((m) => `(ISWRITE(hclient[${m}]) && hstatus[${m}] == OK && ((hafter[k] >> ${m}) & 1) && ((hafter[${m}] >> j) & 1))`)} -> 1 : 0)`,
  };
  const template = readFileSync(TEMPLATE_URL, 'utf8');
  return template.replace(/@([A-Z_]+)@/g, (whole, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`quorum.pml: unknown slot ${whole}`);
    return value;
  });
}
