import { describe, expect, it } from 'vitest';
import { codeFrame, transformErrorLocation } from '../../../cli/load/code-frame.ts';

describe('code frames', () => {
  const source = ['const a = 1;', 'const b = 2;', 'const c = ;', 'const d = 4;', 'const e = 5;'].join('\n');

  it('shows two lines before, one after, and a caret under the column', () => {
    expect(codeFrame(source, 3, 11)).toBe(['  1 | const a = 1;', '  2 | const b = 2;', '> 3 | const c = ;', '    |           ^', '  4 | const d = 4;'].join('\n'));
  });

  it('stays inside the file at its first and last lines, and widens the gutter for long files', () => {
    expect(codeFrame(source, 1, 1).split('\n').slice(0, 2)).toEqual(['> 1 | const a = 1;', '    | ^']);
    expect(codeFrame(source, 5, 7).split('\n').at(-2)).toBe('> 5 | const e = 5;');
    const long = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(codeFrame(long, 10, 1).split('\n')).toEqual(['   8 | line 8', '   9 | line 9', '> 10 | line 10', '     | ^', '  11 | line 11']);
  });

  it('puts the caret under a column after tabs', () => {
    expect(codeFrame('\tx = ;', 1, 6)).toBe(['> 1 |   x = ;', '    |       ^'].join('\n'));
  });

  it("reads esbuild's location (columns from 0) out of tsx's transform error", () => {
    const error = new Error('Transform failed with 1 error:\n/tmp/spec.ts:4:9: ERROR: Expected "]" but found ":"');
    expect(transformErrorLocation(error)).toEqual({ file: '/tmp/spec.ts', line: 4, column: 10, message: 'Expected "]" but found ":"' });
    expect(transformErrorLocation(new Error('something else'))).toBeNull();
  });
});
