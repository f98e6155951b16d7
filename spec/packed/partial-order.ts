/**
 * Partial-order reduction on packed states: the readable model's rule
 * (spec/reductions/partial-order.ts, where its soundness argument is) computed on words, so
 * both models expand the same ample action in the same states.
 */
import type { PartialOrderReduction } from '../../explorer/index.ts';
import { REDUCTION_PRESERVES } from '../reductions/partial-order.ts';
import { actionFirst, actionKind, A_DELIVER, type PackedAction } from './actions.ts';
import type { PackedContext } from './context.ts';
import { BUDGETS, DOWN, M_READ, M_REPAIR, MESSAGE_WORDS, MKIND_SHIFT, MLO_SHIFT, PC_SHIFT, PHASE_READ, PHASE_SHIFT } from './layout.ts';

/** The packed model's reduction for `q`'s config, or undefined when the config rules it out everywhere. */
export function packedReduction(q: PackedContext): PartialOrderReduction<readonly number[], PackedAction> | undefined {
  const { config, layout } = q;
  if (config.handoff || config.antiEntropy || config.clock === 'wall') return undefined;
  const readsUntil = config.ops.map((script) => {
    let last = -1;
    script.forEach((op, i) => {
      if (op.kind === 'read') last = i;
    });
    return last + 1;
  });
  const retriesReads = config.mode === 'ap';
  return {
    preserves: REDUCTION_PRESERVES,
    ample(s, actions) {
      // A partition, drop or crash left could disable the delivery (skew needs a wall clock, ruled out above).
      if ((s[BUDGETS] & 0xfff) !== 0) return -1;
      if (config.stateLoss && s[DOWN] !== 0) return -1;
      for (let c = 0; c < q.clientCount; c++) {
        const w = s[layout.clientsAt + c * layout.clientStride];
        if (((w >>> PC_SHIFT) & 0xf) < readsUntil[c]) return -1;
        if (retriesReads && ((w >>> PHASE_SHIFT) & 0x3) === PHASE_READ) return -1;
      }
      const m0 = q.m0;
      const end = m0 + MESSAGE_WORDS * q.count(s);
      let readAt = 0;
      for (let p = m0; p < end; p += MESSAGE_WORDS) if (s[p] >>> MKIND_SHIFT === M_READ) readAt |= 1 << ((s[p] >>> MLO_SHIFT) & 0xf);
      for (let k = 0; k < actions.length; k++) {
        const a = actions[k];
        if (actionKind(a) !== A_DELIVER) continue;
        const w0 = s[m0 + MESSAGE_WORDS * actionFirst(a)];
        if (w0 >>> MKIND_SHIFT <= M_REPAIR && ((readAt >>> ((w0 >>> MLO_SHIFT) & 0xf)) & 1) === 0) return k;
      }
      return -1;
    },
  };
}
