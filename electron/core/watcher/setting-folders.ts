// The フォルダ名 folders of Step 3 and Step 4, made under ファイルの配置場所 when they are missing: a
// clerk who typed 「billdata」 means "my files go there", and without the folder the first run only
// says 「フォルダが見つかりません」. Only direct children of an existing root are made (never the
// root itself: a typo there should stay an error), and whatever was made or could not be is said.
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeFsError } from '../files/fs-errors';
import type { WatchTarget } from './watch-targets';

export interface FolderCreation {
  /** Folders made now, in the order of the settings. */
  readonly created: readonly string[];
  /** Folders that were missing and could not be made, with the clerk's sentence. */
  readonly failed: readonly { readonly path: string; readonly message: string }[];
}

export async function createMissingFolders(targets: readonly Pick<WatchTarget, 'folderPath'>[]): Promise<FolderCreation> {
  const created: string[] = [];
  const failed: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const { folderPath } of targets) {
    const key = process.platform === 'win32' ? folderPath.toLowerCase() : folderPath;
    if (seen.has(key)) continue;
    seen.add(key);
    const exists = await stat(folderPath).then(
      (s) => (s.isDirectory() ? 'folder' : 'file'),
      () => 'none' as const,
    );
    if (exists === 'folder') continue;
    if (exists === 'file') {
      failed.push({ path: folderPath, message: `同じ名前のファイルがあるため、フォルダを作成できませんでした: ${folderPath}` });
      continue;
    }
    const rootExists = await stat(dirname(folderPath)).then((s) => s.isDirectory(), () => false);
    if (!rootExists) {
      failed.push({ path: folderPath, message: `ファイルの配置場所が見つからないため、フォルダを作成できませんでした: ${folderPath}` });
      continue;
    }
    try {
      await mkdir(folderPath);
      created.push(folderPath);
    } catch (e) {
      // Made meanwhile by the clerk or another process: it exists, which is all that was wanted.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      failed.push({ path: folderPath, message: describeFsError(e, 'フォルダを作成する', folderPath).message });
    }
  }
  return { created, failed };
}
