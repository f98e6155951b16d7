import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatOps, parseOps } from '../../../spec/cluster/ops.ts';
import type { ClientScript } from '../../../spec/cluster/ops.ts';

describe('parseOps', () => {
  it('reads one script per client', () => {
    expect(parseOps('w1,r;r')).toEqual({ ok: true, scripts: [[{ kind: 'write', value: 1 }, { kind: 'read' }], [{ kind: 'read' }]] });
  });

  it('tolerates spaces around ops', () => {
    expect(parseOps(' w2 , r ; r ')).toEqual({ ok: true, scripts: [[{ kind: 'write', value: 2 }, { kind: 'read' }], [{ kind: 'read' }]] });
  });

  it.each(['', 'x', 'w0', 'w', 'w1,,r', 'w1;', 'w256', 'r1', 'w-1'])('rejects %j with one line', (text) => {
    const result = parseOps(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).not.toContain('\n');
  });

  it('round-trips through formatOps', () => {
    const op = fc.oneof(fc.constant({ kind: 'read' } as const), fc.integer({ min: 1, max: 255 }).map((value) => ({ kind: 'write', value }) as const));
    fc.assert(
      fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (scripts: ClientScript[]) => {
        expect(parseOps(formatOps(scripts))).toEqual({ ok: true, scripts });
      }),
    );
  });
});
