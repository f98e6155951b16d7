/**
 * Writing a command's files all or nothing. Every file is first written into a staging folder
 * beside the output folder; then, in one synchronous step (no signal can land in it), the
 * staging folder becomes the output folder, or, when the output folder exists, the files are
 * renamed into it one by one, the earlier versions moved aside first and put back if any rename
 * fails. So a reader sees either the earlier set of files or the whole new one, and a failure
 * (exit 2) leaves the folder as it was.
 *
 * A staging folder left by an interrupted write (a second Ctrl-C exits at once) is removed when
 * the process exits. For that removal to be the last word, the staging folder is made and each
 * file written synchronously, and the event loop gets a turn (a timer's, so a signal handler or
 * a due timer runs) only between files: when the process exits, no file-system call of this write
 * is still in flight in libuv's thread pool to create the folder or a file again after the
 * removal (an asynchronous `mkdir` finishing after the exit handler left an empty staging
 * folder behind).
 */
import { mkdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Staging folders being written, removed if the process exits before they are committed. */
const pending = new Set<string>();
let cleanupInstalled = false;

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    for (const dir of pending) rmSync(dir, { recursive: true, force: true });
  });
}

/** A turn of the event loop's timers phase, where an exit requested meanwhile (a second Ctrl-C) happens. */
function betweenFiles(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The file-system calls of the commit step, replaceable in tests to make one fail. */
export interface CommitFs {
  rename(from: string, to: string): void;
}

const realFs: CommitFs = { rename: renameSync };

/**
 * Writes `files` (name to contents) into `dir`, all or nothing (see the module comment), and
 * removes from `dir` the files named in `replaced` that this write does not bring: a check
 * that now holds must not leave an earlier counterexample's trace beside its verdict. Only
 * those names are ever removed, and only plain files (a folder with such a name is refused).
 *
 * @throws Error (with a one-line message) when a name is not a plain file name, when `dir` or
 *   one of the names in it is not what it must be, or when the file system refuses; `dir` is
 *   then as it was.
 */
export async function writeFilesAtomically(
  dir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  replaced: readonly string[] = [],
  fs: CommitFs = realFs,
): Promise<void> {
  for (const name of [...files.keys(), ...replaced]) {
    if (name.length === 0 || name !== basename(name) || name === '.' || name === '..') {
      throw new Error(`output file name must be a plain file name, got '${name}'`);
    }
  }
  const existing = await kindOf(dir);
  if (existing === 'other') throw new Error(`'${dir}' exists and is not a folder`);
  const parent = dirname(dir);
  const created = await makeDirectory(parent);
  const staging = join(parent, `.${basename(dir)}.quorumlab-${process.pid}.tmp`);
  installCleanup();
  pending.add(staging);
  try {
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    for (const [name, content] of files) {
      writeFileSync(join(staging, name), content);
      await betweenFiles();
    }
    if (existing === 'missing') {
      fs.rename(staging, dir);
    } else {
      commitInto(dir, staging, [...new Set([...files.keys(), ...replaced])], fs);
    }
  } catch (error) {
    // The folders this write created for `dir`'s parent go too: nothing of a failed write stays.
    for (const made of created.reverse()) {
      try {
        rmdirSync(made);
      } catch {
        break;
      }
    }
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    pending.delete(staging);
  }
}

/**
 * Moves the staged files into the existing folder `dir`, synchronously: the earlier versions of
 * `names` aside into a backup folder, then the new ones in; on a failure, every rename done is
 * undone, in reverse. Then the backup folder is removed.
 */
function commitInto(dir: string, staging: string, names: readonly string[], fs: CommitFs): void {
  const backup = `${staging}.old`;
  rmSync(backup, { recursive: true, force: true });
  mkdirSync(backup);
  const done: { from: string; to: string }[] = [];
  const move = (from: string, to: string): void => {
    fs.rename(from, to);
    done.push({ from, to });
  };
  try {
    for (const name of names) {
      const kind = kindOfSync(join(dir, name));
      if (kind === 'folder' || kind === 'other') throw new Error(`cannot replace '${join(dir, name)}': it is not a file`);
    }
    for (const name of names) if (kindOfSync(join(dir, name)) === 'file') move(join(dir, name), join(backup, name));
    for (const name of names) if (kindOfSync(join(staging, name)) === 'file') move(join(staging, name), join(dir, name));
  } catch (error) {
    let undone = true;
    for (const { from, to } of done.reverse()) {
      try {
        renameSync(to, from);
      } catch {
        // Keep undoing the others; the backup folder stays, for the user, if one cannot be put back.
        undone = false;
      }
    }
    if (undone) rmSync(backup, { recursive: true, force: true });
    throw error;
  }
  rmSync(backup, { recursive: true, force: true });
}

type Kind = 'missing' | 'file' | 'folder' | 'other';

async function kindOf(path: string): Promise<Kind> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    throw error;
  }
}

function kindOfSync(path: string): Kind {
  try {
    const info = statSync(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    throw error;
  }
}

/**
 * `mkdir -p`, step by step, returning the folders it created (outermost first). Node's own
 * recursive mkdir spins forever on a path whose parent exists but cannot hold it (`/proc/x`:
 * the child is ENOENT, the parent EEXIST, and it retries); here a second ENOENT once the parent
 * exists is final.
 */
async function makeDirectory(dir: string): Promise<string[]> {
  try {
    await mkdir(dir);
    return [dir];
  } catch (error) {
    if (errorCode(error) === 'EEXIST' && (await kindOf(dir)) === 'folder') return [];
    if (errorCode(error) !== 'ENOENT' || dirname(dir) === dir) throw error;
  }
  const created = await makeDirectory(dirname(dir));
  try {
    await mkdir(dir);
  } catch (error) {
    if (errorCode(error) === 'EEXIST' && (await kindOf(dir)) === 'folder') return created;
    throw error;
  }
  return [...created, dir];
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
