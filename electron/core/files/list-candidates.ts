// Finds the clerk's CSV files waiting in a watched folder: the one place that decides which names
// count, so the runner, the watcher and the window never disagree about what "waiting" means.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { describeFsError } from './fs-errors';

export interface Candidate {
  /** File name only, as on disk. */
  readonly name: string;
  /** Absolute (or as-given) path: folderPath joined with name. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Windows compares file names without case; so do we (NFC so a Mac-made name matches too). */
const fold = (s: string): string => s.normalize('NFC').toLowerCase();

/**
 * Why a name is, or is not, a file a setting with this prefix would send — so a list of the files
 * that will NOT be sent can say why. A candidate starts with `prefix` (case-insensitive) and ends
 * with `.csv` (case-insensitive); Excel's `~$` lock files, dot-files and `.tmp` / `.part` copies are
 * temporary or hidden; `.lnk` / `.url` are shortcuts.
 */
export type NameClass = 'candidate' | 'temporary' | 'link' | 'not-csv' | 'other-prefix';

/** Half-written copies that browsers, Office and copy tools leave while they work. */
const TEMPORARY_SUFFIX = /\.(tmp|part|partial|crdownload|download)$/;
/** Windows shortcuts: the file they point to is elsewhere, and is never followed. */
const SHORTCUT_SUFFIX = /\.(lnk|url)$/;

export function classifyName(name: string, prefix: string): NameClass {
  if (name.startsWith('.') || name.startsWith('~$')) return 'temporary';
  const n = fold(name);
  if (TEMPORARY_SUFFIX.test(n)) return 'temporary';
  if (SHORTCUT_SUFFIX.test(n)) return 'link';
  // Requiring `.csv` at the end also rules out `x.csv.tmp` / `x.csv.part` half-written copies.
  if (!n.endsWith('.csv')) return 'not-csv';
  return n.startsWith(fold(prefix)) ? 'candidate' : 'other-prefix';
}

/** Pure name test, shared with the watcher: see {@link classifyName}. */
export function isCandidateName(name: string, prefix: string): boolean {
  return classifyName(name, prefix) === 'candidate';
}

/** Bounded parallel stats: fast on a folder of 10,000 files without exhausting handles. */
const STAT_CONCURRENCY = 32;

/**
 * Regular files in `folderPath` (not subfolders: 処理済み and エラー live inside it) whose names
 * pass {@link isCandidateName}, oldest first (mtime, then name). A file that vanishes between the
 * listing and its stat is simply not a candidate. A missing or unreadable folder is an error value.
 */
export async function listCandidates(folderPath: string, prefix: string): Promise<Result<Candidate[]>> {
  let entries;
  try {
    entries = await readdir(folderPath, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return err({ code: 'files.folder-missing', message: `フォルダが見つかりません: ${folderPath}`, detail: String(e) });
    }
    if (code === 'ENOTDIR') {
      return err({ code: 'files.folder-missing', message: `フォルダが見つかりません（ファイルが指定されています）: ${folderPath}`, detail: String(e) });
    }
    return err(describeFsError(e, 'フォルダの一覧を読む', folderPath));
  }

  // Name filter first (pure, cheap); only survivors cost a stat. Symlinks and unknown types are
  // stat'ed too so that a link to a regular file still counts, as Explorer would show it.
  const names = entries
    .filter((d) => (d.isFile() || d.isSymbolicLink() || isUnknownType(d)) && isCandidateName(d.name, prefix))
    .map((d) => d.name);

  const found: Candidate[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++] as string;
      const path = join(folderPath, name);
      try {
        const s = await stat(path);
        if (s.isFile()) found.push({ name, path, size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // Gone (moved by the clerk, or by another run) or unreadable right now: not waiting.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, names.length) }, worker));

  found.sort(compareOldestFirst);
  return ok(found);
}

export function compareOldestFirst(a: Candidate, b: Candidate): number {
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function isUnknownType(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): boolean {
  return !d.isFile() && !d.isDirectory() && !d.isSymbolicLink() && !d.isFIFO() && !d.isSocket() && !d.isBlockDevice() && !d.isCharacterDevice();
}
