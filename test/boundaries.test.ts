/**
 * The public surfaces `npm run lint` enforces (eslint.config.js): each import below is linted
 * as if it were written in the file named, with the project's own configuration (its
 * type-checked rules off, as these files do not exist).
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

/** The messages of the boundary rule for `specifier` imported by `file` (a path from the root). */
async function boundary(file: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`export { x } from '${specifier}';\n`, { filePath: join(root, file) });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

const allowed: [file: string, specifier: string][] = [
  ['spec/cluster/ops.ts', '../../explorer/index.ts'],
  ['reports/sequence.ts', '../spec/index.ts'],
  ['cli/commands/check.ts', '../../reports/index.ts'],
  ['cli/commands/check.ts', '../search/run-search.ts'],
  ['explorer/check.ts', './_internals/search.ts'],
  ['bench/run.ts', '../examples/tla/paxos.ts'],
  ['test/explorer/_internals/search.test.ts', '../../../explorer/_internals/search.ts'],
  ['test/e2e/lesson.test.ts', '../../cli/lesson/steps.ts'],
  ['test/cli/args/check-flags.test.ts', '../../e2e/run-cli.ts'],
  ['index.ts', './cli/index.ts'],
];

const refused: [file: string, specifier: string, message: RegExp][] = [
  ['cli/commands/check.ts', '../../explorer/model.ts', /through its index\.ts/],
  ['cli/search/check-host.ts', '../../explorer/_internals/stop-guard.ts', /through its index\.ts/],
  ['spec/cluster/ops.ts', '../../explorer/parallel/index.ts', /through its index\.ts/],
  ['explorer/check.ts', '../spec/index.ts', /explorer\/ imports nothing from spec/],
  ['explorer/parallel/worker.ts', '../../reports/index.ts', /explorer\/ imports nothing from .*reports/],
  ['spec/words/describe.ts', '../../cli/index.ts', /spec\/ imports nothing from .*cli/],
  ['reports/sequence.ts', '../cli/index.ts', /reports\/ imports nothing from cli/],
  ['examples/lost-update.ts', '../cli/index.ts', /examples\/ imports nothing from .*cli/],
  ['cli/main.ts', '../test/e2e/run-cli.ts', /cli\/ imports nothing from .*test/],
  ['spec/index.ts', '../index.ts', /never imports it/],
  ['explorer/check.ts', 'quorumlab', /not the package by name/],
  ['test/cli/args/check-flags.test.ts', '../../../spec/protocols/config.ts', /through its index\.ts/],
  ['test/trust/scenarios.test.ts', '../../explorer/parallel/index.ts', /through its index\.ts/],
  ['cli/explore/page/page.ts', 'node:fs', /runs in a browser/],
  ['cli/explore/page/page.ts', '../../../explorer/check.ts', /through its index\.ts/],
  ['index.ts', './explorer/model.ts', /index\.ts only/],
];

describe('the public surfaces', () => {
  it.each(allowed)('%s may import %s', async (file, specifier) => {
    expect(await boundary(file, specifier)).toEqual([]);
  });

  it.each(refused)('%s may not import %s', async (file, specifier, message) => {
    const messages = await boundary(file, specifier);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });
});
