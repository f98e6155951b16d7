import { describe, expect, it } from 'vitest';
import { capConclusion, capJson, formatCapTable, keepsBoth, rowReading, type CapRow, type CapTable } from '../../../cli/format/cap-table.ts';
import { colours } from '../../../cli/format/summary.ts';

function row(mode: 'cp' | 'ap', staleRead: CapRow['verdicts'][string], availability: CapRow['verdicts'][string]): CapRow {
  return { mode, verdicts: { 'stale-read': staleRead, availability }, states: 10, seconds: 0.5, words: ['check', 'bank', '--mode', mode], configLine: `mode=${mode}` };
}

function table(rows: CapRow[]): CapTable {
  return { scenario: 'bank', rows, keepsBoth: rows.some(keepsBoth), interrupted: false };
}

describe('cap formatting', () => {
  it('the trade-off, when each mode gives one property up', () => {
    const cap = table([row('cp', 'holds', 'violated'), row('ap', 'violated', 'holds')]);
    expect(cap.keepsBoth).toBe(false);
    expect(capConclusion(cap)).toEqual({ text: 'Under a partition, no mode keeps both stale-read and availability.', alarming: false });
    expect(rowReading(cap.rows[0])).toBe('keeps stale-read, gives up availability');
    expect(rowReading(cap.rows[1])).toBe('keeps availability, gives up stale-read');
  });

  it('a warning, not the trade-off, when a mode keeps both', () => {
    const cap = table([row('cp', 'holds', 'holds'), row('ap', 'violated', 'holds')]);
    expect(cap.keepsBoth).toBe(true);
    const conclusion = capConclusion(cap);
    expect(conclusion.alarming).toBe(true);
    expect(conclusion.text).toMatch(/^WARNING: cp kept BOTH/);
    expect(formatCapTable(cap, colours(false))).not.toContain('no mode keeps both');
  });

  it('no claim either way while a verdict is undecided', () => {
    const cap = table([row('cp', 'holds', 'violated'), row('ap', 'inconclusive', 'holds')]);
    expect(capConclusion(cap).text).toMatch(/undecided/);
    expect(rowReading(cap.rows[1])).toBe('keeps availability, leaves stale-read undecided');
  });

  it('--json has one row per mode with both verdicts, and keepsBoth', () => {
    const json = capJson(table([row('cp', 'holds', 'violated'), row('ap', 'violated', 'holds')])) as { rows: { mode: string; verdicts: object }[]; keepsBoth: boolean };
    expect(json.rows.map((r) => [r.mode, r.verdicts])).toEqual([
      ['cp', { 'stale-read': 'holds', availability: 'violated' }],
      ['ap', { 'stale-read': 'violated', availability: 'holds' }],
    ]);
    expect(json.keepsBoth).toBe(false);
  });
});
