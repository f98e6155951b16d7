import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureCases, type GoldenCase } from './golden-fixtures.ts';
import { scenarioCases } from './golden-scenarios.ts';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function compare(cases: readonly GoldenCase[]): void {
  for (const golden of cases) {
    it(`${golden.file} matches its golden file`, async () => {
      const expected = readFileSync(join(goldenDir, golden.file), 'utf8');
      const actual = await golden.build();
      expect(actual, `${golden.file} differs: if the change is deliberate, run \`npx tsx test/reports/update-golden.ts\` and review the diff`).toBe(expected);
    });
  }
}

describe('golden outputs of the hand-written fixtures', () => {
  compare(fixtureCases);
});

describe('golden outputs of the quorum model scenarios', () => {
  compare(scenarioCases({ search: false }));
});
