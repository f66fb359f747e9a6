// The FileOps the agent uses for real: the files module's listing, plus the stability check, the
// staged copy and the dated moves.
import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { err, ok } from '../../../shared/result';
import { describeFsError, errnoCode } from '../files/fs-errors';
import { listCandidates } from '../files/list-candidates';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { ArchiveKind, FileOps, Stability } from './file-ops';

export interface DefaultFileOpsOptions {
  readonly stagingDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Size and mtime must be unchanged for this long. */
  readonly stableForMs: number;
}

const ARCHIVE_FOLDERS: Record<ArchiveKind, string> = { processed: '処理済み', error: 'エラー' };

function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function createDefaultFileOps(options: DefaultFileOpsOptions): FileOps {
  const { clock } = options;
  return {
    list: listCandidates,

    async stability(candidate): Promise<Stability> {
      let first;
      try {
        first = await stat(candidate.path);
      } catch {
        return { status: 'gone' };
      }
      // A file last written long ago needs no wait; a fresh one is watched for the window.
      const age = clock.now().getTime() - first.mtimeMs;
      if (age < options.stableForMs) {
        await clock.sleep(options.stableForMs - Math.max(0, age));
        let second;
        try {
          second = await stat(candidate.path);
        } catch {
          return { status: 'gone' };
        }
        if (second.size !== first.size || second.mtimeMs !== first.mtimeMs) return { status: 'changing' };
      }
      try {
        // Windows refuses to open for writing a file Excel (or an exporting program) holds.
        const handle = await open(candidate.path, constants.O_RDWR);
        await handle.close();
      } catch (e) {
        const code = errnoCode(e);
        if (code === 'ENOENT') return { status: 'gone' };
        if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
          return { status: 'locked', message: `Excelなどで開かれています（またはアクセス権がありません）: ${candidate.name}。ファイルを閉じてから、もう一度実行してください。` };
        }
      }
      return { status: 'stable' };
    },

    async stage(sourcePath) {
      try {
        await mkdir(options.stagingDir, { recursive: true });
        const stagedPath = join(options.stagingDir, `${randomUUID()}${extname(sourcePath)}`);
        await copyFile(sourcePath, stagedPath);
        const bytes = new Uint8Array(await readFile(stagedPath));
        return ok({ stagedPath, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
      } catch (e) {
        return err(describeFsError(e, 'ファイルを読む', sourcePath));
      }
    },

    async readStaged(stagedPath) {
      try {
        return ok(new Uint8Array(await readFile(stagedPath)));
      } catch (e) {
        return err(describeFsError(e, '作業用コピーを読む', stagedPath));
      }
    },

    async archive(path, kind) {
      const dir = join(dirname(path), ARCHIVE_FOLDERS[kind], localDate(clock.now()));
      try {
        await mkdir(dir, { recursive: true });
        const name = basename(path);
        const ext = extname(name);
        const stem = name.slice(0, name.length - ext.length);
        for (let n = 1; n < 1000; n++) {
          const target = join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
          if (await exists(target)) continue;
          await rename(path, target);
          return ok(target);
        }
        return err(describeFsError(new Error('too many name clashes'), 'ファイルを移動する', path));
      } catch (e) {
        return err(describeFsError(e, 'ファイルを移動する', path));
      }
    },

    async writeNote(besidePath, text) {
      const notePath = `${besidePath}.txt`;
      try {
        // BOM + CRLF: Notepad on any Windows version shows it correctly.
        await writeFile(notePath, `\uFEFF${text}`, { encoding: 'utf8', flag: 'wx' });
        return ok(notePath);
      } catch (e) {
        return err(describeFsError(e, 'エラー内容のファイルを書く', notePath));
      }
    },

    async discardStaged(stagedPath) {
      await rm(stagedPath, { force: true }).catch((e: unknown) => options.logger.warn('cannot remove staged copy', { stagedPath, detail: String(e) }));
    },

    exists,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
