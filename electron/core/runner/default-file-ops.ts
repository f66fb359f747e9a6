// The FileOps the agent uses for real: a thin adapter from the runner's port to the files module
// (listing, stability, staging, dated moves, the clerk's notes).
import { access, link, readFile, unlink, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { appError, err, ok } from '../../../shared/result';
import {
  archiveFile,
  describeFsError,
  discardStaged,
  errnoCode,
  listCandidates,
  numberedName,
  stageFile,
  waitUntilStable,
  writeErrorNote,
  type ExclusiveOpener,
} from '../files';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { FileOps, Stability } from './file-ops';

export interface DefaultFileOpsOptions {
  readonly stagingDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Size and mtime must be unchanged for this long (a file older than this is taken at once). */
  readonly stableForMs: number;
  /** Tests lock a file on Linux through this; Windows' own locks need nothing. */
  readonly opener?: ExclusiveOpener;
}

export function createDefaultFileOps(options: DefaultFileOpsOptions): FileOps {
  const { clock, logger } = options;
  return {
    list: listCandidates,

    async stability(candidate): Promise<Stability> {
      const deps = { clock, stableMs: options.stableForMs, ...(options.opener ? { opener: options.opener } : {}) };
      // Wait at most one stability window: a file still changing after that is left for a later run.
      const r = await waitUntilStable(candidate.path, deps, { maxWaitMs: options.stableForMs });
      switch (r.state) {
        case 'stable':
          return { status: 'stable' };
        case 'changing':
          return { status: 'changing' };
        case 'gone':
          return { status: 'gone' };
        case 'locked':
          return { status: 'locked', message: r.error.message };
      }
    },

    async stage(sourcePath) {
      const staged = await stageFile(sourcePath, options.stagingDir);
      if (!staged.ok) return staged;
      return ok({ stagedPath: staged.value.stagedPath, bytes: staged.value.bytes, sha256: staged.value.sha256 });
    },

    async readStaged(stagedPath) {
      try {
        return ok(new Uint8Array(await readFile(stagedPath)));
      } catch (e) {
        return err(describeFsError(e, '作業用のコピーを読む', stagedPath));
      }
    },

    async archive(path, kind) {
      const moved = await archiveFile(path, { kind, now: clock.now(), clock });
      return moved.ok ? ok(moved.value.archivedPath) : moved;
    },

    async writeNote(csvPath, note) {
      const written = await writeErrorNote(csvPath, { ...note, at: clock.now() });
      return written.ok ? ok(written.value.notePath) : written;
    },

    async writeInfo(csvPath, suffix, text) {
      const ext = extname(csvPath);
      const base = `${csvPath.slice(0, csvPath.length - ext.length)}_${suffix}.txt`;
      for (let n = 1; n < 1000; n++) {
        const path = numberedName(base, n);
        try {
          // BOM + CRLF: Notepad on every Windows version shows it correctly; never overwrite.
          await writeFile(path, `\uFEFF${text.replace(/\r?\n/g, '\r\n')}\r\n`, { flag: 'wx' });
          return ok(path);
        } catch (e) {
          if (errnoCode(e) === 'EEXIST') continue;
          return err(describeFsError(e, 'メモを書く', path));
        }
      }
      return err(appError('fs.other', `メモを書けませんでした: ${base}`));
    },

    async restore(from, to) {
      try {
        // link + unlink: fails with EEXIST instead of replacing a file the clerk put there since.
        await link(from, to);
        await unlink(from);
        return ok(undefined);
      } catch (e) {
        return err(describeFsError(e, 'ファイルを元のフォルダに戻す', to));
      }
    },

    async discardStaged(stagedPath) {
      await discardStaged(stagedPath).catch((e: unknown) => logger.warn('cannot remove staged copy', { stagedPath, detail: String(e) }));
    },

    async exists(path) {
      try {
        await access(path);
        return true;
      } catch {
        return false;
      }
    },
  };
}
