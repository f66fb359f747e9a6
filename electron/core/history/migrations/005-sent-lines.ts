// Version 5 (issue 11): what the overlap guard and the history-loss check need.
// - sent_contents / sent_lines: the fingerprint of every data line a document import carried, per
//   file sent, recorded in the same transaction as `sending` (so content in flight is guarded too);
//   a failed or refused import is released (released_at), never deleted, so the history keeps what
//   happened. Lines taken back from the sent ledger after a loss have no run_files row (file_id NULL).
//   sent_lines is WITHOUT ROWID keyed by the fingerprint: the guard's only question is "who sent this
//   line?", and the table stays ~30 bytes a line.
// - run_files: the data line count kept past `checked` (the window counts lines), the issue type
//   (差替発行 is a clerk's choice the history must show), and the clerk's answer to an overlap.
// - runs.line_count: the run's lines, kept by the writer like the other counts.
// - history_losses: a detected loss of the history, until the clerk confirms it; ledger_taken: the
//   ledger's send attempts already taken back, so one loss is reported once.
import type { Migration } from './migration';

export const migration005: Migration = {
  version: 5,
  name: 'sent lines, issue type, overlap choice, history losses',
  up(db) {
    db.exec(`
      ALTER TABLE run_files ADD COLUMN data_lines INTEGER;
      ALTER TABLE run_files ADD COLUMN issue TEXT NOT NULL DEFAULT 'new' CHECK (issue IN ('new', 'replace'));
      ALTER TABLE run_files ADD COLUMN overlap_choice TEXT CHECK (overlap_choice IN ('skip', 'replace', 'new-issue'));
      ALTER TABLE run_files ADD COLUMN overlap_chosen_at TEXT;
      ALTER TABLE runs ADD COLUMN line_count INTEGER NOT NULL DEFAULT 0;
      -- Files still at checked know their lines; later states of older rows did not keep them.
      UPDATE run_files SET data_lines = json_extract(state_json, '$.lines') WHERE state = 'checked';

      CREATE TABLE sent_contents (
        id INTEGER PRIMARY KEY,
        file_id INTEGER UNIQUE REFERENCES run_files (id) ON DELETE CASCADE,
        setting_key TEXT NOT NULL,
        run_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        released_at TEXT,
        source TEXT NOT NULL CHECK (source IN ('history', 'ledger'))
      ) STRICT;

      CREATE TABLE sent_lines (
        fingerprint BLOB NOT NULL,
        content_id INTEGER NOT NULL REFERENCES sent_contents (id),
        line INTEGER NOT NULL,
        PRIMARY KEY (fingerprint, content_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE history_losses (
        id INTEGER PRIMARY KEY,
        detected_at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('missing', 'unreadable', 'rows-gone')),
        kept_at TEXT,
        evidence_json TEXT NOT NULL,
        recovered_json TEXT NOT NULL,
        confirmed_at TEXT
      ) STRICT;

      CREATE TABLE ledger_taken (
        attempt TEXT PRIMARY KEY NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
