// The history's memory of its own losses (migration 005): a detected loss stays pending — document
// files held, the clerk told in the window, the tray and the CLI — until the clerk confirms it.
// Recording a loss also takes back what the sent ledger knows and the history does not, in the
// same transaction: lines into the overlap guard, imports still in flight as 取込状況不明 rows (the
// next resume polls them), POSTs without an answer as 要確認 rows, in runs with their original id
// (the name the clerk looks for in 楽楽明細's 取込履歴 carries it).
import type Database from 'better-sqlite3';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { FileState, HistoryLossNotice } from '../../../shared/run';
import { heldReason } from '../../../shared/clerk-advice';
import type { RecoveryStep } from '../ledger/ledger-recovery';
import { decodeLines, type LedgerAttempt } from '../ledger/sent-ledger';
import type { Clock } from '../ports/clock';
import { lossMessage, type LossKind } from './history-loss';
import { RECOUNT_RUN_SQL } from './history-writer';
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
  /** Does the history know this ledger attempt (its row, or taken back before)? */
  knows(attempt: LedgerAttempt): boolean;
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

/** Why a 要確認 row came back from the ledger: the clerk looks for the import as usual. */
export const LOST_HISTORY_HELD_WHY = '実行履歴が失われたため、この送信が楽楽明細に届いたかどうか分かりません。';

export function createHistoryLossStore(db: Database.Database, deps: { readonly clock: Clock; readonly timed: Timed; readonly sentLines: SentLinesStore }): HistoryLossStore {
  const { clock, sentLines } = deps;
  const pendingRow = db.prepare<[], LossRow>('SELECT * FROM history_losses WHERE confirmed_at IS NULL ORDER BY id DESC LIMIT 1');
  const confirmAll = db.prepare('UPDATE history_losses SET confirmed_at = ? WHERE confirmed_at IS NULL');
  const fileKnown = db.prepare<[number, string], { n: number }>('SELECT 1 AS n FROM run_files WHERE id = ? AND run_id = ?');
  const taken = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM ledger_taken WHERE attempt = ?');
  const take = db.prepare('INSERT OR IGNORE INTO ledger_taken (attempt) VALUES (?)');
  const runs = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM runs');
  const scans = ['SELECT count(*) AS n FROM run_files', 'SELECT count(*) AS n FROM sent_contents', "SELECT count(*) AS n FROM run_files WHERE state_json <> ''"].map((sql) => db.prepare<[], { n: number }>(sql));
  const fileIdFree = db.prepare<[number], { n: number }>('SELECT 1 AS n FROM run_files WHERE id = ?');
  const insertRun = db.prepare(`
    INSERT OR IGNORE INTO runs (id, target_kind, target_key, target_name, trigger, started_at)
    VALUES (@id, 'report', @settingKey, @targetName, 'resume', @startedAt)`);
  const insertFile = db.prepare(`
    INSERT INTO run_files (id, run_id, kind, file_name, original_path, staged_path, current_path, setting_key,
      sha256, state, state_json, import_id, part_index, part_total, created_at, updated_at, data_lines, issue)
    VALUES (@id, @runId, 'report', @fileName, @path, @staged, @path, @settingKey,
      @sha, @state, @stateJson, @importId, @part, @parts, @at, @now, @lines, @issue)`);
  const recount = db.prepare<{ runId: string }>(RECOUNT_RUN_SQL);
  const insertLoss = db.prepare(`
    INSERT INTO history_losses (detected_at, kind, kept_at, evidence_json, recovered_json)
    VALUES (@at, @kind, @keptAt, @evidence, @recovered)`);

  const noticeOf = (row: LossRow): HistoryLossNotice => {
    const recovered = JSON.parse(row.recovered_json) as HistoryLossNotice['recovered'];
    const kind = row.kind as LossKind;
    return { id: row.id, detectedAt: row.detected_at, kind, keptAt: row.kept_at, recovered, message: lossMessage(kind, row.kept_at, recovered) };
  };

  /** Makes the row the attempt had, in the state the ledger leaves it in. */
  function restoreRow(step: RecoveryStep, targetName: string, now: string): number {
    const s = step.attempt.sending;
    const state: FileState = step.as === 'polled'
      ? { state: 'unknown', importId: step.importId ?? 0 }
      : { state: 'held', sha256: s.sha, reason: heldReason(s.run, LOST_HISTORY_HELD_WHY) };
    insertRun.run({ id: s.run, settingKey: step.attempt.settingKey, targetName, startedAt: s.at });
    // Its own id when free, so the ledger's later records for it still name it.
    const info = insertFile.run({
      id: fileIdFree.get(s.file) === undefined ? s.file : null, runId: s.run, fileName: s.name, path: s.path, staged: s.staged,
      settingKey: step.attempt.settingKey, sha: s.sha, state: state.state, stateJson: JSON.stringify(state),
      importId: step.importId, part: s.part, parts: s.parts, at: s.at, now, lines: s.lines.length, issue: s.issue,
    });
    return Number(info.lastInsertRowid);
  }

  const recordAll = db.transaction((loss: LossRecord, steps: readonly RecoveryStep[], targetName: (key: string) => string): number => {
    const now = clock.now().toISOString();
    const touched = new Set<string>();
    const recovered = { imported: 0, polled: 0, held: 0 };
    for (const step of steps) {
      take.run(step.attempt.sending.a);
      if (step.as === 'released') continue;
      recovered[step.as]++;
      const s = step.attempt.sending;
      const fileId = step.as === 'imported' ? null : restoreRow(step, targetName(step.attempt.settingKey), now);
      if (fileId !== null) touched.add(s.run);
      sentLines.record({ fileId, settingKey: step.attempt.settingKey, runId: s.run, fileName: s.name, sentAt: s.at, lines: decodeLines(s.lines), source: 'ledger' });
    }
    for (const runId of touched) recount.run({ runId });
    const info = insertLoss.run({ at: now, kind: loss.kind, keptAt: loss.keptAt, evidence: JSON.stringify(loss.evidence), recovered: JSON.stringify(recovered) });
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
    knows(attempt) {
      const s = attempt.sending;
      return fileKnown.get(s.file, s.run) !== undefined || taken.get(s.a) !== undefined;
    },
    probe() {
      for (const scan of scans) scan.get();
      return runs.get()?.n ?? 0;
    },
    record(loss, steps, targetName) {
      const id = deps.timed('recordLoss', () => recordAll.immediate(loss, steps, targetName));
      return noticeOf(db.prepare<[number], LossRow>('SELECT * FROM history_losses WHERE id = ?').get(id)!);
    },
  };
}
