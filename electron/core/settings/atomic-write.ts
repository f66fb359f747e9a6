// Writes a file so that a crash or power cut leaves either the old or the new content, never half:
// temp file in the same folder, fsync, keep the previous version as `.bak`, rename over, fsync the
// folder (where the OS allows it).
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Keep the replaced content as `<file>.bak`. */
  readonly backup?: boolean;
  /** POSIX permission bits for the new file (the settings file may hold the token: 0o600). */
  readonly mode?: number;
}

export function writeFileAtomic(file: string, content: string, options: AtomicWriteOptions = {}): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w', options.mode ?? 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    // Copy, not rename: the real file must exist at every instant.
    if (options.backup && existsSync(file)) copyFileSync(file, `${file}.bak`);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDirectory(dir);
}

function syncDirectory(dir: string): void {
  // Makes the rename itself durable on POSIX; Windows cannot open a directory this way, and NTFS
  // journals the rename anyway.
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
