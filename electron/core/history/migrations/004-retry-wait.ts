// Version 4 (issue 10): what 再送待ち and "customers before documents" need from the history.
// - run_files.next_attempt_at: a 再送待ち row's next automatic attempt, copied out of state_json by
//   the writer (NULL in every other state), with a partial index, so the agent finds the earliest
//   due retry at start-up and after every run without reading each row's JSON.
// - customer_hold_releases: the clerk's 「顧客データを待たずに送信する」 for a refused customer file;
//   while a refused customer file is the latest and not released, document files are held (保留).
import type { Migration } from './migration';

export const migration004: Migration = {
  version: 4,
  name: 'retry-wait and customer hold releases',
  up(db) {
    db.exec(`
      ALTER TABLE run_files ADD COLUMN next_attempt_at TEXT;
      CREATE INDEX run_files_retry_due ON run_files (next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;

      CREATE TABLE customer_hold_releases (
        file_id INTEGER PRIMARY KEY NOT NULL REFERENCES run_files (id) ON DELETE CASCADE,
        released_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
