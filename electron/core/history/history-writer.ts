// The writable side of the history store, for the runner only. Every change is one IMMEDIATE
// transaction on a database opened with synchronous=FULL: when a call returns ok, the row is on disk,
// and only then may the runner move the file or call 楽楽明細.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { appError, err, ok, type Result } from '../../../shared/result';
import { NOT_AWAITING_CHOICE_MESSAGE, type FileState, type FileStateName, type RunSummary } from '../../../shared/run';
import type { Clock } from '../ports/clock';
import { canTransition } from './file-transitions';
import {
  IllegalFileTransitionError,
  type FilePaths,
  type FileStateExtra,
  type HeldAction,
  type HistoryWriter,
  type NewFile,
  type NewRun,
  type StoredFile,
} from './history-interface';
import { runSummaryOfRow, storedFileOfRow, targetKey, type FileRow, type RunRow } from './history-rows';
import type { Timed } from './slow-query-log';

export interface HistoryWriterDeps {
  readonly clock: Clock;
  readonly timed: Timed;
  readonly newId?: () => string;
}

/** Storage failures as values with a sentence for the clerk; programming errors keep throwing. */
export function storageError(operation: string, e: unknown) {
  const code = e instanceof Database.SqliteError ? e.code : 'UNKNOWN';
  const message =
    code === 'SQLITE_FULL'
      ? '実行履歴を保存できませんでした。ディスクの空き容量が不足しています。空きを作ってから、もう一度実行してください。'
      : code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
        ? '実行履歴を保存できませんでした。別の明細コネクタ（トレイのアプリかコマンド）が実行履歴を使用中です。少し待ってから、もう一度実行してください。'
        : code === 'SQLITE_READONLY' || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')
          ? '実行履歴を保存できませんでした。データフォルダへの書き込みが許可されていません。'
          : '実行履歴を保存できませんでした。ディスクの状態を確認してから、もう一度実行してください。';
  return appError('history.write', message, `${operation}: ${code}: ${e instanceof Error ? e.message : String(e)}`);
}

function isSqliteError(e: unknown): boolean {
  return e instanceof Database.SqliteError;
}

function shaOf(state: FileState): string | undefined {
  return 'sha256' in state ? state.sha256 : undefined;
}

function importIdOf(state: FileState): number | undefined {
  return 'importId' in state ? state.importId : undefined;
}

/** Kept in its own indexed column so the agent finds the earliest due retry without reading JSON. */
function nextAttemptOf(state: FileState): string | null {
  return state.state === 'retry-wait' ? state.nextAttemptAt : null;
}

export function createHistoryWriter(db: Database.Database, deps: HistoryWriterDeps): HistoryWriter {
  const { clock, timed } = deps;
  const newId = deps.newId ?? randomUUID;
  const now = () => clock.now().toISOString();

  const insertRun = db.prepare(`
    INSERT INTO runs (id, target_kind, target_key, target_name, trigger, started_at)
    VALUES (@id, @targetKind, @targetKey, @targetName, @trigger, @startedAt)`);
  const runById = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const fileById = db.prepare<[number], FileRow>('SELECT * FROM run_files WHERE id = ?');
  const insertFile = db.prepare(`
    INSERT INTO run_files (run_id, kind, file_name, original_path, staged_path, current_path, setting_key,
      sha256, state, state_json, import_id, part_index, part_total, problems_json, next_attempt_at, created_at, updated_at)
    VALUES (@runId, @kind, @fileName, @originalPath, @stagedPath, @currentPath, @settingKey,
      @sha256, @state, @stateJson, @importId, @partIndex, @partTotal, @problemsJson, @nextAttemptAt, @now, @now)`);
  const updateState = db.prepare(`
    UPDATE run_files SET state = @state, state_json = @stateJson, sha256 = @sha256, import_id = @importId,
      problems_json = @problemsJson, current_path = @currentPath, staged_path = @stagedPath,
      part_index = @partIndex, part_total = @partTotal, next_attempt_at = @nextAttemptAt, updated_at = @now
    WHERE id = @id`);
  const updatePaths = db.prepare(
    'UPDATE run_files SET current_path = @currentPath, staged_path = @stagedPath, updated_at = @now WHERE id = @id',
  );
  const insertRelease = db.prepare('INSERT OR IGNORE INTO customer_hold_releases (file_id, released_at) VALUES (@fileId, @now)');
  const updateResolution = db.prepare(
    'UPDATE run_files SET resolution = @action, resolved_at = @now, updated_at = @now WHERE id = @id',
  );
  // Counts sit on the run row so a list of 100,000 runs never aggregates files.
  const recount = db.prepare<{ runId: string }>(`
    UPDATE runs SET (file_count, done_count, failed_count, skipped_count, attention_count) = (
      SELECT count(*),
        coalesce(sum(state = 'done'), 0),
        coalesce(sum(state = 'failed'), 0),
        coalesce(sum(state = 'skipped'), 0),
        coalesce(sum(state = 'unknown' OR (state = 'held' AND resolution IS NULL)), 0)
      FROM run_files WHERE run_id = @runId)
    WHERE id = @runId`);
  const finish = db.prepare(
    `UPDATE runs SET outcome = @outcome, message = @message, finished_at = @now WHERE id = @id`,
  );
  const revise = db.prepare(`UPDATE runs SET outcome = @outcome, message = @message WHERE id = @id`);

  function mustFile(fileId: number): FileRow {
    const row = fileById.get(fileId);
    if (row === undefined) throw new Error(`history: no file with id ${fileId}`);
    return row;
  }

  /** Runs `fn` in an IMMEDIATE transaction; SQLite failures become values, everything else throws. */
  function write<T>(operation: string, fn: () => T): Result<T> {
    return timed(operation, () => {
      try {
        return ok(db.transaction(fn).immediate());
      } catch (e) {
        if (isSqliteError(e)) return err(storageError(operation, e));
        throw e;
      }
    });
  }

  return {
    createRun(run: NewRun): Result<RunSummary> {
      return write('createRun', () => {
        const id = run.id ?? newId();
        insertRun.run({
          id,
          targetKind: run.target.kind,
          targetKey: targetKey(run.target),
          targetName: run.targetName,
          trigger: run.trigger,
          startedAt: (run.startedAt ?? clock.now()).toISOString(),
        });
        return runSummaryOfRow(runById.get(id)!);
      });
    },

    addFile(file: NewFile): Result<StoredFile> {
      const state: FileState = file.state ?? { state: 'found' };
      if (state.state !== 'found' && !canTransition('found', state.state)) {
        throw new IllegalFileTransitionError(0, 'found', state.state);
      }
      return write('addFile', () => {
        if (runById.get(file.runId) === undefined) throw new Error(`history: no run with id ${file.runId}`);
        const info = insertFile.run({
          runId: file.runId,
          kind: file.kind,
          fileName: file.fileName,
          originalPath: file.originalPath,
          stagedPath: file.stagedPath ?? null,
          currentPath: file.currentPath === undefined ? file.originalPath : file.currentPath,
          settingKey: file.settingKey,
          sha256: shaOf(state) ?? null,
          state: state.state,
          stateJson: JSON.stringify(state),
          importId: importIdOf(state) ?? null,
          partIndex: file.partIndex ?? 1,
          partTotal: file.partTotal ?? 1,
          problemsJson: JSON.stringify(state.state === 'failed' ? state.problems : []),
          nextAttemptAt: nextAttemptOf(state),
          now: now(),
        });
        recount.run({ runId: file.runId });
        return storedFileOfRow(fileById.get(Number(info.lastInsertRowid))!);
      });
    },

    setFileState(fileId: number, state: FileState, extra: FileStateExtra = {}): Result<StoredFile> {
      return write('setFileState', () => {
        const row = mustFile(fileId);
        const from = row.state as FileStateName;
        if (!canTransition(from, state.state)) throw new IllegalFileTransitionError(fileId, from, state.state);
        updateState.run({
          id: fileId,
          state: state.state,
          stateJson: JSON.stringify(state),
          // Later states drop the hash and the import id; the row keeps them for 同一内容 and resume.
          sha256: shaOf(state) ?? row.sha256,
          importId: importIdOf(state) ?? row.import_id,
          problemsJson: state.state === 'failed' ? JSON.stringify(state.problems) : row.problems_json,
          currentPath: extra.currentPath === undefined ? row.current_path : extra.currentPath,
          stagedPath: extra.stagedPath === undefined ? row.staged_path : extra.stagedPath,
          partIndex: extra.partIndex ?? row.part_index,
          partTotal: extra.partTotal ?? row.part_total,
          nextAttemptAt: nextAttemptOf(state),
          now: now(),
        });
        recount.run({ runId: row.run_id });
        return storedFileOfRow(fileById.get(fileId)!);
      });
    },

    setFilePath(fileId: number, paths: FilePaths): Result<StoredFile> {
      return write('setFilePath', () => {
        const row = mustFile(fileId);
        updatePaths.run({
          id: fileId,
          currentPath: paths.currentPath === undefined ? row.current_path : paths.currentPath,
          stagedPath: paths.stagedPath === undefined ? row.staged_path : paths.stagedPath,
          now: now(),
        });
        return storedFileOfRow(fileById.get(fileId)!);
      });
    },

    finishRun(runId, outcome, message): Result<RunSummary> {
      return write('finishRun', () => {
        const row = runById.get(runId);
        if (row === undefined) throw new Error(`history: no run with id ${runId}`);
        if (row.outcome !== 'running') throw new Error(`history: run ${runId} already finished (${row.outcome})`);
        finish.run({ id: runId, outcome, message, now: now() });
        recount.run({ runId: runId });
        return runSummaryOfRow(runById.get(runId)!);
      });
    },

    reviseOutcome(runId, outcome, message): Result<RunSummary> {
      return write('reviseOutcome', () => {
        const row = runById.get(runId);
        if (row === undefined) throw new Error(`history: no run with id ${runId}`);
        if (row.outcome === 'running') throw new Error(`history: run ${runId} is still running; finishRun it`);
        revise.run({ id: runId, outcome, message });
        recount.run({ runId });
        return runSummaryOfRow(runById.get(runId)!);
      });
    },

    releaseCustomerHold(fileId: number): Result<StoredFile> {
      return write('releaseCustomerHold', () => {
        const row = mustFile(fileId);
        if (row.kind !== 'customers' || row.state !== 'failed') throw new Error(`history: file ${fileId} is not a refused customer file`);
        insertRelease.run({ fileId, now: now() });
        return storedFileOfRow(row);
      });
    },

    resolveHeld(fileId: number, action: HeldAction): Result<StoredFile> {
      // The window may send a stale id (two windows, a double click): refuse as a value, not a crash.
      const refused = write('resolveHeld', (): StoredFile | null => {
        const row = fileById.get(fileId);
        if (row === undefined || row.state !== 'held' || row.resolution !== null) return null;
        updateResolution.run({ id: fileId, action, now: now() });
        recount.run({ runId: row.run_id });
        return storedFileOfRow(fileById.get(fileId)!);
      });
      if (!refused.ok) return refused;
      if (refused.value === null) {
        return err(appError('history.not-held', NOT_AWAITING_CHOICE_MESSAGE, `file ${fileId}`));
      }
      return ok(refused.value);
    },
  };
}
