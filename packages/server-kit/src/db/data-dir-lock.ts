/**
 * One process per embedded data folder (docs/quality.md R8, ADR 0020). Two PGlite instances on one cluster
 * corrupt it (issue 9 item 9: duplicate primary keys, lost writes), and PGlite does not check by itself.
 *
 * The lock is a file beside the cluster holding the owner's pid. It is created complete and atomically
 * (`link` of a fully written temporary file fails with EEXIST when a lock exists), so nobody ever reads a
 * half-written lock. A lock whose process is gone is taken over; removing it is serialised by a second,
 * short-lived O_EXCL file so that two starters never both remove a lock and both win.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, openSync, readFileSync, closeSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LockOwner {
  pid: number;
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat), to tell a reused pid apart. */
  startTicks?: number;
  hostname?: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock if it is still this process's. Idempotent. */
  release(): void;
}

/** Thrown when a live process holds the lock; `owner.pid` names it. */
export class DataDirLockedError extends Error {
  readonly owner: LockOwner;
  readonly file: string;
  constructor(file: string, owner: LockOwner) {
    super(
      `the data folder ${dirname(file)} is in use by another server process (pid ${owner.pid}, started ${owner.startedAt}; lock ${file}). ` +
        'Stop that process first, or set another DATA_DIR. Only one process may open an embedded data folder.',
    );
    this.name = 'DataDirLockedError';
    this.owner = owner;
    this.file = file;
  }
}

/** A takeover file older than this was left by a process that died while taking over: remove it. */
const STALE_TAKEOVER_MS = 5_000;
const ATTEMPTS = 100;

function startTicksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may hold spaces and parentheses, so count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Whether the lock's owner still runs: its pid exists and, where /proc tells, it is the same process. */
function isOwnerAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user — alive.
    if (errorCode(error) !== 'EPERM') return false;
  }
  const ticks = startTicksOf(owner.pid);
  return owner.startTicks === undefined || ticks === undefined || ticks === owner.startTicks;
}

function readOwner(file: string): { raw: string; owner: LockOwner | null } | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockOwner>;
    return { raw, owner: Number.isInteger(parsed.pid) ? (parsed as LockOwner) : null };
  } catch {
    // Written by something else (locks are only ever linked complete): nobody owns it.
    return { raw, owner: null };
  }
}

function removeIf(file: string, raw: string): void {
  const now = readOwner(file);
  if (now && now.raw === raw) unlinkSync(file);
}

/** Removes a dead owner's lock under the takeover mutex. Returns false when another process is taking over. */
function takeOver(file: string, staleRaw: string): boolean {
  const mutex = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(mutex, 'wx');
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(mutex).mtimeMs > STALE_TAKEOVER_MS) unlinkSync(mutex);
    } catch {
      // Gone meanwhile: the other process finished.
    }
    return false;
  }
  try {
    closeSync(fd);
    // Re-read under the mutex: another starter may have replaced the stale lock with its own live one.
    removeIf(file, staleRaw);
  } finally {
    unlinkSync(mutex);
  }
  return true;
}

/**
 * Takes the lock file `file` for this process, or throws DataDirLockedError naming the live owner.
 * The folder of `file` must exist.
 */
export async function acquireDataDirLock(file: string): Promise<DataDirLock> {
  const path = resolve(file);
  const me: LockOwner = { pid: process.pid, startedAt: new Date().toISOString() };
  const ticks = startTicksOf(process.pid);
  if (ticks !== undefined) me.startTicks = ticks;
  const content = JSON.stringify(me);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temp, content, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      try {
        linkSync(temp, path);
        return lockHandle(path, content);
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const current = readOwner(path);
      if (!current) continue;
      if (current.owner && isOwnerAlive(current.owner)) throw new DataDirLockedError(path, current.owner);
      if (!takeOver(path, current.raw)) await sleep(20);
    }
    throw new Error(`could not take the lock ${path}: other processes keep taking it over`);
  } finally {
    unlinkSync(temp);
  }
}

function lockHandle(file: string, content: string): DataDirLock {
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      removeIf(file, content);
    },
  };
}
