// Version 1: runs and their files. Counts live on the run row (kept by the writer in the same
// transaction as each file change) so that listing 100,000 runs never aggregates files.
import type { Migration } from './migration';

export const migration001: Migration = {
  version: 1,
  name: 'runs and run_files',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id TEXT PRIMARY KEY NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('report', 'customers')),
        -- 'customers' or the report setting id: what HistoryFilter.target matches.
        target_key TEXT NOT NULL,
        target_name TEXT NOT NULL,
        trigger TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT NOT NULL DEFAULT 'running',
        message TEXT NOT NULL DEFAULT '',
        file_count INTEGER NOT NULL DEFAULT 0,
        done_count INTEGER NOT NULL DEFAULT 0,
        failed_count INTEGER NOT NULL DEFAULT 0,
        skipped_count INTEGER NOT NULL DEFAULT 0,
        attention_count INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      -- Newest first, optionally narrowed by setting or by outcome.
      CREATE INDEX runs_by_start ON runs (started_at, id);
      CREATE INDEX runs_by_target ON runs (target_key, started_at, id);
      CREATE INDEX runs_by_outcome ON runs (outcome, started_at, id);

      CREATE TABLE run_files (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('customers', 'report')),
        file_name TEXT NOT NULL,
        original_path TEXT NOT NULL,
        staged_path TEXT,
        current_path TEXT,
        setting_key TEXT NOT NULL,
        sha256 TEXT,
        state TEXT NOT NULL,
        state_json TEXT NOT NULL,
        import_id INTEGER,
        part_index INTEGER NOT NULL DEFAULT 1,
        part_total INTEGER NOT NULL DEFAULT 1,
        problems_json TEXT NOT NULL DEFAULT '[]',
        resolution TEXT CHECK (resolution IN ('resend', 'mark-sent')),
        resolved_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX run_files_by_run ON run_files (run_id, id);
      -- Only the few rows a resume or the tray badge looks for.
      CREATE INDEX run_files_open ON run_files (state, id)
        WHERE state IN ('found', 'checked', 'sending', 'sent', 'importing', 'unknown', 'held');
      CREATE INDEX run_files_by_sha ON run_files (setting_key, sha256) WHERE sha256 IS NOT NULL;
    `);
  },
};
