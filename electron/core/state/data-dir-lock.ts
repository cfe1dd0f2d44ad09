import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockOwner {
  pid: number;
  kind: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `Another Forgebell engine (${owner.kind}, pid ${owner.pid}, since ${owner.startedAt}) is already running on ${dataDir}. ` +
        'Stop it first, or use --data-dir to pick another folder.',
    );
  }
}

export interface DataDirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return join(dataDir, 'engine.lock');
}

/** Who holds the data dir, or null. A lock left by a dead process (kill -9) counts as free. */
export function readLockOwner(dataDir: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && alive(owner.pid) && owner.pid !== process.pid ? owner : null;
  } catch {
    return null;
  }
}

/**
 * One engine per data dir: an exclusive lock file holding the owner's pid. A stale lock
 * (its process is gone, e.g. after kill -9) is taken over.
 */
export function acquireDataDirLock(dataDir: string, kind: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = lockPath(dataDir);
  const me: LockOwner = { pid: process.pid, kind, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
            if (owner.pid === process.pid) unlinkSync(path);
          } catch {}
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLockOwner(dataDir);
      if (owner) throw new DataDirLockedError(dataDir, owner);
      try {
        unlinkSync(path);
      } catch {}
    }
  }
  throw new Error(`Could not lock ${dataDir}: the lock file ${path} keeps reappearing.`);
}
