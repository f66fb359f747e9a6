// The read-only side of the history store: listing and filtering runs for the window and the CLI,
// the CSV export (filtered-runs.ts), the files still waiting on something (pending-files.ts), what
// earlier runs decide about a file about to go (send-precedents.ts), and one run or file by id.
import type Database from 'better-sqlite3';
import type { HistoryReader, StoredFile, StoredRunDetail } from './history-interface';
import { createFilteredRuns } from './filtered-runs';
import { runSummaryOfRow, storedFileOfRow, type FileRow, type RunRow } from './history-rows';
import { createPendingFilesReader } from './pending-files';
import { createSendPrecedentsReader } from './send-precedents';
import type { Timed } from './slow-query-log';

export function createHistoryReader(db: Database.Database, timed: Timed): HistoryReader {
  const runById = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const filesOfRun = db.prepare<[string], FileRow>('SELECT * FROM run_files WHERE run_id = ? ORDER BY id');
  const fileById = db.prepare<[number], FileRow>('SELECT * FROM run_files WHERE id = ?');
  // Runs are never deleted, so a run's place in creation order (rowid) is a sequence number that is
  // unique and never changes (VACUUM may renumber rowids, but keeps their order).
  const runNumber = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM runs WHERE rowid <= (SELECT rowid FROM runs WHERE id = ?)',
  );

  return {
    ...createFilteredRuns(db, timed),
    ...createPendingFilesReader(db, timed),
    ...createSendPrecedentsReader(db, timed),

    getRun(runId): StoredRunDetail | null {
      return timed('getRun', () => {
        const row = runById.get(runId);
        if (row === undefined) return null;
        return { ...runSummaryOfRow(row), files: filesOfRun.all(runId).map(storedFileOfRow) };
      });
    },

    getFile(fileId): StoredFile | null {
      const row = fileById.get(fileId);
      return row === undefined ? null : storedFileOfRow(row);
    },

    runNumber(runId) {
      const n = runNumber.get(runId)?.n ?? 0;
      return n > 0 ? n : null;
    },
  };
}
