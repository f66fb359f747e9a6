// Opens (and migrates) the history database: one connection per process, WAL so readers never block
// the runner, synchronous=FULL so a state the runner wrote survives a power cut, busy_timeout so the
// CLI and the tray app can share the file without failing on a momentary lock.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { HistoryDatabase } from './history-interface';
import { createHistoryReader } from './history-reader';
import { createHistoryWriter } from './history-writer';
import { MIGRATIONS, runMigrations, type Migration } from './migrations';
import { createSqliteScheduleState } from './schedule-state';
import { createSentLines } from './sent-lines';
import { createHistoryLossStore } from './history-losses';
import { slowQueryLogger } from './slow-query-log';

export interface OpenHistoryOptions {
  readonly logger: Logger;
  readonly clock: Clock;
  /** Operations slower than this are logged as warnings. Default 200 ms. */
  readonly slowQueryMs?: number;
  /** How long to wait for another process's write lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Run ids; default crypto.randomUUID. */
  readonly newId?: () => string;
  /** For tests of the migration runner only. */
  readonly migrations?: readonly Migration[];
}

export function openHistoryDatabase(path: string, options: OpenHistoryOptions): Result<HistoryDatabase> {
  const { logger, clock } = options;
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (e) {
    return err(openError(path, e));
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const migrated = runMigrations(db, logger, options.migrations ?? MIGRATIONS, path);
    if (!migrated.ok) {
      db.close();
      logger.error('history: cannot use database', { code: migrated.error.code, detail: migrated.error.detail, path });
      return migrated;
    }
    const timed = slowQueryLogger(logger, options.slowQueryMs ?? 200);
    const sentLines = createSentLines(db, timed);
    const writerDeps = options.newId === undefined ? { clock, timed, sentLines } : { clock, timed, sentLines, newId: options.newId };
    return ok({
      reader: createHistoryReader(db, timed),
      writer: createHistoryWriter(db, writerDeps),
      scheduleState: createSqliteScheduleState(db, clock),
      sentLines,
      losses: createHistoryLossStore(db, { clock, timed, sentLines }),
      schemaVersion: migrated.value.to,
      close: () => {
        if (db.open) db.close();
      },
    });
  } catch (e) {
    // Opening a file that is not a database only fails at the first statement.
    if (db.open) db.close();
    return err(openError(path, e));
  }
}

function openError(path: string, e: unknown) {
  const code = e instanceof Database.SqliteError ? e.code : e instanceof Error && 'code' in e ? String(e.code) : 'UNKNOWN';
  const message =
    code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
      ? `実行履歴のデータベース（${path}）が壊れているため開けません。明細コネクタを終了し、このファイルを別の名前に変えてから起動し直してください（新しい履歴が作られます）。`
      : `実行履歴のデータベース（${path}）を開けませんでした。フォルダのアクセス権とディスクの空き容量を確認してください。`;
  return appError('history.open', message, `${code}: ${e instanceof Error ? e.message : String(e)}`);
}
