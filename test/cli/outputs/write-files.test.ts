import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomically, type CommitFs } from '../../../cli/outputs/write-files.ts';

const root = join(import.meta.dirname, '..', '..', '..');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'quorumlab-write-'));
}

/** Every file under `dir` with its contents, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const earlier = { 'verdict.json': 'old verdict', 'trace.dot': 'old dot', 'trace.svg': 'old svg', 'notes.txt': 'the user\'s own' };
const next = new Map([['verdict.json', 'new verdict'], ['report.md', 'new report']]);
const checkNames = ['verdict.json', 'report.md', 'trace.dot', 'trace.svg'];

function earlierRun(): string {
  const parent = scratch();
  const dir = join(parent, 'out');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(earlier)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('writeFilesAtomically', () => {
  it('creates the folder (and its parents) with every file, leaving nothing beside it', async () => {
    const parent = scratch();
    const dir = join(parent, 'a', 'b', 'out');
    await writeFilesAtomically(dir, next, checkNames);
    expect(snapshot(dir)).toEqual({ 'verdict.json': 'new verdict', 'report.md': 'new report' });
    expect(readdirSync(join(parent, 'a', 'b'))).toEqual(['out']);
  });

  it('replaces an earlier run: its files go, the user\'s own stay', async () => {
    const dir = earlierRun();
    await writeFilesAtomically(dir, next, checkNames);
    expect(snapshot(dir)).toEqual({ 'verdict.json': 'new verdict', 'report.md': 'new report', 'notes.txt': 'the user\'s own' });
    expect(readdirSync(join(dir, '..'))).toEqual(['out']);
  });

  it('is all or nothing: a rename that fails partway puts every file back as it was', async () => {
    for (let failAt = 1; failAt <= 5; failAt++) {
      const dir = earlierRun();
      let calls = 0;
      const failing: CommitFs = {
        rename(from, to) {
          if (++calls === failAt) throw new Error(`rename ${calls} refused`);
          renameSync(from, to);
        },
      };
      await expect(writeFilesAtomically(dir, next, checkNames, failing), `failing rename ${failAt}`).rejects.toThrow(`rename ${failAt} refused`);
      expect(snapshot(dir), `failing rename ${failAt}`).toEqual(earlier);
      // No staging or backup folder is left beside the output folder.
      expect(readdirSync(join(dir, '..')), `failing rename ${failAt}`).toEqual(['out']);
    }
  });

  it('refuses to replace a folder that has a check file\'s name, changing nothing', async () => {
    const dir = earlierRun();
    mkdirSync(join(dir, 'report.md'));
    await expect(writeFilesAtomically(dir, next, checkNames)).rejects.toThrow(/cannot replace .*report\.md.*: it is not a file/);
    expect(readFileSync(join(dir, 'verdict.json'), 'utf8')).toBe('old verdict');
    expect(readdirSync(join(dir, '..'))).toEqual(['out']);
  });

  it('leaves no staging folder when the process exits during the write (a second Ctrl-C)', async () => {
    const parent = scratch();
    const dir = join(parent, 'out');
    // A child starts a write of 64 MB and exits on the next turn of its event loop, as a
    // second Ctrl-C does (`process.exit(130)`), before the write is committed.
    const script = [
      `import { writeFilesAtomically } from ${JSON.stringify(join(root, 'cli', 'outputs', 'write-files.ts'))};`,
      `void writeFilesAtomically(${JSON.stringify(dir)}, new Map([['big.bin', new Uint8Array(64 * 2 ** 20)], ['small.txt', 'x']]));`,
      'setTimeout(() => process.exit(130), 5);',
    ].join('\n');
    writeFileSync(join(parent, 'exit.ts'), script);
    const code = await new Promise<number | null>((done) => {
      execFile(process.execPath, ['--import', 'tsx', join(parent, 'exit.ts')], { cwd: root }, (error) => { done(error === null ? 0 : (error.code as number)); });
    });
    expect(code).toBe(130);
    expect(readdirSync(parent)).toEqual(['exit.ts']);
  });
});
