// Version 3: a plain index on run_files.state instead of 001's partial one. SQLite only uses a partial
// index when it can prove the query's WHERE implies the index's, and it cannot for a narrower IN list,
// so resume (findUnfinishedFiles) and the tray badge (attentionCount) scanned every file: ~60 ms at
// 100,000 runs × 5 files, on every badge refresh.
import type { Migration } from './migration';

export const migration003: Migration = {
  version: 3,
  name: 'plain state index',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS run_files_open;
      CREATE INDEX run_files_by_state ON run_files (state, id);
    `);
  },
};
