// Version 2: the scheduler's memory of the last slot fired per report setting, so that a restart
// neither fires a slot twice nor forgets one missed while the PC was off (遅延実行).
import type { Migration } from './migration';

export const migration002: Migration = {
  version: 2,
  name: 'schedule_state',
  up(db) {
    db.exec(`
      CREATE TABLE schedule_state (
        report_id TEXT PRIMARY KEY NOT NULL,
        last_slot TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
