import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../../../explorer/check.ts';
import { checkParallel, type ModelSource } from '../../../explorer/parallel/index.ts';
import { gridModel } from '../fixtures/grid.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures.ts', import.meta.url));
const MB = 2 ** 20;

describe('checkParallel and --max-memory', () => {
  it('stops as inconclusive under a tiny memory limit, saying so', { timeout: 60_000 }, async () => {
    const source: ModelSource = { module: FIXTURES, export: 'ballastGrid', argument: { k: 6, bytes: 0 } };
    const result = await checkParallel(gridModel(6), source, { workers: 2, roundStates: 3, limits: { maxMemoryBytes: 1 } });
    expect(result.verdict).toBe('inconclusive');
    expect(result.exhaustive).toBe(false);
    expect(result.coverage).toMatch(/stopped by the memory limit \(1 bytes\)/);
    expect(result.reduction).toBe(false);
  });

  it("counts the workers' heaps: a limit the main thread alone stays under stops the parallel search", { timeout: 60_000 }, async () => {
    // Each worker's copy of the model holds 256 MB of array buffer (not touched, so not resident);
    // the main thread's model holds none. The limit leaves the main thread 128 MB of room: far
    // more than a 49-state grid search takes, far less than the workers' 512 MB.
    const ballast = 256 * MB;
    const model = gridModel(6);
    const usage = process.memoryUsage();
    const limits = { maxMemoryBytes: usage.heapUsed + usage.arrayBuffers + 128 * MB };
    const alone = await check(model, { limits });
    expect(alone.verdict).toBe('holds');
    const source: ModelSource = { module: FIXTURES, export: 'ballastGrid', argument: { k: 6, bytes: ballast } };
    const many = await checkParallel(model, source, { workers: 2, roundStates: 3, limits });
    expect(many.verdict).toBe('inconclusive');
    expect(many.coverage).toMatch(/stopped by the memory limit/);
    expect(many.stats.peakMemoryBytes).toBeGreaterThan(2 * ballast);
  });
});
