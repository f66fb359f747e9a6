// Opening a clerk's file only when it is a regular file in the folder itself: never through a
// symbolic link or junction (a link named like billdata_1130.csv once uploaded a system file from
// outside the folder), never a FIFO or a device (reading a FIFO waits for a writer for ever). The
// path is looked at without following links (lstat), opened with O_NOFOLLOW where the platform has
// it (and O_NONBLOCK, so a FIFO swapped in cannot hang the open), and the open handle is checked
// again (fstat): a regular file, and the very one that was looked at — a swap between the look and
// the open is refused, not followed.
import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { appError, err, ok, type AppError, type Result } from '../../../shared/result';
import { describeFsError, errnoCode } from './fs-errors';

/** What a directory entry is, seen without following links. */
export type EntryType = 'file' | 'symlink' | 'directory' | 'fifo' | 'socket' | 'device' | 'unknown';

export function entryTypeOf(s: Pick<Stats, 'isFile' | 'isSymbolicLink' | 'isDirectory' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'>): EntryType {
  if (s.isFile()) return 'file';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isDirectory()) return 'directory';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isBlockDevice() || s.isCharacterDevice()) return 'device';
  return 'unknown';
}

/** Japanese for an entry that is not a regular file, in the words of the waiting list. */
export function notRegularReason(type: EntryType): string {
  switch (type) {
    case 'symlink':
      return 'シンボリックリンク（またはジャンクション）のため送信しません。リンク先のファイルそのものをこのフォルダに置いてください。';
    case 'directory':
      return 'フォルダのため送信しません。';
    case 'fifo':
    case 'socket':
    case 'device':
    case 'unknown':
    case 'file':
      return '通常のファイルではない（名前付きパイプやデバイスなど）ため送信しません。';
  }
}

export function notRegularError(path: string, type: EntryType): AppError {
  return appError('files.not-regular', `${notRegularReason(type)}: ${path}`, `${path} is a ${type}`);
}

// Windows has neither flag; there the fstat comparison below is the guard.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface OpenedRegular {
  readonly handle: FileHandle;
  readonly stats: Stats;
}

/** Opens `path` for reading if, and only if, it is a regular file itself. Close the handle. */
export async function openRegular(path: string): Promise<Result<OpenedRegular>> {
  let before: Stats;
  try {
    before = await lstat(path);
  } catch (e) {
    return err(readError(e, path));
  }
  if (!before.isFile()) return err(notRegularError(path, entryTypeOf(before)));
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    // ELOOP: a symbolic link was put in its place since the look (O_NOFOLLOW refused it).
    if (errnoCode(e) === 'ELOOP') return err(notRegularError(path, 'symlink'));
    return err(readError(e, path));
  }
  try {
    const stats = await handle.stat();
    const same = stats.ino === before.ino && stats.dev === before.dev;
    if (!stats.isFile() || !same) {
      await handle.close();
      return err(notRegularError(path, stats.isFile() ? 'symlink' : entryTypeOf(stats)));
    }
    return ok({ handle, stats });
  } catch (e) {
    await handle.close().catch(() => undefined);
    return err(readError(e, path));
  }
}

export interface RegularContent {
  readonly bytes: Uint8Array;
  /** Size and modification time of the file as read (the handle's, before and after agree). */
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Reads a regular file through one handle, refusing links, FIFOs and devices, and a file that
 * changed while it was read (size or time moved: a writer still at work).
 */
export async function readRegularFile(path: string): Promise<Result<RegularContent>> {
  const opened = await openRegular(path);
  if (!opened.ok) return opened;
  const { handle, stats } = opened.value;
  try {
    const bytes = new Uint8Array(await handle.readFile());
    const after = await handle.stat();
    const changed = changedWhileReading(path, { size: stats.size, mtimeMs: stats.mtimeMs }, { size: after.size, mtimeMs: after.mtimeMs }, bytes.length);
    if (changed) return err(changed);
    return ok({ bytes, size: stats.size, mtimeMs: stats.mtimeMs });
  } catch (e) {
    return err(readError(e, path));
  } finally {
    await handle.close().catch(() => undefined);
  }
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

function readError(e: unknown, path: string): AppError {
  if (errnoCode(e) === 'ENOENT') return appError('files.gone', `ファイルが見つかりません（移動または削除されました）: ${path}`, String(e));
  return describeFsError(e, 'ファイルを読む', path);
}
