// A run's counts (files, done, failed, skipped, 要確認, lines) sit on its row, so a list of 100,000
// runs never aggregates files. Every write that changes a file recounts its run in the same
// transaction, so the counts can never disagree with the files.
import type Database from 'better-sqlite3';

export const RECOUNT_RUN_SQL = `
    UPDATE runs SET (file_count, done_count, failed_count, skipped_count, attention_count, line_count) = (
      SELECT count(*),
        coalesce(sum(state = 'done'), 0),
        coalesce(sum(state = 'failed'), 0),
        coalesce(sum(state = 'skipped'), 0),
        coalesce(sum(state = 'unknown' OR (state = 'held' AND resolution IS NULL) OR (state = 'overlap' AND overlap_choice IS NULL)), 0),
        coalesce(sum(data_lines), 0)
      FROM run_files WHERE run_id = @runId)
    WHERE id = @runId`;

/** Recounts one run from its files; call it inside the transaction that changed them. */
export function createRecount(db: Database.Database): (runId: string) => void {
  const recount = db.prepare<{ runId: string }>(RECOUNT_RUN_SQL);
  return (runId) => void recount.run({ runId });
}
