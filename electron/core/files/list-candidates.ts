// Finds the clerk's CSV files waiting in a watched folder: the one place that decides which entries
// count, so the runner, the watcher and the window never disagree about what "waiting" means. Only
// regular files inside the folder itself are ever candidates: links (symbolic, junctions), `.lnk`
// shortcuts, FIFOs and devices are classified with the reason, for the window to show, and never
// opened.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { describeFsError } from './fs-errors';
import { entryTypeOf, notRegularReason, type EntryType } from './regular-file';

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
 * temporary or hidden; `.lnk` / `.url` are shortcuts (Explorer hides `.lnk`, so `billdata.csv.lnk`
 * looks exactly like a CSV waiting there) and, like links, are never followed.
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

/**
 * What an entry of a watched folder is to a setting with this prefix: a candidate only when its name
 * is one and it is a regular file itself (seen without following links).
 */
export type EntryClass = NameClass | 'link' | 'not-regular' | 'folder';

export function classifyEntry(name: string, prefix: string, type: EntryType): EntryClass {
  if (type === 'directory') return 'folder';
  const byName = classifyName(name, prefix);
  if (byName !== 'candidate') return byName;
  if (type === 'file') return 'candidate';
  return type === 'symlink' ? 'link' : 'not-regular';
}

/** Why an entry is not sent, in the clerk's words (the waiting list shows it beside the name). */
export const ENTRY_CLASS_REASONS: Record<Exclude<EntryClass, 'candidate'>, string> = {
  temporary: '一時ファイルまたは隠しファイル（Excelの「~$」で始まるファイルなど）のため対象外です。',
  'not-csv': '拡張子が .csv ではないため対象外です。',
  'other-prefix': 'ファイル名が設定の「ファイル名」（前方一致）と合わないため対象外です。',
  link: 'ショートカットまたはリンクのため送信しません（リンク先のファイルは開きません）。元のファイルそのものをこのフォルダに置いてください。',
  'not-regular': notRegularReason('fifo'),
  folder: notRegularReason('directory'),
};

/** An entry of the folder that is not sent, with the reason. */
export interface IgnoredEntry {
  readonly name: string;
  readonly class: Exclude<EntryClass, 'candidate'>;
  readonly reason: string;
}

export interface FolderListing {
  /** Oldest first. */
  readonly candidates: readonly Candidate[];
  /** Every other entry but folders (処理済み, エラー, 処理中 live there), by name. */
  readonly ignored: readonly IgnoredEntry[];
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
  const listed = await listFolder(folderPath, prefix);
  return listed.ok ? ok([...listed.value.candidates]) : listed;
}

/** The candidates of {@link listCandidates}, and every other entry with the reason it is not sent. */
export async function listFolder(folderPath: string, prefix: string): Promise<Result<FolderListing>> {
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

  // Name filter first (pure, cheap); only survivors cost an lstat. The entry's own type decides
  // (readdir does not follow links); lstat confirms it, since a file system may not report types.
  const ignored: IgnoredEntry[] = [];
  const names: string[] = [];
  for (const d of entries) {
    const type: EntryType = isUnknownType(d) ? 'unknown' : entryTypeOf(d);
    const cls = classifyEntry(d.name, prefix, type === 'unknown' ? 'file' : type);
    if (cls === 'candidate') names.push(d.name);
    else if (cls !== 'folder') ignored.push({ name: d.name, class: cls, reason: ENTRY_CLASS_REASONS[cls] });
  }

  const found: Candidate[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++] as string;
      const path = join(folderPath, name);
      try {
        const s = await lstat(path);
        const cls = classifyEntry(name, prefix, entryTypeOf(s));
        if (cls === 'candidate') found.push({ name, path, size: s.size, mtimeMs: s.mtimeMs });
        else if (cls !== 'folder') ignored.push({ name, class: cls, reason: ENTRY_CLASS_REASONS[cls] });
      } catch {
        // Gone (moved by the clerk, or by another run) or unreadable right now: not waiting.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, names.length) }, worker));

  found.sort(compareOldestFirst);
  ignored.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return ok({ candidates: found, ignored });
}

export function compareOldestFirst(a: Candidate, b: Candidate): number {
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function isUnknownType(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): boolean {
  return !d.isFile() && !d.isDirectory() && !d.isSymbolicLink() && !d.isFIFO() && !d.isSocket() && !d.isBlockDevice() && !d.isCharacterDevice();
}
