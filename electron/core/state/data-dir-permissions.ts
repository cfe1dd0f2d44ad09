import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data dir and everything in it are the owner's only (spec §8): the folder 0700, files 0600, folders in it 0700.
 * Files are created that way (explicit modes; SQLite gives -wal/-shm the database file's mode); this also fixes what
 * an older version or another tool left readable, at start. Symlinks are left alone (chmod would follow them out).
 * `secret.key` is not touched: a key file others could read is refused with the fix, never silently changed
 * (it may have been read already).
 */
export function secureDataDir(dir: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return [];
  const fixed: string[] = [];
  const tighten = (path: string, wanted: number): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink() || (stat.mode & 0o077) === 0) return;
    chmodSync(path, wanted);
    fixed.push(path);
  };
  tighten(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'secret.key' || entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tighten(path, 0o700);
    else if (entry.isFile()) tighten(path, 0o600);
  }
  return fixed;
}

/** Owner-only mode for one file we just made or moved (a moved file keeps its old mode). */
export function makePrivate(path: string, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'win32') chmodSync(path, 0o600);
}
