// The read-only side of the history store: listing and filtering runs for the window and the CLI,
// the CSV export, and the lookups the runner needs to resume and to skip 同一内容.
import type Database from 'better-sqlite3';
import { failureKind } from '../../../shared/clerk-advice';
import type { HistoryFilter, HistoryPage, RunSummary } from '../../../shared/run';
import type { HistoryReader, ImportedMatch, StoredFile, StoredRunDetail } from './history-interface';
import { runsToCsv } from './history-csv';
import { runSummaryOfRow, storedFileOfRow, type FileRow, type RunRow } from './history-rows';
import { localDayEndUtc, localDayStartUtc } from './local-date-range';
import type { Timed } from './slow-query-log';

export const DEFAULT_PAGE_SIZE = 50;

interface Where {
  readonly sql: string;
  readonly params: Record<string, string>;
}

// A document setting's run sends the customer file first, inside the same run: 顧客データ finds those
// runs too, so the customer master never disappears from the history.
const CARRIES_CUSTOMER_FILE = `EXISTS (SELECT 1 FROM run_files c WHERE c.run_id = r.id AND c.kind = 'customers')`;

/**
 * Builds the WHERE clause from the filter, for a query over `runs r`; only fixed SQL text, values
 * always bound.
 */
export function whereOf(filter: HistoryFilter): Where {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  if (filter.target === 'customers') {
    parts.push(`(r.target_key = 'customers' OR ${CARRIES_CUSTOMER_FILE})`);
  } else if (filter.target !== undefined) {
    parts.push('r.target_key = @target');
    params.target = filter.target;
  }
  if (filter.outcome !== undefined) {
    parts.push('r.outcome = @outcome');
    params.outcome = filter.outcome;
  }
  if (filter.from !== undefined) {
    parts.push('r.started_at >= @from');
    params.from = localDayStartUtc(filter.from);
  }
  if (filter.to !== undefined) {
    parts.push('r.started_at < @to');
    params.to = localDayEndUtc(filter.to);
  }
  return { sql: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, params };
}

const UNFINISHED = `('found', 'checked', 'sending', 'sent', 'importing', 'unknown', 'retry-wait')`;
// A file counts as imported when it is done, or when the clerk confirmed a held file was received.
const imported = (t: string) => `(${t}.state = 'done' OR (${t}.state = 'held' AND ${t}.resolution = 'mark-sent'))`;

export function createHistoryReader(db: Database.Database, timed: Timed): HistoryReader {
  const runById = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const filesOfRun = db.prepare<[string], FileRow>('SELECT * FROM run_files WHERE run_id = ? ORDER BY id');
  const fileById = db.prepare<[number], FileRow>('SELECT * FROM run_files WHERE id = ?');
  const unfinishedFiles = db.prepare<[], FileRow>(`SELECT * FROM run_files WHERE state IN ${UNFINISHED} ORDER BY id`);
  const unfinishedRuns = db.prepare<[], RunRow>(`SELECT * FROM runs WHERE outcome = 'running' ORDER BY started_at, id`);
  const heldFiles = db.prepare<[], FileRow>(`SELECT * FROM run_files WHERE state = 'held' AND resolution IS NULL ORDER BY id`);
  const retryWaits = db.prepare<[], FileRow>(`SELECT * FROM run_files WHERE next_attempt_at IS NOT NULL ORDER BY next_attempt_at, id`);
  // The latest customer files with a verdict, newest first; a release marks a refused one as settled.
  const customerVerdicts = db.prepare<[], FileRow & { released_at: string | null }>(`
    SELECT f.*, rel.released_at FROM run_files f
    LEFT JOIN customer_hold_releases rel ON rel.file_id = f.id
    WHERE f.kind = 'customers' AND f.state IN ('done', 'failed')
    ORDER BY f.id DESC
    LIMIT 50`);
  const awaitingOverlap = db.prepare<[], FileRow>(`SELECT * FROM run_files WHERE state = 'overlap' AND overlap_choice IS NULL ORDER BY id`);
  const attention = db.prepare<[], { n: number }>(`
    SELECT count(*) AS n FROM run_files WHERE state IN ('held', 'unknown', 'overlap')
      AND (state = 'unknown' OR (state = 'held' AND resolution IS NULL) OR (state = 'overlap' AND overlap_choice IS NULL))`);
  // Runs are never deleted, so a run's place in creation order (rowid) is a sequence number that is
  // unique and never changes (VACUUM may renumber rowids, but keeps their order).
  const runNumber = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM runs WHERE rowid <= (SELECT rowid FROM runs WHERE id = ?)',
  );
  // A file split into parts is imported only when every part of it in that run was.
  const importedBySha = db.prepare<[string, string], FileRow>(`
    SELECT f.* FROM run_files f
    WHERE f.setting_key = ? AND f.sha256 = ? AND ${imported('f')}
      AND NOT EXISTS (
        SELECT 1 FROM run_files g
        WHERE g.run_id = f.run_id AND g.setting_key = f.setting_key AND g.sha256 = f.sha256
          AND g.original_path = f.original_path
          AND NOT ${imported('g')}
      )
    ORDER BY f.updated_at DESC, f.id DESC
    LIMIT 1`);
  const pageCache = new Map<string, Database.Statement<Record<string, string | number>, RunRow>>();
  const countCache = new Map<string, Database.Statement<Record<string, string>, { n: number }>>();
  const csvCache = new Map<string, Database.Statement<Record<string, string>, RunRow & { file_names: string | null }>>();

  function cached<S>(cache: Map<string, S>, key: string, make: () => S): S {
    let s = cache.get(key);
    if (s === undefined) {
      s = make();
      cache.set(key, s);
    }
    return s;
  }

  return {
    listRuns(filter = {}): HistoryPage {
      return timed('listRuns', () => {
        const where = whereOf(filter);
        const page = cached(pageCache, where.sql, () =>
          db.prepare<Record<string, string | number>, RunRow>(
            `SELECT r.* FROM runs r ${where.sql} ORDER BY r.started_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
          ),
        );
        const count = cached(countCache, where.sql, () =>
          db.prepare<Record<string, string>, { n: number }>(`SELECT count(*) AS n FROM runs r ${where.sql}`),
        );
        const limit = Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE));
        const offset = Math.max(0, Math.floor(filter.offset ?? 0));
        const read = db.transaction(() => ({
          runs: page.all({ ...where.params, limit, offset }).map(runSummaryOfRow),
          total: count.get(where.params)?.n ?? 0,
        }));
        // One read transaction: the page and its total describe the same moment.
        return read();
      });
    },

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

    blockingCustomerFile() {
      return timed('blockingCustomerFile', () => {
        for (const row of customerVerdicts.all()) {
          if (row.state === 'done') return null;
          const file = storedFileOfRow(row);
          // A customer file that never reached 楽楽明細 (wrong token, 72 hours of 再送待ち) stays in
          // its folder and goes again first: it is not a refusal.
          if (file.state.state === 'failed' && failureKind(file.fileName, file.state) === 'not-sent') continue;
          return row.released_at === null ? file : null;
        }
        return null;
      });
    },

    findAwaitingOverlap() {
      return timed('findAwaitingOverlap', () => awaitingOverlap.all().map(storedFileOfRow));
    },

    findImportedBySha(settingKey, sha256): ImportedMatch | null {
      return timed('findImportedBySha', () => {
        const row = importedBySha.get(settingKey, sha256);
        if (row === undefined) return null;
        return { runId: row.run_id, fileId: row.id, fileName: row.file_name, importId: row.import_id, at: row.updated_at };
      });
    },

    exportCsv(filter = {}) {
      return timed('exportCsv', () => {
        const where = whereOf(filter);
        const stmt = cached(csvCache, where.sql, () =>
          db.prepare<Record<string, string>, RunRow & { file_names: string | null }>(`
            SELECT r.*, (
              SELECT json_group_array(file_name) FROM (SELECT file_name FROM run_files WHERE run_id = r.id ORDER BY id)
            ) AS file_names
            FROM runs r ${where.sql}
            ORDER BY r.started_at DESC, r.id DESC`),
        );
        const rows = stmt.all(where.params);
        return runsToCsv(
          rows.map((row) => ({ run: runSummaryOfRow(row), fileNames: row.file_names === null ? [] : (JSON.parse(row.file_names) as string[]) })),
        );
      });
    },

    attentionCount() {
      return attention.get()?.n ?? 0;
    },

    runNumber(runId) {
      const n = runNumber.get(runId)?.n ?? 0;
      return n > 0 ? n : null;
    },
  };
}
