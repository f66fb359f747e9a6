// Claiming a clerk's file before it is sent: a rename into `<フォルダ>/処理中/`, beside 処理済み and
// エラー, visible to the clerk. From then on an exporter that writes a new file under the same name
// writes a new file in the folder (sent by a later run), never into the one being sent; and on
// Windows a rename refused because a program holds the file (EBUSY / EPERM) means it is still being
// written or open in Excel. The claim is undone (the file goes back to the folder, under a free
// name, never over a newer file) whenever its processing ends without filing it.
import { copyFile, link, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AppError } from '../../../shared/result';
import { err, ok, type Result } from '../../../shared/result';
import { exists, numberedName } from './archive';
import { describeFsError, errnoCode } from './fs-errors';
import { lockedError } from './stability';

export const CLAIM_FOLDER_NAME = '処理中';

/** `<フォルダ>/処理中` for a file of `<フォルダ>`. */
export function claimFolderOf(originalPath: string): string {
  return join(dirname(originalPath), CLAIM_FOLDER_NAME);
}

/** Is this path inside a 処理中 folder (a file claimed, not yet filed)? */
export function isClaimedPath(path: string): boolean {
  return basename(dirname(path)) === CLAIM_FOLDER_NAME;
}

export type ClaimOutcome =
  /** Renamed into 処理中: `path` is where it is now. */
  | { readonly status: 'claimed'; readonly path: string }
  /** No 処理中 folder can be made here (read-only share, no permission): worked on where it is. */
  | { readonly status: 'in-place'; readonly reason: string }
  /** A program holds it (Windows), or it may not be renamed: left where it is, with the reason. */
  | { readonly status: 'locked'; readonly error: AppError }
  | { readonly status: 'gone' };

/** Test seam: the rename, to simulate Windows' EBUSY on Linux. */
export type RenameFile = (from: string, to: string) => Promise<void>;

const CANNOT_MAKE_FOLDER = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTSUP', 'EOPNOTSUPP']);
const HELD = new Set(['EBUSY', 'EPERM', 'EACCES']);

export async function claimFile(path: string, renameFile: RenameFile = rename): Promise<ClaimOutcome> {
  const folder = claimFolderOf(path);
  try {
    await mkdir(folder, { recursive: true });
  } catch (e) {
    const code = errnoCode(e);
    if (code !== undefined && CANNOT_MAKE_FOLDER.has(code)) return { status: 'in-place', reason: describeFsError(e, '「処理中」フォルダを作る', folder).message };
    return { status: 'locked', error: describeFsError(e, '「処理中」フォルダを作る', folder) };
  }
  const name = basename(path);
  for (let n = 1; n < 10_000; n++) {
    const target = join(folder, numberedName(name, n));
    // Only this agent writes into 処理中 (one agent per data folder), so a free name stays free.
    if (await exists(target).catch(() => true)) continue;
    try {
      await renameFile(path, target);
      return { status: 'claimed', path: target };
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'ENOENT') return { status: 'gone' };
      if (code === 'EXDEV') return { status: 'in-place', reason: String(e) };
      if (code !== undefined && HELD.has(code)) return { status: 'locked', error: lockedError(path, e) };
      return { status: 'locked', error: describeFsError(e, 'ファイルを「処理中」フォルダへ移す', path) };
    }
  }
  return { status: 'locked', error: describeFsError(Object.assign(new Error('no free name'), { code: 'EEXIST' }), 'ファイルを「処理中」フォルダへ移す', path) };
}

/**
 * Moves `from` to `to`, or to `to (2)`, `to (3)`… when a file is already there: never over a file,
 * even one an exporter writes at this very moment (link fails when the name exists). Where the file
 * system has no hard links (FAT, some shares), copy exclusively, flush, then remove the original.
 * Answers the path it went to.
 */
export async function moveWithoutReplacing(from: string, to: string): Promise<Result<string>> {
  for (let n = 1; n < 10_000; n++) {
    const target = numberedName(to, n);
    try {
      await link(from, target);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EEXIST') continue;
      if (code === 'ENOENT') return err(describeFsError(e, 'ファイルを元のフォルダに戻す', from));
      // No hard links here: the same guarantee by an exclusive copy.
      try {
        await copyFile(from, target, 1 /* COPYFILE_EXCL */);
        const h = await open(target, 'r+');
        try {
          await h.sync();
        } finally {
          await h.close();
        }
      } catch (copyError) {
        if (errnoCode(copyError) === 'EEXIST') continue;
        return err(describeFsError(copyError, 'ファイルを元のフォルダに戻す', target));
      }
    }
    try {
      await unlink(from);
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') {
        // Both names hold the file now; the copy in the folder is what counts. Never lose either.
        return ok(target);
      }
    }
    return ok(target);
  }
  return err(describeFsError(Object.assign(new Error('no free name'), { code: 'EEXIST' }), 'ファイルを元のフォルダに戻す', to));
}

/** Undoes a claim: the file back in its folder under its own name, or a free one beside it. */
export function releaseClaim(claimedPath: string, originalPath: string): Promise<Result<string>> {
  return moveWithoutReplacing(claimedPath, originalPath);
}

/** The regular files in `<folder>/処理中/` (none when it does not exist). */
export async function listClaimedFiles(folder: string): Promise<string[]> {
  const dir = join(folder, CLAIM_FOLDER_NAME);
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}
