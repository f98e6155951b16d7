/**
 * Runs the real `quorumlab` command as a child process (`node cli/bin.js ...`, no shell) and
 * collects its exit code and output.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'cli', 'bin.js');

/** What a run of the command produced. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `quorumlab ...args` in `cwd` (default: the repository root) and waits for it to end. */
export function quorumlab(args: readonly string[], options: { cwd?: string } = {}): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: options.cwd ?? root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        done({ code, signal: error?.signal ?? null, stdout, stderr });
      },
    );
  });
}

/**
 * Starts `quorumlab ...args` and sends it `signal` as soon as its stderr contains `ready`
 * (a line the checked spec module prints when the search calls it); resolves when it ends.
 */
export function quorumlabInterrupted(args: readonly string[], signal: NodeJS.Signals, ready: string): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && stderr.includes(ready)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('close', (code, closeSignal) => { done({ code, signal: closeSignal, stdout, stderr }); });
  });
}

/** A fresh temporary directory. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'quorumlab-e2e-'));
}

/** The lines of a text, without a final empty one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line, i, all) => !(i === all.length - 1 && line === ''));
}
