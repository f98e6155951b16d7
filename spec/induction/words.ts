/**
 * A quorum-model state in a few lines of plain words, for a counterexample to induction: such a
 * state is usually unreachable, so there is no trace to draw, only the state to read.
 */
import { describeOp } from '../consistency/describe-op.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import { topology } from '../protocols/actions.ts';
import { messageText, namer } from '../words/describe.ts';
import type { QuorumState } from '../protocols/state.ts';

/** The lines describing `s`: replicas, partition, coordinators, messages in flight, history, budgets left. */
export function describeQuorumState(config: QuorumConfig, s: QuorumState): string[] {
  const t = topology(config);
  const nm = namer(t);
  const lines: string[] = [];
  const replicas = s.replicas.map((r, x) => `${nm.lane(x)} holds ${nm.entries(r.entries)}${(s.down >>> x) & 1 ? ' (down)' : ''}`);
  lines.push(`replicas:  ${replicas.join('; ')}`);
  if (s.cut !== 0) {
    const sides: [string[], string[]] = [[], []];
    for (let e = 0; e < t.nodes + t.clientCount; e++) sides[(s.cut >>> e) & 1].push(nm.lane(e));
    lines.push(`partition: {${sides[0].join(',')}} | {${sides[1].join(',')}}`);
  }
  s.clients.forEach((client, c) => {
    const lane = nm.lane(t.nodes + c);
    const p = client.pending;
    if (p === null) {
      lines.push(`${lane}:${' '.repeat(Math.max(1, 10 - lane.length))}idle, ${client.pc} of ${config.ops[c].length} operations invoked`);
      return;
    }
    const op = describeOp(s.history[p.op]);
    if (p.phase === 'write') {
      const acks: string[] = [];
      for (let x = 0; x < t.nodes; x++) if ((p.acked >>> x) & 1) acks.push(nm.lane(x));
      lines.push(`${lane}:${' '.repeat(Math.max(1, 10 - lane.length))}${op}, waiting for ${p.required} acks, has ${acks.length === 0 ? 'none' : acks.join(', ')}`);
    } else {
      const replies = p.replies.map((r) => `${nm.lane(r.node)}: ${nm.entries(r.entries)}`);
      lines.push(`${lane}:${' '.repeat(Math.max(1, 10 - lane.length))}${op}, waiting for ${p.required} replies, has ${replies.length === 0 ? 'none' : replies.join(', ')}`);
    }
  });
  const messages = s.messages.map((m) => `${messageText(t, nm, m)} ${nm.lane(m.from)}->${nm.lane(m.to)}`);
  lines.push(`in flight: ${messages.length === 0 ? 'nothing' : messages.join('; ')}`);
  const history = s.history.map((op) => {
    const after: number[] = [];
    for (let i = 0; i < s.history.length; i++) if ((op.after >>> i) & 1) after.push(i + 1);
    return `#${op.id + 1} ${describeOp(op)}${op.kind === 'write' && op.status === 'ok' ? ' (ok)' : ''}${after.length > 0 ? ` [began after #${after.join(', #')}]` : ''}`;
  });
  lines.push(`history:   ${history.length === 0 ? 'empty' : history.join('; ')}`);
  const budgets: string[] = [];
  if (config.partitions > 0) budgets.push(`partitions ${s.partitionsLeft}`);
  if (config.drops > 0) budgets.push(`drops ${s.dropsLeft}`);
  if (config.crashes > 0) budgets.push(`crashes ${s.crashesLeft}`);
  if (budgets.length > 0) lines.push(`left:      ${budgets.join(', ')}`);
  return lines;
}
