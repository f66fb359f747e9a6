// The FileOps the agent uses for real: a thin adapter from the runner's port to the files module
// (listing, stability, the claim into 処理中, staging, the check before filing, dated moves, the
// clerk's notes).
import { access, link, lstat, readFile, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { err, ok } from '../../../shared/result';
import {
  archiveBytes,
  archiveFile,
  claimFile,
  claimFolderOf,
  describeFsError,
  discardStaged,
  listCandidates,
  moveWithoutReplacing,
  readRegularFile,
  releaseClaim,
  sha256Hex,
  waitUntilStable,
  writeErrorNote,
  writeInfoNote,
  writeStagedCopy,
  type ExclusiveOpener,
  type RenameFile,
} from '../files';
import { errnoCode } from '../files/fs-errors';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { FileOps, Sameness, Stability } from './file-ops';

export interface DefaultFileOpsOptions {
  readonly stagingDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Size and mtime must be unchanged for this long (a file older than this is taken at once). */
  readonly stableForMs: number;
  /** Tests lock a file on Linux through this; Windows' own locks need nothing. */
  readonly opener?: ExclusiveOpener;
  /** Tests refuse the claim's rename as Windows does for a file a program holds (EBUSY). */
  readonly renameFile?: RenameFile;
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

    claim: (path) => claimFile(path, options.renameFile),

    release: (claimedPath, originalPath) => releaseClaim(claimedPath, originalPath),

    reclaim: (path, originalPath) => moveWithoutReplacing(path, join(claimFolderOf(originalPath), basename(originalPath))),

    async read(path) {
      const read = await readRegularFile(path);
      if (!read.ok) return read;
      return ok({ ...read.value, sha256: sha256Hex(read.value.bytes) });
    },

    writeStaged: (name, bytes) => writeStagedCopy(options.stagingDir, name, bytes),

    async readStaged(stagedPath) {
      try {
        return ok(new Uint8Array(await readFile(stagedPath)));
      } catch (e) {
        return err(describeFsError(e, '作業用のコピーを読む', stagedPath));
      }
    },

    async compare(path, expected): Promise<Sameness> {
      const read = await readRegularFile(path);
      if (!read.ok) {
        if (read.error.code === 'files.gone') return { status: 'gone' };
        // A link or FIFO where the file was: whatever it is, it is not what was sent.
        if (read.error.code === 'files.not-regular') return { status: 'changed' };
        return { status: 'unreadable', detail: read.error.detail ?? read.error.message };
      }
      const { bytes, size, mtimeMs } = read.value;
      if (expected.size !== undefined && size !== expected.size) return { status: 'changed' };
      if (sha256Hex(bytes) !== expected.sha256) return { status: 'changed' };
      // The same bytes with a new time (rewritten identically): what is filed is what was sent.
      if (expected.mtimeMs !== undefined && mtimeMs !== expected.mtimeMs) logger.info('file rewritten with the same content', { path });
      return { status: 'same' };
    },

    async archive(path, kind, folder) {
      const moved = await archiveFile(path, { kind, now: clock.now(), clock, folder });
      return moved.ok ? ok(moved.value.archivedPath) : moved;
    },

    async archiveBytes(bytes, name, kind, folder) {
      const filed = await archiveBytes(bytes, name, { kind, now: clock.now(), folder });
      return filed.ok ? ok(filed.value.archivedPath) : filed;
    },

    async writeNote(csvPath, note) {
      const written = await writeErrorNote(csvPath, { ...note, at: clock.now() });
      return written.ok ? ok(written.value.notePath) : written;
    },

    async writeInfo(csvPath, suffix, text) {
      const written = await writeInfoNote(csvPath, suffix, text);
      return written.ok ? ok(written.value.notePath) : written;
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
      } catch (e) {
        // access() follows links; a dangling link is still "something there" for the clerk.
        if (errnoCode(e) === 'ENOENT') return lstat(path).then(() => true, () => false);
        return false;
      }
    },
  };
}
