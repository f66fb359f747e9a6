// One write to the history: an IMMEDIATE transaction on a database opened with synchronous=FULL, so
// that when it returns ok the row is on disk and only then may the runner move the file or call
// 楽楽明細. Storage failures become values with a sentence for the clerk; programming errors throw.
import Database from 'better-sqlite3';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { Timed } from './slow-query-log';

/** Runs `fn` in one IMMEDIATE transaction, timed under `operation`. */
export type HistoryWrite = <T>(operation: string, fn: () => T) => Result<T>;

export function createHistoryWrite(db: Database.Database, timed: Timed): HistoryWrite {
  return (operation, fn) => timed(operation, () => {
    try {
      return ok(db.transaction(fn).immediate());
    } catch (e) {
      if (e instanceof Database.SqliteError) return err(storageError(operation, e));
      throw e;
    }
  });
}

/** Storage failures as values with a sentence for the clerk; programming errors keep throwing. */
function storageError(operation: string, e: unknown) {
  const code = e instanceof Database.SqliteError ? e.code : 'UNKNOWN';
  const message =
    code === 'SQLITE_FULL'
      ? '実行履歴を保存できませんでした。ディスクの空き容量が不足しています。空きを作ってから、もう一度実行してください。'
      : code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
        ? '実行履歴を保存できませんでした。別の明細コネクタ（トレイのアプリかコマンド）が実行履歴を使用中です。少し待ってから、もう一度実行してください。'
        : code === 'SQLITE_READONLY' || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')
          ? '実行履歴を保存できませんでした。データフォルダへの書き込みが許可されていません。'
          : '実行履歴を保存できませんでした。ディスクの状態を確認してから、もう一度実行してください。';
  return appError('history.write', message, `${operation}: ${code}: ${e instanceof Error ? e.message : String(e)}`);
}
