import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../ports/clock';
import { MemoryLogger, silentLogger } from '../../ports/logger';
import { openHistoryDatabase } from '../history-database';
import { migration001 } from './001-initial';
import { migration002 } from './002-schedule-state';
import { migration003 } from './003-state-index';
import { migration004 } from './004-retry-wait';
import { migration005 } from './005-sent-lines';
import { LATEST_VERSION, MIGRATIONS, readUserVersion, runMigrations, type Migration } from './index';

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all()
    .map((r) => r.name);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meisai-migrate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('001 creates runs and run_files with their indexes', () => {
    const db = new Database(':memory:');
    expect(runMigrations(db, silentLogger, [migration001])).toEqual({ ok: true, value: { from: 0, to: 1 } });
    expect(readUserVersion(db)).toBe(1);
    expect(tables(db)).toEqual([
      'run_files',
      'run_files_by_run',
      'run_files_by_sha',
      'run_files_open',
      'runs',
      'runs_by_outcome',
      'runs_by_start',
      'runs_by_target',
    ]);
  });

  it('002 adds schedule_state to a version-1 database and keeps its rows', () => {
    const db = new Database(':memory:');
    runMigrations(db, silentLogger, [migration001]);
    db.prepare(`INSERT INTO runs (id, target_kind, target_key, target_name, trigger, started_at) VALUES ('r', 'customers', 'customers', '顧客データ', 'manual', '2026-01-01T00:00:00.000Z')`).run();
    expect(runMigrations(db, silentLogger, [migration001, migration002])).toEqual({ ok: true, value: { from: 1, to: 2 } });
    expect(tables(db)).toContain('schedule_state');
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 1 });
  });

  it('003 replaces the partial state index by one the resume and badge queries can use', () => {
    const db = new Database(':memory:');
    runMigrations(db, silentLogger, [migration001, migration002]);
    expect(runMigrations(db, silentLogger, [migration001, migration002, migration003])).toEqual({ ok: true, value: { from: 2, to: 3 } });
    expect(tables(db)).toContain('run_files_by_state');
    expect(tables(db)).not.toContain('run_files_open');
    const plan = db
      .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT * FROM run_files WHERE state IN ('found', 'checked', 'sending', 'sent', 'importing', 'unknown') ORDER BY id`)
      .all()
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('run_files_by_state');
  });

  it('004 adds next_attempt_at (indexed for due retries) and customer_hold_releases, keeping the rows', () => {
    const db = new Database(':memory:');
    runMigrations(db, silentLogger, [migration001, migration002, migration003]);
    db.prepare(`INSERT INTO runs (id, target_kind, target_key, target_name, trigger, started_at) VALUES ('r', 'customers', 'customers', '顧客データ', 'manual', '2026-01-01T00:00:00.000Z')`).run();
    db.prepare(`INSERT INTO run_files (run_id, kind, file_name, original_path, setting_key, state, state_json, created_at, updated_at)
      VALUES ('r', 'customers', 'c.csv', '/in/c.csv', 'customers', 'done', '{"state":"done","importId":1}', 'x', 'x')`).run();
    expect(runMigrations(db, silentLogger, [migration001, migration002, migration003, migration004])).toEqual({ ok: true, value: { from: 3, to: 4 } });
    expect(tables(db)).toEqual(expect.arrayContaining(['customer_hold_releases', 'run_files_retry_due']));
    expect(db.prepare('SELECT next_attempt_at FROM run_files').get()).toEqual({ next_attempt_at: null });
    const plan = db
      .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT * FROM run_files WHERE next_attempt_at IS NOT NULL ORDER BY next_attempt_at, id`)
      .all()
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('run_files_retry_due');
    db.prepare(`INSERT INTO customer_hold_releases (file_id, released_at) VALUES (1, 'x')`).run();
    // A release belongs to its file: deleting the run (cascade) forgets it.
    db.pragma('foreign_keys = ON');
    db.prepare(`DELETE FROM runs WHERE id = 'r'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM customer_hold_releases').get()).toEqual({ n: 0 });
  });

  it('005 adds the sent-line tables and columns, and keeps the line count of files still at checked', () => {
    const db = new Database(':memory:');
    runMigrations(db, silentLogger, [migration001, migration002, migration003, migration004]);
    db.prepare(`INSERT INTO runs (id, target_kind, target_key, target_name, trigger, started_at) VALUES ('r', 'report', 'bill', '請求書', 'manual', '2026-01-01T00:00:00.000Z')`).run();
    db.prepare(`INSERT INTO run_files (run_id, kind, file_name, original_path, setting_key, state, state_json, created_at, updated_at)
      VALUES ('r', 'report', 'b.csv', '/in/b.csv', 'bill', 'checked', '{"state":"checked","sha256":"x","lines":7,"bytes":9}', 't', 't')`).run();
    expect(runMigrations(db, silentLogger, [migration001, migration002, migration003, migration004, migration005])).toEqual({ ok: true, value: { from: 4, to: 5 } });
    expect(tables(db)).toEqual(expect.arrayContaining(['sent_contents', 'sent_lines', 'history_losses', 'ledger_taken']));
    expect(db.prepare('SELECT data_lines, issue, overlap_choice FROM run_files').get()).toEqual({ data_lines: 7, issue: 'new', overlap_choice: null });
    expect(db.prepare('SELECT line_count FROM runs').get()).toEqual({ line_count: 0 });
    // The guard's lookup is the table's own key, not a scan.
    const plan = db
      .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT c.run_id FROM sent_lines l JOIN sent_contents c ON c.id = l.content_id WHERE l.fingerprint = x'00' AND c.setting_key = 'bill'`)
      .all()
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(/SEARCH l USING PRIMARY KEY \(fingerprint=\?\)/);
  });

  it('does nothing on an up-to-date database', () => {
    const db = new Database(':memory:');
    runMigrations(db, silentLogger);
    const logger = new MemoryLogger();
    expect(runMigrations(db, logger)).toEqual({ ok: true, value: { from: LATEST_VERSION, to: LATEST_VERSION } });
    expect(logger.lines).toEqual([]);
  });

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        d.exec('THIS IS NOT SQL');
      },
    };
    const r = runMigrations(db, silentLogger, [...MIGRATIONS, broken]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('history.migrate');
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).not.toContain('half_done');
  });

  it('throws on a gap in the list (a bug, not a clerk problem)', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, silentLogger, [migration002])).toThrow(/expected 1/);
  });

  it('refuses a database written by a newer version, with a Japanese message, without touching it', () => {
    const file = join(dir, 'history.db');
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    const logger = new MemoryLogger();
    const r = openHistoryDatabase(file, { logger, clock: new ManualClock('2026-11-28T00:00:00Z') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('history.too-new');
    expect(r.error.message).toContain('より新しいバージョン');
    expect(r.error.message).toContain(file);
    const after = new Database(file);
    expect(readUserVersion(after)).toBe(99);
    expect(tables(after)).toEqual([]);
    after.close();
  });

  it('reports a file that is not a database as a value', () => {
    const file = join(dir, 'history.db');
    writeFileSync(file, 'this is not sqlite, just text that is long enough to have a header'.repeat(20));
    const r = openHistoryDatabase(file, { logger: silentLogger, clock: new ManualClock('2026-11-28T00:00:00Z') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('history.open');
  });

  it('opens a file database in WAL mode (persistent across connections), creating its folder', () => {
    const file = join(dir, 'sub', 'history.db');
    const r = openHistoryDatabase(file, { logger: silentLogger, clock: new ManualClock('2026-11-28T00:00:00Z') });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.schemaVersion).toBe(LATEST_VERSION);
      r.value.close();
    }
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });
});
