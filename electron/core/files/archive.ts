// Moves a handled file out of the clerk's folder into 処理済み/YYYY-MM-DD or エラー/YYYY-MM-DD beside
// it, and writes the Japanese error note. Never overwrites, never deletes a clerk's file (a move
// across drives deletes the original only after the copy is flushed), and waits out antivirus or
// Excel holding the file.
import { randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { formatLocal } from '../../../shared/local-time';
import type { Clock } from '../ports/clock';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { FileProblem } from '../../../shared/run';
import { describeFsError, errnoCode } from './fs-errors';

export const PROCESSED_FOLDER_NAME = '処理済み';
export const ERROR_FOLDER_NAME = 'エラー';

export type ArchiveKind = 'processed' | 'error';

export interface ArchiveOptions {
  readonly kind: ArchiveKind;
  /** Decides the dated folder (local date of the clerk's PC). */
  readonly now: Date;
  /** Waits between retries while the file is busy. */
  readonly clock: Clock;
  /** Attempts in all while busy (default 6: about 15 s of waiting). */
  readonly maxAttempts?: number;
  /** First wait; each next wait doubles (default 500 ms). */
  readonly firstDelayMs?: number;
  /** The file operations, replaceable in tests to simulate EBUSY or EXDEV. */
  readonly fs?: Partial<ArchiveFs>;
  /**
   * The clerk's folder the dated folder goes under; defaults to the file's own folder. A claimed
   * file is in `<フォルダ>/処理中/`, but its 処理済み is `<フォルダ>/処理済み/`.
   */
  readonly folder?: string;
}

export interface ArchiveFs {
  rename(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

const realFs: ArchiveFs = { rename, copyFile: (a, b) => copyFile(a, b), unlink };

export interface Archived {
  readonly archivedPath: string;
}

export function archiveFolder(sourcePath: string, kind: ArchiveKind, now: Date, folder = dirname(sourcePath)): string {
  return join(folder, kind === 'processed' ? PROCESSED_FOLDER_NAME : ERROR_FOLDER_NAME, formatLocal(now, 'date'));
}

/** `name.csv`, `name (2).csv`, `name (3).csv`… */
export function numberedName(fileName: string, n: number): string {
  if (n <= 1) return fileName;
  const ext = extname(fileName);
  return `${fileName.slice(0, fileName.length - ext.length)} (${n})${ext}`;
}

const BUSY = new Set(['EBUSY', 'EPERM', 'EACCES']);
const MAX_NAME_TRIES = 10_000;

/** Is there anything at `path` (a dangling link counts)? Other errors than ENOENT are thrown. */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Moves `sourcePath` into its dated archive folder under a name nobody uses yet (` (2)`, ` (3)`…);
 * across drives, copy + fsync + unlink. Busy files (antivirus, Excel) are retried with doubling
 * waits on the Clock, a bounded number of times. On failure the file stays where it was.
 */
export async function archiveFile(sourcePath: string, options: ArchiveOptions): Promise<Result<Archived>> {
  const fs: ArchiveFs = { ...realFs, ...options.fs };
  const folder = archiveFolder(sourcePath, options.kind, options.now, options.folder);
  const name = basename(sourcePath);
  try {
    await mkdir(folder, { recursive: true });
  } catch (e) {
    return err(describeFsError(e, '保存先のフォルダを作る', folder));
  }

  const maxAttempts = options.maxAttempts ?? 6;
  let delay = options.firstDelayMs ?? 500;
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      const archivedPath = await moveWithoutOverwrite(fs, sourcePath, folder, name);
      return ok({ archivedPath });
    } catch (e) {
      lastError = e;
      const code = errnoCode(e);
      if (code === 'ENOENT' && !(await exists(sourcePath).catch(() => true))) {
        return err(appError('files.gone', `移動しようとしたファイルが見つかりません（移動または削除されました）: ${sourcePath}`, String(e)));
      }
      if (!code || !BUSY.has(code) || attempt === maxAttempts) break;
      await options.clock.sleep(delay);
      delay *= 2;
    }
  }
  return err(describeFsError(lastError, `ファイルを「${options.kind === 'processed' ? PROCESSED_FOLDER_NAME : ERROR_FOLDER_NAME}」フォルダへ移動する`, sourcePath));
}

async function moveWithoutOverwrite(fs: ArchiveFs, sourcePath: string, folder: string, name: string): Promise<string> {
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const target = join(folder, numberedName(name, n));
    // Reserve the name: an exclusive create fails on any existing file, so nothing is overwritten,
    // even by a second agent racing for the same name. The rename then replaces only our own
    // empty placeholder (rename works on FAT, network shares and read-only files alike).
    try {
      await (await open(target, 'wx')).close();
    } catch (e) {
      if (errnoCode(e) === 'EEXIST') continue;
      throw e;
    }
    try {
      await fs.rename(sourcePath, target);
      return target;
    } catch (e) {
      if (errnoCode(e) === 'EXDEV') return await copyThenUnlink(fs, sourcePath, target);
      await fs.unlink(target).catch(() => undefined);
      throw e;
    }
  }
  throw Object.assign(new Error(`no free name for ${name} in ${folder}`), { code: 'EEXIST' });
}

/** Across drives: copy onto our placeholder, flush to disk, and only then remove the original. */
async function copyThenUnlink(fs: ArchiveFs, sourcePath: string, target: string): Promise<string> {
  try {
    await fs.copyFile(sourcePath, target);
    const h = await open(target, 'r+');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
    await fs.unlink(sourcePath);
  } catch (e) {
    // The original is still in the clerk's folder: drop our copy rather than keep the file twice.
    await fs.unlink(target).catch(() => undefined);
    throw e;
  }
  return target;
}

/**
 * Files a copy of bytes (the agent's staged copy: exactly what was checked and sent) into the dated
 * folder under the clerk's name, never over a file, flushed. Used when the clerk's file changed after
 * it was sent: 処理済み keeps what 楽楽明細 received, the new content goes back to the folder.
 */
export async function archiveBytes(bytes: Uint8Array, name: string, options: { readonly kind: ArchiveKind; readonly now: Date; readonly folder: string }): Promise<Result<Archived>> {
  const folder = archiveFolder(join(options.folder, name), options.kind, options.now, options.folder);
  try {
    await mkdir(folder, { recursive: true });
  } catch (e) {
    return err(describeFsError(e, '保存先のフォルダを作る', folder));
  }
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const target = join(folder, numberedName(name, n));
    const written = await writeWhole(target, bytes);
    if (written === 'exists') continue;
    if (written !== 'ok') return err(describeFsError(written.error, `ファイルを「${options.kind === 'processed' ? PROCESSED_FOLDER_NAME : ERROR_FOLDER_NAME}」フォルダに保存する`, target));
    return ok({ archivedPath: target });
  }
  return err(appError('fs.other', `保存先に空いている名前がありません: ${folder}`, 'no free name'));
}

/**
 * Writes a file whole or not at all: the content goes to a private temporary name in the same
 * folder, is flushed, and only then gets its name — by link, which refuses an existing name, so
 * nothing is overwritten (a rename where the file system has no links, after checking the name is
 * free). A full disk leaves no 0-byte or half-written file under the name, only nothing.
 */
export async function writeWhole(
  path: string,
  content: Uint8Array | string,
  // Test seam: a disk that fills up half-way through the write.
  writeTemp: (temp: string, content: Uint8Array | string) => Promise<void> = (temp, c) => writeFile(temp, c, { flag: 'wx', flush: true }),
): Promise<'ok' | 'exists' | { readonly error: unknown }> {
  const temp = join(dirname(path), `.~${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeTemp(temp, content);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    return { error: e };
  }
  try {
    await link(temp, path);
    return 'ok';
  } catch (e) {
    if (errnoCode(e) === 'EEXIST') return 'exists';
    // No hard links here (FAT, some shares): rename, which would replace, only onto a free name.
    try {
      if (await exists(path)) return 'exists';
      await rename(temp, path);
      return 'ok';
    } catch (renameError) {
      return { error: renameError };
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

export interface ErrorNote {
  /** The clerk's file name as it was in their folder. */
  readonly fileName: string;
  readonly problems: readonly FileProblem[];
  /** One sentence: what went wrong. */
  readonly summary: string;
  /** What the clerk should do next. */
  readonly whatToDo: string;
  /** Shown in the note; defaults to now. */
  readonly at?: Date;
}

/** `請求_1130.csv` → `請求_1130_エラー内容.txt` beside it. */
export function errorNotePath(csvPath: string): string {
  const ext = extname(csvPath);
  return `${csvPath.slice(0, csvPath.length - ext.length)}_エラー内容.txt`;
}

/** The note's text (CRLF lines, no BOM): pure, so its wording is tested without files. */
export function formatErrorNote(note: ErrorNote): string {
  const at = note.at ?? new Date();
  const when = formatLocal(at, 'date-time-seconds');
  const lines = [
    '明細コネクタ エラー内容',
    '',
    `ファイル: ${note.fileName}`,
    `日時: ${when}`,
    '',
    '【何が起きたか】',
    note.summary,
    '',
  ];
  if (note.problems.length > 0) {
    lines.push('【問題の箇所】');
    for (const pr of note.problems) {
      const place = [pr.line !== undefined ? `${pr.line}行目` : '', pr.column !== undefined ? `「${pr.column}」列` : ''].join('');
      const code = pr.code ? `（${pr.code}）` : '';
      // Pre-flight messages already name the place (「x.csv」2行目「顧客名」列: …); the API's do not.
      const named = pr.line !== undefined && pr.message.includes(`${pr.line}行目`);
      lines.push(`・${place && !named ? `${place}: ` : ''}${pr.message}${code}`);
    }
    lines.push('');
  }
  lines.push('【どうすればよいか】', note.whatToDo, '');
  return lines.join('\r\n');
}

/**
 * Writes the note beside the (already moved) CSV: UTF-8 with BOM and CRLF, which Notepad on every
 * Windows version opens correctly. Never overwrites an existing note (` (2)` etc.).
 */
export async function writeErrorNote(csvPath: string, note: ErrorNote): Promise<Result<{ notePath: string }>> {
  return writeNoteText(errorNotePath(csvPath), formatErrorNote(note), 'エラー内容のメモを書く');
}

/** `請求_1130.csv` + `同一内容` → `請求_1130_同一内容.txt` beside it: a note that is not an error. */
export async function writeInfoNote(csvPath: string, suffix: string, text: string): Promise<Result<{ notePath: string }>> {
  const ext = extname(csvPath);
  return writeNoteText(`${csvPath.slice(0, csvPath.length - ext.length)}_${suffix}.txt`, `${text}\r\n`, 'メモを書く');
}

/**
 * UTF-8 with BOM and CRLF, which Notepad on every Windows version opens correctly; written whole or
 * not at all (writeWhole); never over an existing note (` (2)` etc.).
 */
async function writeNoteText(base: string, text: string, action: string): Promise<Result<{ notePath: string }>> {
  const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8')]);
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const notePath = n === 1 ? base : numberedName(base, n);
    const written = await writeWhole(notePath, content);
    if (written === 'exists') continue;
    if (written !== 'ok') return err(describeFsError(written.error, action, notePath));
    return ok({ notePath });
  }
  return err(appError('fs.other', `メモを書けませんでした: ${base}`, 'no free name'));
}
