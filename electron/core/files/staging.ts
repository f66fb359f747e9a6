// Copies a clerk's file into a folder the agent owns before anything is checked or sent, so the
// runner checks and sends exactly these bytes even if the clerk overwrites the original meanwhile.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { appError, err, ok, type AppError, type Result } from '../../../shared/result';
import { describeFsError, errnoCode } from './fs-errors';

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
 * Reads the source through one handle, comparing its size and modification time before and after
 * the read (a writer still at work shows up as a change), then writes and fsyncs the copy under a
 * unique name in `stagingDir`. Errors leave the source untouched.
 */
export async function stageFile(sourcePath: string, stagingDir: string): Promise<Result<StagedFile>> {
  let bytes: Uint8Array;
  let before: { size: number; mtimeMs: number };
  try {
    const handle = await open(sourcePath, 'r');
    try {
      const s1 = await handle.stat();
      before = { size: s1.size, mtimeMs: s1.mtimeMs };
      bytes = await handle.readFile();
      const s2 = await handle.stat();
      const changed = changedWhileReading(sourcePath, before, { size: s2.size, mtimeMs: s2.mtimeMs }, bytes.length);
      if (changed) return err(changed);
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') {
      return err(appError('files.gone', `ファイルが見つかりません（移動または削除されました）: ${sourcePath}`, String(e)));
    }
    return err(describeFsError(e, 'ファイルを読む', sourcePath));
  }

  // A unique folder per staging keeps the clerk's file name (for the upload) without clashes.
  const dir = join(stagingDir, `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`);
  const stagedPath = join(dir, basename(sourcePath));
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(stagedPath, bytes, { flag: 'wx', flush: true });
  } catch (e) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    return err(describeFsError(e, '作業用のコピーを作る', stagedPath));
  }

  return ok({
    stagedPath,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: before.size,
    mtimeMs: before.mtimeMs,
  });
}

/**
 * The writer-still-at-work check, pure: size or modification time moved during the read, or the
 * read returned a different length than the file had.
 */
export function changedWhileReading(
  sourcePath: string,
  before: { size: number; mtimeMs: number },
  after: { size: number; mtimeMs: number },
  bytesRead: number,
): AppError | null {
  if (after.size === before.size && after.mtimeMs === before.mtimeMs && bytesRead === before.size) return null;
  return appError(
    'files.changed-while-reading',
    `読み込み中にファイルが書き換えられました: ${sourcePath}。書き出しが終わってから、もう一度確認します。`,
    `before ${before.size}B ${before.mtimeMs}, after ${after.size}B ${after.mtimeMs}, read ${bytesRead}B`,
  );
}

/** Removes a staged copy (and its unique folder) once the run is done with it. */
export async function discardStaged(stagedPath: string): Promise<void> {
  await rm(stagedPath, { force: true });
  // Only the unique folder stageFile made, and only when empty: rmdir refuses anything else.
  await rmdir(dirname(stagedPath)).catch(() => undefined);
}
