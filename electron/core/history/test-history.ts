// Helpers for the history tests: an opened in-memory (or file) database with a manual clock.
import { ManualClock } from '../ports/clock';
import { MemoryLogger } from '../ports/logger';
import type { HistoryDatabase } from './history-interface';
import { openHistoryDatabase, type OpenHistoryOptions } from './history-database';

export function openForTest(path = ':memory:', extra: Partial<OpenHistoryOptions> = {}) {
  const clock = new ManualClock('2026-11-28T00:00:00.000Z');
  const logger = new MemoryLogger();
  let seq = 0;
  const opened = openHistoryDatabase(path, { clock, logger, newId: () => `run-${String(++seq).padStart(4, '0')}`, ...extra });
  if (!opened.ok) throw new Error(`open failed: ${opened.error.message}`);
  return { db: opened.value, clock, logger };
}

export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A file taken along the happy path to `done`. */
export function importFile(db: HistoryDatabase, runId: string, name: string, sha: string, importId: number, settingKey = 'customers') {
  const f = unwrap(db.writer.addFile({ runId, kind: settingKey === 'customers' ? 'customers' : 'report', fileName: name, originalPath: `/in/${name}`, settingKey }));
  unwrap(db.writer.setFileState(f.id, { state: 'checked', sha256: sha, lines: 10, bytes: 100 }));
  unwrap(db.writer.setFileState(f.id, { state: 'sending', sha256: sha }));
  unwrap(db.writer.setFileState(f.id, { state: 'sent', importId }));
  unwrap(db.writer.setFileState(f.id, { state: 'importing', importId }));
  return unwrap(db.writer.setFileState(f.id, { state: 'done', importId }, { currentPath: `/processed/${name}` }));
}
