// The ordered list of migrations and the one runner that applies them. A database written by a newer
// version of the app is refused rather than guessed at: its schema may mean something this code does
// not know.
import type Database from 'better-sqlite3';
import { appError, err, ok, type AppError, type Result } from '../../../../shared/result';
import type { Logger } from '../../ports/logger';
import { migration001 } from './001-initial';
import { migration002 } from './002-schedule-state';
import { migration003 } from './003-state-index';
import { migration004 } from './004-retry-wait';
import { migration005 } from './005-sent-lines';
import type { Migration } from './migration';

export type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];

export const LATEST_VERSION = MIGRATIONS.length;

export interface MigrationOutcome {
  readonly from: number;
  readonly to: number;
}

export function readUserVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Applies the migrations above the database's user_version, each in its own transaction. */
export function runMigrations(
  db: Database.Database,
  logger: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
  location = 'history.db',
): Result<MigrationOutcome> {
  migrations.forEach((m, i) => {
    // A gap or a reordering is a bug in this list, not a clerk's problem.
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const from = readUserVersion(db);
  if (from > latest) {
    return err(newerDatabase(location, from, latest));
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    try {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } catch (e) {
      return err(
        appError(
          'history.migrate',
          `実行履歴のデータベース（${location}）を更新できませんでした。ディスクの空き容量とアクセス権を確認してから、明細コネクタを起動し直してください。`,
          `migration ${m.version} (${m.name}) failed: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    }
    logger.info('history: migrated', { version: m.version, name: m.name });
  }
  return ok({ from, to: Math.max(from, latest) });
}

function newerDatabase(location: string, found: number, supported: number): AppError {
  return appError(
    'history.too-new',
    `実行履歴のデータベース（${location}）は、より新しいバージョンの明細コネクタで作成されています。このバージョンでは開けません。最新版の明細コネクタをインストールしてください。`,
    `user_version ${found} > supported ${supported}`,
  );
}
