// What earlier runs decide about a file about to go: the same content already imported for its
// setting (同一内容のため送信しませんでした), and a refused customer file that holds document files
// back until the clerk resolves or releases it (顧客データのエラーを解決するまで保留).
import type Database from 'better-sqlite3';
import { failureKind } from '../../../shared/clerk-advice';
import type { HistoryReader, ImportedMatch } from './history-interface';
import { storedFileOfRow, type FileRow } from './history-rows';
import type { Timed } from './slow-query-log';

// A file counts as imported when it is done, or when the clerk confirmed a held file was received.
const imported = (t: string) => `(${t}.state = 'done' OR (${t}.state = 'held' AND ${t}.resolution = 'mark-sent'))`;

export type SendPrecedentsReader = Pick<HistoryReader, 'findImportedBySha' | 'blockingCustomerFile'>;

export function createSendPrecedentsReader(db: Database.Database, timed: Timed): SendPrecedentsReader {
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
  // The latest customer files with a verdict, newest first; a release marks a refused one as settled.
  const customerVerdicts = db.prepare<[], FileRow & { released_at: string | null }>(`
    SELECT f.*, rel.released_at FROM run_files f
    LEFT JOIN customer_hold_releases rel ON rel.file_id = f.id
    WHERE f.kind = 'customers' AND f.state IN ('done', 'failed')
    ORDER BY f.id DESC
    LIMIT 50`);

  return {
    findImportedBySha(settingKey, sha256): ImportedMatch | null {
      return timed('findImportedBySha', () => {
        const row = importedBySha.get(settingKey, sha256);
        if (row === undefined) return null;
        return { runId: row.run_id, fileId: row.id, fileName: row.file_name, importId: row.import_id, at: row.updated_at };
      });
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
  };
}
