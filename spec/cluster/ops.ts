/**
 * Client scripts: the reads and writes each client performs, in order, and their text form
 * (`w1,r;r`: one script per client, `;` between clients, `,` between operations).
 */

/** One client operation: write a value (>= 1; 0 is the initial value) or read. */
export type ClientOp = { readonly kind: 'write'; readonly value: number } | { readonly kind: 'read' };

/** The operations one client performs, one after the other. */
export type ClientScript = readonly ClientOp[];

/** The largest value a write may carry; values are stored in small integer fields. */
export const MAX_WRITE_VALUE = 255;

/** Parses `w1,r;r` (one script per client, `;` between clients, `,` between ops; `wV` writes V>=1, `r` reads). */
export function parseOps(text: string): { ok: true; scripts: ClientScript[] } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'ops is empty: expected e.g. "w1;r" (clients separated by ";", ops by ",")' };
  const scripts: ClientScript[] = [];
  const clients = trimmed.split(';');
  for (let c = 0; c < clients.length; c++) {
    const script: ClientOp[] = [];
    const items = clients[c].split(',');
    for (const raw of items) {
      const item = raw.trim();
      if (item === '') {
        return { ok: false, error: `client ${c + 1} has an empty operation in "${clients[c].trim()}": expected "wV" (V >= 1) or "r"` };
      }
      if (item === 'r' || item === 'R') {
        script.push({ kind: 'read' });
        continue;
      }
      const write = /^[wW](\d+)$/.exec(item);
      if (write) {
        const value = Number(write[1]);
        if (value < 1 || value > MAX_WRITE_VALUE) {
          return { ok: false, error: `client ${c + 1}: "${item}" writes ${value}; a written value must be in 1..${MAX_WRITE_VALUE} (0 is the initial value)` };
        }
        script.push({ kind: 'write', value });
        continue;
      }
      return { ok: false, error: `client ${c + 1}: cannot read "${item}": expected "wV" (write V >= 1) or "r" (read)` };
    }
    scripts.push(script);
  }
  return { ok: true, scripts };
}

/** Formats scripts back into the text `parseOps` reads (`w1,r;r`). */
export function formatOps(scripts: readonly ClientScript[]): string {
  return scripts
    .map((script) => script.map((op) => (op.kind === 'write' ? `w${op.value}` : 'r')).join(','))
    .join(';');
}
