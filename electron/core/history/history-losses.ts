// The history's memory of its own losses (migration 005): a detected loss stays pending — document
// files held, the clerk told in the window, the tray and the CLI — until the clerk confirms it.
// Recording a loss also takes back what the sent ledger knows and the history does not, in the
// same transaction: lines into the overlap guard, imports still in flight as 取込状況不明 rows (the
// resume that follows polls them, never sends them), POSTs without an answer as `sending` rows (the
// resume makes them 要確認 and files them under エラー, as after any crash), 要確認 files as 要確認
// again, POSTs that provably never arrived as 再送待ち again (the agent resends them once the clerk
// confirmed) — in runs with their original id (the name the clerk looks for in 楽楽明細's 取込履歴).
import type Database from 'better-sqlite3';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { FileState, FileStateName, HistoryLossNotice } from '../../../shared/run';
import { heldReason, legacyImportProcessName } from '../../../shared/clerk-advice';
import type { RecoveryStep } from '../ledger/ledger-recovery';
import { decodeLines } from '../ledger/sent-ledger';
import type { Clock } from '../ports/clock';
import { lossMessage, type LossKind } from './history-loss';
import { RECOUNT_RUN_SQL } from './run-counts';
import type { SentLinesStore } from './sent-lines';
import type { Timed } from './slow-query-log';

export interface LossRecord {
  readonly kind: LossKind;
  readonly keptAt: string | null;
  readonly evidence: readonly string[];
}

export interface HistoryLossStore {
  /** The loss waiting for the clerk's confirmation (the latest, when there are several), or null. */
  pending(): HistoryLossNotice | null;
  /** The clerk confirmed: document files go again. Refused (as a value) when nothing is pending. */
  confirm(): Result<HistoryLossNotice>;
  /**
   * How far the history is behind what the ledger says of one attempt: `missing` (no row), `behind`
   * (its row stopped at an earlier state), or null (the history knows, or took it back before).
   * The ledger is written after the history, so a healthy history is never behind it.
   */
  lag(step: RecoveryStep): 'missing' | 'behind' | null;
  /**
   * Runs recorded (0 for a database just made), read by scanning the tables the runner uses: a
   * truncated or damaged file fails here (SQLITE_CORRUPT) rather than in the middle of a run.
   */
  probe(): number;
  /** Records a loss and takes back the ledger's attempts, in one transaction. */
  record(loss: LossRecord, steps: readonly RecoveryStep[], targetName: (settingKey: string) => string): HistoryLossNotice;
}

interface LossRow {
  readonly id: number;
  readonly detected_at: string;
  readonly kind: string;
  readonly kept_at: string | null;
  readonly recovered_json: string;
}

/** Why a 再送待ち row came back from the ledger without its own reason. */
const LOST_HISTORY_WAIT_REASON = '楽楽明細に届かなかった送信を、送信の記録（sent-ledger）から再送待ちに戻しました。';

/** Why a 要確認 row came back from the ledger: the clerk looks for the import as usual. */
export const LOST_HISTORY_HELD_WHY = '実行履歴が失われたため、この送信が楽楽明細に届いたかどうか分かりません。';

/** How far along a file's life a state is: the ledger's word is taken only where the history is behind it. */
const RANK: Record<FileStateName, number> = {
  // 再送待ち is in flight like `sending` (its lines are held); which of the two came last, lag() asks.
  found: 0, checked: 0, sending: 1, 'retry-wait': 1,
  sent: 2, importing: 2, unknown: 2, held: 2, overlap: 2,
  done: 3, failed: 3, 'no-data': 3, duplicate: 3, skipped: 3,
};

/** The state (and clerk's answer) the ledger leaves an attempt in; null when it left nothing to keep. */
function ledgerState(step: RecoveryStep, now: string): { readonly state: FileState; readonly markSent: boolean } | null {
  const s = step.attempt.sending;
  // The clerk looks for the import under the name its POST carried.
  const importName = s.importName ?? legacyImportProcessName(s.run);
  const held: FileState = { state: 'held', sha256: s.sha, reason: heldReason(importName, LOST_HISTORY_HELD_WHY), importName };
  switch (step.as) {
    case 'released':
      return null;
    case 'waiting': {
      // Due at once: the agent's timer takes it (after the clerk confirmed the loss), its 72 hours kept.
      const w = step.waiting ?? { firstFailedAt: s.at, attempts: 1, reason: LOST_HISTORY_WAIT_REASON };
      return { state: { state: 'retry-wait', sha256: s.sha, attempts: w.attempts, nextAttemptAt: now, firstFailedAt: w.firstFailedAt, reason: w.reason }, markSent: false };
    }
    case 'polled':
      return { state: { state: 'unknown', importId: step.importId ?? 0 }, markSent: false };
    case 'imported':
      // Imported with an id: done; confirmed by the clerk (送信済みにする) without one: held, answered.
      return step.importId === null ? { state: held, markSent: true } : { state: { state: 'done', importId: step.importId }, markSent: false };
    case 'held':
      // 要確認 before the loss stays 要確認; a POST without an answer goes back to `sending`, which the
      // resume that follows makes 要確認 and files under エラー, as after any crash.
      return step.attempt.outcomes.at(-1)?.t === 'held' ? { state: held, markSent: false } : { state: { state: 'sending', sha256: s.sha, ...(s.importName !== undefined ? { importName: s.importName } : {}) }, markSent: false };
  }
}

interface FileStateRow {
  readonly state: string;
  readonly run_id: string;
}

export function createHistoryLossStore(db: Database.Database, deps: { readonly clock: Clock; readonly timed: Timed; readonly sentLines: SentLinesStore }): HistoryLossStore {
  const { clock, sentLines } = deps;
  const pendingRow = db.prepare<[], LossRow>('SELECT * FROM history_losses WHERE confirmed_at IS NULL ORDER BY id DESC LIMIT 1');
  const lossById = db.prepare<[number], LossRow>('SELECT * FROM history_losses WHERE id = ?');
  const confirmAll = db.prepare('UPDATE history_losses SET confirmed_at = ? WHERE confirmed_at IS NULL');
  const fileRow = db.prepare<[number], FileStateRow>('SELECT state, run_id FROM run_files WHERE id = ?');
  const taken = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM ledger_taken WHERE attempt = ?');
  const take = db.prepare('INSERT OR IGNORE INTO ledger_taken (attempt) VALUES (?)');
  const runs = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM runs');
  const scans = ['SELECT count(*) AS n FROM run_files', 'SELECT count(*) AS n FROM sent_contents', "SELECT count(*) AS n FROM run_files WHERE state_json <> ''"].map((sql) => db.prepare<[], { n: number }>(sql));
  const insertRun = db.prepare(`
    INSERT OR IGNORE INTO runs (id, target_kind, target_key, target_name, trigger, started_at)
    VALUES (@id, 'report', @settingKey, @targetName, 'resume', @startedAt)`);
  // A run that must be finished again by the resume, now that its files are open again.
  const reopenRun = db.prepare(`UPDATE runs SET outcome = 'running', finished_at = NULL WHERE id = ?`);
  const insertFile = db.prepare(`
    INSERT INTO run_files (id, run_id, kind, file_name, original_path, staged_path, current_path, setting_key,
      sha256, state, state_json, import_id, part_index, part_total, created_at, updated_at, data_lines, issue, resolution, resolved_at, next_attempt_at)
    VALUES (@id, @runId, 'report', @fileName, @path, @staged, @current, @settingKey,
      @sha, @state, @stateJson, @importId, @part, @parts, @at, @now, @lines, @issue, @resolution, @resolvedAt, @nextAttemptAt)`);
  const advanceFile = db.prepare(`
    UPDATE run_files SET state = @state, state_json = @stateJson, sha256 = @sha, import_id = coalesce(@importId, import_id),
      staged_path = coalesce(staged_path, @staged), data_lines = @lines, resolution = @resolution, resolved_at = @resolvedAt,
      next_attempt_at = @nextAttemptAt, updated_at = @now
    WHERE id = @id`);
  const recount = db.prepare<{ runId: string }>(RECOUNT_RUN_SQL);
  const insertLoss = db.prepare(`
    INSERT INTO history_losses (detected_at, kind, kept_at, evidence_json, recovered_json)
    VALUES (@at, @kind, @keptAt, @evidence, @recovered)`);

  const noticeOf = (row: LossRow): HistoryLossNotice => {
    const recovered = JSON.parse(row.recovered_json) as HistoryLossNotice['recovered'];
    const kind = row.kind as LossKind;
    return { id: row.id, detectedAt: row.detected_at, kind, keptAt: row.kept_at, recovered, message: lossMessage(kind, row.kept_at, recovered) };
  };

  function lag(step: RecoveryStep): 'missing' | 'behind' | null {
    const s = step.attempt.sending;
    if (taken.get(s.a) !== undefined) return null;
    const target = ledgerState(step, clock.now().toISOString());
    const row = fileRow.get(s.file);
    if (row === undefined || row.run_id !== s.run) return target === null ? null : 'missing';
    if (target === null) return null;
    // Waiting in the history, yet sent again by the ledger: the history lost that POST, which may have
    // arrived. Resending it by itself could import it twice; it goes back to `sending` (then 要確認).
    if (row.state === 'retry-wait' && target.state.state === 'sending') return 'behind';
    return RANK[row.state as FileStateName] < RANK[target.state.state] ? 'behind' : null;
  }

  /** Makes (or moves forward) the row the attempt had, in the state the ledger leaves it in. */
  function restoreRow(step: RecoveryStep, how: 'missing' | 'behind', targetName: string, now: string): number | null {
    const s = step.attempt.sending;
    const target = ledgerState(step, now);
    if (target === null) return null;
    const { state, markSent } = target;
    const values = {
      sha: s.sha, state: state.state, stateJson: JSON.stringify(state), importId: step.importId, staged: s.staged, lines: s.lines.length, now,
      resolution: markSent ? 'mark-sent' : null, resolvedAt: markSent ? now : null,
      nextAttemptAt: state.state === 'retry-wait' ? state.nextAttemptAt : null,
    };
    if (how === 'behind') {
      advanceFile.run({ ...values, id: s.file });
      reopenRun.run(s.run);
      return s.file;
    }
    // Nothing in flight, nothing to decide: an imported file only gives its lines back.
    if (state.state === 'done' || markSent) return null;
    insertRun.run({ id: s.run, settingKey: step.attempt.settingKey, targetName, startedAt: s.at });
    reopenRun.run(s.run);
    // Its own id when free, so the ledger's later records for it still name it.
    const info = insertFile.run({
      ...values, id: fileRow.get(s.file) === undefined ? s.file : null, runId: s.run, fileName: s.name, path: s.path, current: s.current ?? s.path,
      settingKey: step.attempt.settingKey, part: s.part, parts: s.parts, at: s.at, issue: s.issue,
    });
    return Number(info.lastInsertRowid);
  }

  const recordAll = db.transaction((loss: LossRecord, steps: readonly RecoveryStep[], targetName: (key: string) => string): number => {
    const now = clock.now().toISOString();
    const touched = new Set<string>();
    const recovered = { imported: 0, polled: 0, held: 0, waiting: 0 };
    for (const step of steps) {
      const how = lag(step);
      take.run(step.attempt.sending.a);
      if (how === null || step.as === 'released') continue;
      recovered[step.as]++;
      const s = step.attempt.sending;
      const fileId = restoreRow(step, how, targetName(step.attempt.settingKey), now);
      if (fileId !== null) touched.add(s.run);
      sentLines.record({ fileId, settingKey: step.attempt.settingKey, runId: s.run, fileName: s.name, sentAt: s.at, lines: decodeLines(s.lines), source: 'ledger' });
    }
    for (const runId of touched) recount.run({ runId });
    const info = insertLoss.run({ at: now, kind: loss.kind, keptAt: loss.keptAt, evidence: JSON.stringify(loss.evidence), recovered: JSON.stringify(recovered.waiting > 0 ? recovered : { imported: recovered.imported, polled: recovered.polled, held: recovered.held }) });
    return Number(info.lastInsertRowid);
  });

  return {
    pending() {
      const row = pendingRow.get();
      return row === undefined ? null : noticeOf(row);
    },
    confirm() {
      const row = pendingRow.get();
      if (row === undefined) return err(appError('history.no-loss', '確認が必要な実行履歴の問題はありません。画面を更新してください。'));
      confirmAll.run(clock.now().toISOString());
      return ok(noticeOf(row));
    },
    lag,
    probe() {
      for (const scan of scans) scan.get();
      return runs.get()?.n ?? 0;
    },
    record(loss, steps, targetName) {
      const id = deps.timed('recordLoss', () => recordAll.immediate(loss, steps, targetName));
      return noticeOf(lossById.get(id)!);
    },
  };
}
