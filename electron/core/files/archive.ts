// Moves a handled file out of the clerk's folder into 処理済み/YYYY-MM-DD or エラー/YYYY-MM-DD beside
// it, and writes the Japanese error note. Never overwrites, never deletes a clerk's file (a move
// across drives deletes the original only after the copy is flushed), and waits out antivirus or
// Excel holding the file.
import { copyFile, lstat, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
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

export function archiveFolder(sourcePath: string, kind: ArchiveKind, now: Date): string {
  return join(dirname(sourcePath), kind === 'processed' ? PROCESSED_FOLDER_NAME : ERROR_FOLDER_NAME, formatLocal(now, 'date'));
}

/** `name.csv`, `name (2).csv`, `name (3).csv`… */
export function numberedName(fileName: string, n: number): string {
  if (n <= 1) return fileName;
  const ext = extname(fileName);
  return `${fileName.slice(0, fileName.length - ext.length)} (${n})${ext}`;
}

const BUSY = new Set(['EBUSY', 'EPERM', 'EACCES']);
const MAX_NAME_TRIES = 10_000;

async function exists(path: string): Promise<boolean> {
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
  const folder = archiveFolder(sourcePath, options.kind, options.now);
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
  const base = errorNotePath(csvPath);
  const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(formatErrorNote(note), 'utf8')]);
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const notePath = n === 1 ? base : numberedName(base, n);
    try {
      await writeFile(notePath, content, { flag: 'wx', flush: true });
      return ok({ notePath });
    } catch (e) {
      if (errnoCode(e) === 'EEXIST') continue;
      return err(describeFsError(e, 'エラー内容のメモを書く', notePath));
    }
  }
  return err(appError('fs.other', `エラー内容のメモを書けませんでした: ${base}`, 'no free name'));
}
