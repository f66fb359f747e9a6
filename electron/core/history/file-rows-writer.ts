// The writer's file rows: a file added to a run, each state it moves to (checked against the state
// machine, file-transitions.ts), and where it lies now. The lines a POST carries enter the sent-lines
// guard in the same transaction as its `sending`, and go free with a state that proves they never
// reached 楽楽明細.
import type Database from 'better-sqlite3';
import type { FileState, FileStateName } from '../../../shared/run';
import type { Result } from '../../../shared/result';
import { canTransition } from './file-transitions';
import { IllegalFileTransitionError, type HistoryWriter, type StoredFile } from './history-interface';
import { storedFileOfRow } from './history-rows';
import type { HistoryWrite } from './history-write';
import type { RowLookups } from './row-lookups';
import type { SentLinesStore } from './sent-lines';
import { stateColumns } from './state-columns';

export interface FileRowsDeps {
  readonly write: HistoryWrite;
  readonly rows: RowLookups;
  readonly recount: (runId: string) => void;
  /** The clock's now, ISO 8601. */
  readonly now: () => string;
  readonly sentLines: Pick<SentLinesStore, 'record' | 'release'>;
}

export type FileRowsWriter = Pick<HistoryWriter, 'addFile' | 'setFileState' | 'setFilePath'>;

export function createFileRowsWriter(db: Database.Database, deps: FileRowsDeps): FileRowsWriter {
  const { write, rows, recount, now, sentLines } = deps;
  const insertFile = db.prepare(`
    INSERT INTO run_files (run_id, kind, file_name, original_path, staged_path, current_path, setting_key,
      sha256, state, state_json, import_id, part_index, part_total, problems_json, next_attempt_at, created_at, updated_at, data_lines, issue)
    VALUES (@runId, @kind, @fileName, @originalPath, @stagedPath, @currentPath, @settingKey,
      @sha256, @state, @stateJson, @importId, @partIndex, @partTotal, @problemsJson, @nextAttemptAt, @now, @now, @dataLines, @issue)`);
  const updateState = db.prepare(`
    UPDATE run_files SET state = @state, state_json = @stateJson, sha256 = @sha256, import_id = @importId,
      problems_json = @problemsJson, current_path = @currentPath, staged_path = @stagedPath,
      part_index = @partIndex, part_total = @partTotal, next_attempt_at = @nextAttemptAt, data_lines = @dataLines, updated_at = @now
    WHERE id = @id`);
  const updatePaths = db.prepare('UPDATE run_files SET current_path = @currentPath, staged_path = @stagedPath, updated_at = @now WHERE id = @id');

  return {
    addFile(file): Result<StoredFile> {
      const state: FileState = file.state ?? { state: 'found' };
      if (state.state !== 'found' && !canTransition('found', state.state)) {
        throw new IllegalFileTransitionError(0, 'found', state.state);
      }
      return write('addFile', () => {
        rows.mustRun(file.runId);
        const info = insertFile.run({
          runId: file.runId,
          kind: file.kind,
          fileName: file.fileName,
          originalPath: file.originalPath,
          stagedPath: file.stagedPath ?? null,
          currentPath: file.currentPath === undefined ? file.originalPath : file.currentPath,
          settingKey: file.settingKey,
          ...stateColumns(state, null),
          partIndex: file.partIndex ?? 1,
          partTotal: file.partTotal ?? 1,
          now: now(),
          issue: file.issue ?? 'new',
        });
        recount(file.runId);
        return storedFileOfRow(rows.mustFile(Number(info.lastInsertRowid)));
      });
    },

    setFileState(fileId, state, extra = {}): Result<StoredFile> {
      return write('setFileState', () => {
        const row = rows.mustFile(fileId);
        const from = row.state as FileStateName;
        if (!canTransition(from, state.state)) throw new IllegalFileTransitionError(fileId, from, state.state);
        updateState.run({
          id: fileId,
          ...stateColumns(state, row),
          currentPath: extra.currentPath === undefined ? row.current_path : extra.currentPath,
          stagedPath: extra.stagedPath === undefined ? row.staged_path : extra.stagedPath,
          partIndex: extra.partIndex ?? row.part_index,
          partTotal: extra.partTotal ?? row.part_total,
          now: now(),
        });
        // The lines a POST carries are guarded from the moment it may leave; a failed import frees them.
        if (state.state === 'sending' && extra.sentLines !== undefined) {
          sentLines.record({ fileId, settingKey: row.setting_key, runId: row.run_id, fileName: row.file_name, sentAt: now(), lines: extra.sentLines, source: 'history' });
        }
        // A 再送待ち given up (failed) or dropped because the clerk's file changed (skipped) never
        // reached 楽楽明細 either: its lines go free like a refused import's.
        if (state.state === 'failed' || state.state === 'skipped') sentLines.release(fileId, now());
        recount(row.run_id);
        return storedFileOfRow(rows.mustFile(fileId));
      });
    },

    setFilePath(fileId, paths): Result<StoredFile> {
      return write('setFilePath', () => {
        const row = rows.mustFile(fileId);
        updatePaths.run({
          id: fileId,
          currentPath: paths.currentPath === undefined ? row.current_path : paths.currentPath,
          stagedPath: paths.stagedPath === undefined ? row.staged_path : paths.stagedPath,
          now: now(),
        });
        return storedFileOfRow(rows.mustFile(fileId));
      });
    },
  };
}
