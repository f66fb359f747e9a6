// The writer's record of the clerk's choices: 「顧客データを待たずに送信する」 for a refused customer
// file, the answer to a 要確認 file (再送する / 送信済みにする), and the answer to an overlap
// (要確認（一部送信済み）). A choice arrives from a window that may be stale (two windows, a double
// click): one for a file that awaits no answer is refused as a value, never a crash.
import type Database from 'better-sqlite3';
import { NOT_AWAITING_CHOICE_MESSAGE, NOT_AWAITING_OVERLAP_MESSAGE } from '../../../shared/run';
import { appError, err, ok, type ErrorCode, type Result } from '../../../shared/result';
import type { HistoryWriter, StoredFile } from './history-interface';
import { storedFileOfRow } from './history-rows';
import type { HistoryWrite } from './history-write';
import type { RowLookups } from './row-lookups';
import type { SentLinesStore } from './sent-lines';

export interface ClerkChoiceDeps {
  readonly write: HistoryWrite;
  readonly rows: RowLookups;
  readonly recount: (runId: string) => void;
  /** The clock's now, ISO 8601. */
  readonly now: () => string;
  readonly sentLines: Pick<SentLinesStore, 'release'>;
}

export type ClerkChoiceWriter = Pick<HistoryWriter, 'releaseCustomerHold' | 'resolveHeld' | 'resolveOverlap'>;

export function createClerkChoiceWriter(db: Database.Database, deps: ClerkChoiceDeps): ClerkChoiceWriter {
  const { write, rows, recount, now, sentLines } = deps;
  const insertRelease = db.prepare('INSERT OR IGNORE INTO customer_hold_releases (file_id, released_at) VALUES (@fileId, @now)');
  const updateResolution = db.prepare('UPDATE run_files SET resolution = @action, resolved_at = @now, updated_at = @now WHERE id = @id');
  const updateOverlapChoice = db.prepare('UPDATE run_files SET overlap_choice = @choice, overlap_chosen_at = @now, updated_at = @now WHERE id = @id');

  /** A write that found the file awaiting no such answer (null) is refused with the clerk's sentence. */
  const refusedUnlessAnswered = (written: Result<StoredFile | null>, code: ErrorCode, message: string, fileId: number): Result<StoredFile> => {
    if (!written.ok) return written;
    if (written.value === null) return err(appError(code, message, `file ${fileId}`));
    return ok(written.value);
  };

  return {
    releaseCustomerHold(fileId) {
      return write('releaseCustomerHold', () => {
        const row = rows.mustFile(fileId);
        if (row.kind !== 'customers' || row.state !== 'failed') throw new Error(`history: file ${fileId} is not a refused customer file`);
        insertRelease.run({ fileId, now: now() });
        return storedFileOfRow(row);
      });
    },

    resolveHeld(fileId, action) {
      const written = write('resolveHeld', (): StoredFile | null => {
        const row = rows.file(fileId);
        if (row === undefined || row.state !== 'held' || row.resolution !== null) return null;
        updateResolution.run({ id: fileId, action, now: now() });
        // 再送する: the clerk found no such import in 楽楽明細, so its lines were never issued.
        if (action === 'resend') sentLines.release(fileId, now());
        recount(row.run_id);
        return storedFileOfRow(rows.mustFile(fileId));
      });
      return refusedUnlessAnswered(written, 'history.not-held', NOT_AWAITING_CHOICE_MESSAGE, fileId);
    },

    resolveOverlap(fileId, choice) {
      const written = write('resolveOverlap', (): StoredFile | null => {
        const row = rows.file(fileId);
        if (row === undefined || row.state !== 'overlap' || row.overlap_choice !== null) return null;
        updateOverlapChoice.run({ id: fileId, choice, now: now() });
        recount(row.run_id);
        return storedFileOfRow(rows.mustFile(fileId));
      });
      return refusedUnlessAnswered(written, 'history.not-overlap', NOT_AWAITING_OVERLAP_MESSAGE, fileId);
    },
  };
}
