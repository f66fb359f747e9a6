// The rows a write reads back: the one it is about to change (a missing one is a bug in the caller,
// never a clerk's error) and the one it changed, returned as the shared vocabulary.
import type Database from 'better-sqlite3';
import type { FileRow, RunRow } from './history-rows';

export interface RowLookups {
  run(id: string): RunRow | undefined;
  /** Throws when there is no such run: the caller holds an id the history never gave out. */
  mustRun(id: string): RunRow;
  file(id: number): FileRow | undefined;
  /** Throws when there is no such file. */
  mustFile(id: number): FileRow;
}

export function createRowLookups(db: Database.Database): RowLookups {
  const runById = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const fileById = db.prepare<[number], FileRow>('SELECT * FROM run_files WHERE id = ?');
  return {
    run: (id) => runById.get(id),
    mustRun(id) {
      const row = runById.get(id);
      if (row === undefined) throw new Error(`history: no run with id ${id}`);
      return row;
    },
    file: (id) => fileById.get(id),
    mustFile(id) {
      const row = fileById.get(id);
      if (row === undefined) throw new Error(`history: no file with id ${id}`);
      return row;
    },
  };
}
