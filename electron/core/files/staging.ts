// Copies a clerk's file into a folder the agent owns before anything is checked or sent, so the
// runner checks and sends exactly these bytes even if the clerk overwrites the original meanwhile.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { describeFsError } from './fs-errors';
import { readRegularFile } from './regular-file';

export { changedWhileReading } from './regular-file';

export interface StagedFile {
  /** The agent's own copy. */
  readonly stagedPath: string;
  /** The bytes read from the source (identical to the staged copy). */
  readonly bytes: Uint8Array;
  /** SHA-256 (hex) of `bytes`. */
  readonly sha256: string;
  readonly size: number;
  /** The source's modification time when it was read. */
  readonly mtimeMs: number;
}

/**
 * Reads the source through one handle (a regular file only, never through a link: regular-file.ts),
 * comparing its size and modification time before and after the read (a writer still at work shows
 * up as a change), then writes and fsyncs the copy under a unique name in `stagingDir`. Errors leave
 * the source untouched.
 */
export async function stageFile(sourcePath: string, stagingDir: string, name = basename(sourcePath)): Promise<Result<StagedFile>> {
  const read = await readRegularFile(sourcePath);
  if (!read.ok) return read;
  const { bytes, size, mtimeMs } = read.value;
  const written = await writeStagedCopy(stagingDir, name, bytes);
  if (!written.ok) return written;
  return ok({ stagedPath: written.value, bytes, sha256: sha256Hex(bytes), size, mtimeMs });
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes the agent's own copy of bytes already read, fsynced, in a unique folder of `stagingDir`
 * (keeping the clerk's file name, which the upload carries). Answers the copy's path.
 */
export async function writeStagedCopy(stagingDir: string, name: string, bytes: Uint8Array): Promise<Result<string>> {
  const dir = join(stagingDir, `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`);
  const stagedPath = join(dir, name);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(stagedPath, bytes, { flag: 'wx', flush: true });
    return ok(stagedPath);
  } catch (e) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    return err(describeFsError(e, '作業用のコピーを作る', stagedPath));
  }
}

/** Removes a staged copy (and its unique folder) once the run is done with it. */
export async function discardStaged(stagedPath: string): Promise<void> {
  await rm(stagedPath, { force: true });
  // Only the unique folder stageFile made, and only when empty: rmdir refuses anything else.
  await rmdir(dirname(stagedPath)).catch(() => undefined);
}
