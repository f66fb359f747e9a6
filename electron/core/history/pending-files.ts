// The files and runs still waiting on something: what a crash or a stop left mid-way (resume), the
// 要確認 and overlap files that wait for the clerk, the 再送待ち files that wait for their next
// attempt, and the count the tray's badge shows.
import type Database from 'better-sqlite3';
import type { RunSummary } from '../../../shared/run';
import type { HistoryReader } from './history-interface';
import { runSummaryOfRow, storedFileOfRow, type FileRow, type RunRow } from './history-rows';
import type { Timed } from './slow-query-log';

const UNFINISHED = `('found', 'checked', 'sending', 'sent', 'importing', 'unknown', 'retry-wait')`;

export type PendingFilesReader = Pick<
  HistoryReader,
  'findUnfinishedFiles' | 'findUnfinishedRuns' | 'findHeldFiles' | 'findRetryWaits' | 'findAwaitingOverlap' | 'attentionCount'
>;

export function createPendingFilesReader(db: Database.Database, timed: Timed): PendingFilesReader {
  const unfinishedFiles = db.prepare<[], FileRow>(`SELECT * FROM run_files WHERE state IN ${UNFINISHED} ORDER BY id`);
  const unfinishedRuns = db.prepare<[], RunRow>(`SELECT * FROM runs WHERE outcome = 'running' ORDER BY started_at, id`);
  const heldFiles = db.prepare<[], FileRow>(`SELECT * FROM run_files WHERE state = 'held' AND resolution IS NULL ORDER BY id`);
  const retryWaits = db.prepare<[], FileRow>(`SELECT * FROM run_files WHERE next_attempt_at IS NOT NULL ORDER BY next_attempt_at, id`);
  const awaitingOverlap = db.prepare<[], FileRow>(`SELECT * FROM run_files WHERE state = 'overlap' AND overlap_choice IS NULL ORDER BY id`);
  const attention = db.prepare<[], { n: number }>(`
    SELECT count(*) AS n FROM run_files WHERE state IN ('held', 'unknown', 'overlap')
      AND (state = 'unknown' OR (state = 'held' AND resolution IS NULL) OR (state = 'overlap' AND overlap_choice IS NULL))`);

  return {
    findUnfinishedFiles() {
      return timed('findUnfinishedFiles', () => unfinishedFiles.all().map(storedFileOfRow));
    },

    findUnfinishedRuns(): readonly RunSummary[] {
      return timed('findUnfinishedRuns', () => unfinishedRuns.all().map(runSummaryOfRow));
    },

    findHeldFiles() {
      return timed('findHeldFiles', () => heldFiles.all().map(storedFileOfRow));
    },

    findRetryWaits() {
      return timed('findRetryWaits', () => retryWaits.all().map(storedFileOfRow));
    },

    findAwaitingOverlap() {
      return timed('findAwaitingOverlap', () => awaitingOverlap.all().map(storedFileOfRow));
    },

    attentionCount() {
      return attention.get()?.n ?? 0;
    },
  };
}
