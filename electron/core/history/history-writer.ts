// The writable side of the history store, for the runner only. Every change is one IMMEDIATE
// transaction on a database opened with synchronous=FULL: when a call returns ok, the row is on disk,
// and only then may the runner move the file or call 楽楽明細.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { appError, err, ok, type Result } from '../../../shared/result';
import { NOT_AWAITING_CHOICE_MESSAGE, NOT_AWAITING_OVERLAP_MESSAGE, type FileState, type FileStateName, type RunSummary } from '../../../shared/run';
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
  type OverlapChoice,
  type StoredFile,
} from './history-interface';
import { createSentLines, type SentLinesStore } from './sent-lines';
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

/** The data line count a state carries (checked, overlap); later states keep the row's. */
function linesOf(state: FileState): number | undefined {
  return state.state === 'checked' || state.state === 'overlap' ? state.lines : undefined;
}

/** Counts sit on the run row so a list of 100,000 runs never aggregates files. Kept in the same transaction as each file change. */
export const RECOUNT_RUN_SQL = `
    UPDATE runs SET (file_count, done_count, failed_count, skipped_count, attention_count, line_count) = (
      SELECT count(*),
        coalesce(sum(state = 'done'), 0),
        coalesce(sum(state = 'failed'), 0),
        coalesce(sum(state = 'skipped'), 0),
        coalesce(sum(state = 'unknown' OR (state = 'held' AND resolution IS NULL) OR (state = 'overlap' AND overlap_choice IS NULL)), 0),
        coalesce(sum(data_lines), 0)
      FROM run_files WHERE run_id = @runId)
    WHERE id = @runId`;

export function createHistoryWriter(db: Database.Database, deps: HistoryWriterDeps & { readonly sentLines?: SentLinesStore }): HistoryWriter {
  const { clock, timed } = deps;
  const sentLines = deps.sentLines ?? createSentLines(db, timed);
  const newId = deps.newId ?? randomUUID;
  const now = () => clock.now().toISOString();

  const insertRun = db.prepare(`
    INSERT INTO runs (id, target_kind, target_key, target_name, trigger, started_at)
    VALUES (@id, @targetKind, @targetKey, @targetName, @trigger, @startedAt)`);
  const runById = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const fileById = db.prepare<[number], FileRow>('SELECT * FROM run_files WHERE id = ?');
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
  const updatePaths = db.prepare(
    'UPDATE run_files SET current_path = @currentPath, staged_path = @stagedPath, updated_at = @now WHERE id = @id',
  );
  const insertRelease = db.prepare('INSERT OR IGNORE INTO customer_hold_releases (file_id, released_at) VALUES (@fileId, @now)');
  const updateResolution = db.prepare(
    'UPDATE run_files SET resolution = @action, resolved_at = @now, updated_at = @now WHERE id = @id',
  );
  const updateOverlapChoice = db.prepare(
    'UPDATE run_files SET overlap_choice = @choice, overlap_chosen_at = @now, updated_at = @now WHERE id = @id',
  );
  const recount = db.prepare<{ runId: string }>(RECOUNT_RUN_SQL);
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
          dataLines: linesOf(state) ?? null,
          issue: file.issue ?? 'new',
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
          dataLines: linesOf(state) ?? row.data_lines,
          now: now(),
        });
        // The lines a POST carries are guarded from the moment it may leave; a failed import frees them.
        if (state.state === 'sending' && extra.sentLines !== undefined) {
          sentLines.record({ fileId, settingKey: row.setting_key, runId: row.run_id, fileName: row.file_name, sentAt: now(), lines: extra.sentLines, source: 'history' });
        }
        // A 再送待ち given up (failed) or dropped because the clerk's file changed (skipped) never
        // reached 楽楽明細 either: its lines go free like a refused import's.
        if (state.state === 'failed' || state.state === 'skipped') sentLines.release(fileId, now());
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
        // 再送する: the clerk found no such import in 楽楽明細, so its lines were never issued.
        if (action === 'resend') sentLines.release(fileId, now());
        recount.run({ runId: row.run_id });
        return storedFileOfRow(fileById.get(fileId)!);
      });
      if (!refused.ok) return refused;
      if (refused.value === null) {
        return err(appError('history.not-held', NOT_AWAITING_CHOICE_MESSAGE, `file ${fileId}`));
      }
      return ok(refused.value);
    },

    resolveOverlap(fileId: number, choice: OverlapChoice): Result<StoredFile> {
      const answered = write('resolveOverlap', (): StoredFile | null => {
        const row = fileById.get(fileId);
        if (row === undefined || row.state !== 'overlap' || row.overlap_choice !== null) return null;
        updateOverlapChoice.run({ id: fileId, choice, now: now() });
        recount.run({ runId: row.run_id });
        return storedFileOfRow(fileById.get(fileId)!);
      });
      if (!answered.ok) return answered;
      if (answered.value === null) return err(appError('history.not-overlap', NOT_AWAITING_OVERLAP_MESSAGE, `file ${fileId}`));
      return ok(answered.value);
    },
  };
}
