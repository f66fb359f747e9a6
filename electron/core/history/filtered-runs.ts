// The runs a filter selects (setting, outcome, the PC's local dates): a page of them for the window
// and the CLI, and all of them for the CSV export. The few distinct WHERE clauses a filter can make
// are prepared once each and kept.
import type Database from 'better-sqlite3';
import type { HistoryFilter, HistoryPage } from '../../../shared/run';
import type { HistoryReader } from './history-interface';
import { runsToCsv } from './history-csv';
import { runSummaryOfRow, type RunRow } from './history-rows';
import { localDayEndUtc, localDayStartUtc } from './local-date-range';
import type { Timed } from './slow-query-log';

const DEFAULT_PAGE_SIZE = 50;

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
function whereOf(filter: HistoryFilter): Where {
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

function cached<S>(cache: Map<string, S>, key: string, make: () => S): S {
  let s = cache.get(key);
  if (s === undefined) {
    s = make();
    cache.set(key, s);
  }
  return s;
}

type CsvRow = RunRow & { file_names: string | null };

export function createFilteredRuns(db: Database.Database, timed: Timed): Pick<HistoryReader, 'listRuns' | 'exportCsv'> {
  const pageCache = new Map<string, Database.Statement<Record<string, string | number>, RunRow>>();
  const countCache = new Map<string, Database.Statement<Record<string, string>, { n: number }>>();
  const csvCache = new Map<string, Database.Statement<Record<string, string>, CsvRow>>();

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

    exportCsv(filter = {}) {
      return timed('exportCsv', () => {
        const where = whereOf(filter);
        const stmt = cached(csvCache, where.sql, () =>
          db.prepare<Record<string, string>, CsvRow>(`
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
  };
}
