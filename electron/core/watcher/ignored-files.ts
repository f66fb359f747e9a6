// The files in a watched folder that will NOT be sent, and why — so a clerk who exported
// `請求データ_1130.csv` or `billdata.CSV.txt` into the folder sees at once that it is not going,
// instead of believing the invoices went out. The name test is the files module's (classifyName,
// the one place that decides what a candidate is); a name the listing did not take although its
// name matches is explained by what the entry is (a link, a device). Bounded for a crowded folder:
// at most `maxStats` entries are looked at, and a screenful is kept.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { IgnoredFile, IgnoredReason } from '../../../shared/run';
import { classifyName } from '../files/list-candidates';

/** One entry of a watched folder, subfolders left out (処理済み and エラー live there). */
export interface FolderEntry {
  readonly name: string;
  /** A regular file, a link (symbolic link, junction), or something else (FIFO, device). */
  readonly kind: 'file' | 'link' | 'other';
  /** null when the entry was not looked at (beyond `maxStats`) or vanished meanwhile. */
  readonly mtimeMs: number | null;
}

export interface FolderEntries {
  readonly entries: readonly FolderEntry[];
}

/** How many ignored files a setting's list shows; the total is given besides. */
export const IGNORED_SHOWN = 50;

/** Files Windows and macOS make in every folder: never the clerk's, so not worth a line. */
const SYSTEM_NOISE = new Set(['desktop.ini', 'thumbs.db', '.ds_store']);

/**
 * Every non-folder entry of `folderPath`, or null when the folder cannot be listed (the waiting list
 * already says why). Entries are classified from the listing's own types; only the first `maxStats`
 * are stat'ed (for their time), so a folder of 10,000 unrelated files costs one listing.
 */
export async function listFolderEntries(folderPath: string, maxStats = 1000): Promise<FolderEntries | null> {
  let dirents;
  try {
    dirents = await readdir(folderPath, { withFileTypes: true });
  } catch {
    return null;
  }
  const shown = dirents.filter((d) => !d.isDirectory() && !SYSTEM_NOISE.has(d.name.toLowerCase()));
  const entries = await Promise.all(
    shown.map(async (d, i): Promise<FolderEntry> => {
      const kind: FolderEntry['kind'] = d.isSymbolicLink() ? 'link' : d.isFile() ? 'file' : 'other';
      if (i >= maxStats) return { name: d.name, kind, mtimeMs: null };
      // lstat: the link itself, never what it points to.
      const s = await lstat(join(folderPath, d.name)).catch(() => null);
      return { name: d.name, kind, mtimeMs: s ? s.mtimeMs : null };
    }),
  );
  return { entries };
}

/** Why this entry will not be sent by a setting with this prefix; null when it is (or may be) sent. */
export function ignoredReason(entry: FolderEntry, prefix: string): IgnoredReason | null {
  if (entry.kind === 'link') return 'link';
  if (entry.kind === 'other') return 'not-a-file';
  const byName = classifyName(entry.name, prefix);
  return byName === 'candidate' ? null : byName;
}

/**
 * The ignored files of one setting: entries no setting reading the folder takes (`taken`), with the
 * reason for this setting's prefix, newest first, at most `limit`, and how many there are in all.
 */
export function ignoredFor(
  folder: FolderEntries | null,
  prefix: string,
  taken: (name: string) => boolean,
  limit = IGNORED_SHOWN,
): { readonly ignored: readonly IgnoredFile[]; readonly ignoredTotal: number } {
  if (folder === null) return { ignored: [], ignoredTotal: 0 };
  const all: { readonly entry: FolderEntry; readonly reason: IgnoredReason }[] = [];
  for (const entry of folder.entries) {
    if (taken(entry.name)) continue;
    const reason = ignoredReason(entry, prefix);
    if (reason !== null) all.push({ entry, reason });
  }
  all.sort((a, b) => (b.entry.mtimeMs ?? -Infinity) - (a.entry.mtimeMs ?? -Infinity) || (a.entry.name < b.entry.name ? -1 : 1));
  return {
    ignored: all.slice(0, limit).map(({ entry, reason }) => ({
      fileName: entry.name,
      reason,
      modifiedAt: entry.mtimeMs === null ? null : new Date(entry.mtimeMs).toISOString(),
    })),
    ignoredTotal: all.length,
  };
}
