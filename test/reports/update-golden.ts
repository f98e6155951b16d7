/**
 * Regenerate the golden files under `test/reports/golden/`:
 *
 *   npx tsx test/reports/update-golden.ts            # every case
 *   npx tsx test/reports/update-golden.ts fixtures   # only the hand-written fixtures
 *   npx tsx test/reports/update-golden.ts scenarios  # only the quorum model's scenarios (runs the checks)
 *
 * Then review `git diff test/reports/golden` like code: every change in a picture or a trace
 * must be one you meant.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureCases, type GoldenCase } from './golden-fixtures.ts';

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = join(here, 'golden');

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all';
  const cases: GoldenCase[] = [];
  if (which === 'all' || which === 'fixtures') cases.push(...fixtureCases);
  if (which === 'all' || which === 'scenarios') {
    const { scenarioCases } = await import('./golden-scenarios.ts');
    cases.push(...scenarioCases({ search: true }));
  }
  await mkdir(goldenDir, { recursive: true });
  for (const golden of cases) {
    const started = Date.now();
    await writeFile(join(goldenDir, golden.file), await golden.build());
    console.log(`wrote ${golden.file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

await main();
