// Opening the history at start, with the question of whether it was lost. The engine's only way in:
// history.db missing while traces of earlier sends exist, a file that is no database (or is
// damaged), or a database that lacks sends the sent ledger knows (a deleted or truncated WAL) — each
// is a loss. Then the damaged files are kept aside (history-loss.ts), a usable history is opened, the
// ledger's sends are taken back into it, and the loss is recorded as pending: document files stay
// where they are until the clerk confirms (the runner asks `losses.pending()`).
import { existsSync } from 'node:fs';
import { appError, err, ok, type AppError, type Result } from '../../../shared/result';
import Database from 'better-sqlite3';
import type { Settings } from '../../../shared/settings/schema';
import { planRecovery } from '../ledger/ledger-recovery';
import { openSentLedger, type SentLedger } from '../ledger/sent-ledger';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { DataPaths } from '../settings/data-paths';
import { openHistoryDatabase, type OpenHistoryOptions } from './history-database';
import type { HistoryDatabase } from './history-interface';
import { decideLoss, keepAside, readTraces, type LossFacts } from './history-loss';

export interface CheckedHistory {
  readonly db: HistoryDatabase;
  readonly ledger: SentLedger;
}

export interface CheckedHistoryInput {
  readonly paths: DataPaths;
  /** The settings in force (their folders are where 処理済み traces are looked for); null before the first save. */
  readonly settings: Settings | null;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly options?: Omit<OpenHistoryOptions, 'logger' | 'clock'>;
}

/** An error that means the file is there but is no (longer a whole) database. */
function isDamage(error: AppError): boolean {
  return /SQLITE_(NOTADB|CORRUPT)|not a database|malformed/i.test(`${error.code} ${error.detail ?? ''}`);
}

function isDamageThrown(e: unknown): boolean {
  return e instanceof Database.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(e.code);
}

export function openCheckedHistory(input: CheckedHistoryInput): Result<CheckedHistory> {
  const { paths, logger, clock } = input;
  const open = () => openHistoryDatabase(paths.historyDb, { ...input.options, logger, clock });
  const ledger = openSentLedger(paths.dataDir);

  let db: HistoryDatabase | null = null;
  let state: LossFacts['db'] = 'missing';
  let runs = 0;
  if (existsSync(paths.historyDb)) {
    const opened = open();
    if (opened.ok) {
      try {
        runs = opened.value.losses.probe();
        db = opened.value;
        state = 'opened';
      } catch (e) {
        opened.value.close();
        if (!isDamageThrown(e)) throw e;
        logger.error('history: database damaged', { detail: e instanceof Error ? e.message : String(e) });
        state = 'unreadable';
      }
    } else if (isDamage(opened.error)) {
      state = 'unreadable';
    } else {
      return opened;
    }
  }

  // Every ledger attempt, with what it says; those the history lacks (or is behind on) mean a loss.
  const steps = planRecovery(ledger.readAll());
  const current = db;
  const unknown = current === null ? steps.filter((s) => s.as !== 'released').length : steps.filter((s) => s.as !== 'released' && current.losses.lag(s) !== null).length;
  const decision = decideLoss({ db: state, runs, unknownAttempts: unknown, traces: readTraces(paths, input.settings, ledger.hasRecords()) });
  if (decision === null) {
    if (db !== null) return ok({ db, ledger });
    const fresh = open();
    return fresh.ok ? ok({ db: fresh.value, ledger }) : fresh;
  }

  // Lost. Keep what is there aside first: a history made anew must not overwrite it.
  let keptAt: string | null;
  try {
    keptAt = keepAside(paths, decision.kind, clock.now());
  } catch (e) {
    db?.close();
    return err(appError(
      'history.open',
      `実行履歴が失われていることを検出しましたが、元のファイルを保管できませんでした（${paths.dataDir}）。データフォルダの空き容量とアクセス権を確認してから、起動し直してください。`,
      e instanceof Error ? e.message : String(e),
    ));
  }
  if (db === null) {
    const fresh = open();
    if (!fresh.ok) return fresh;
    db = fresh.value;
  }
  const usable = db;
  const names = new Map(input.settings?.reports.map((r) => [r.id, r.name]) ?? []);
  const notice = usable.losses.record({ kind: decision.kind, keptAt, evidence: decision.evidence }, steps, (key) => names.get(key) ?? key);
  logger.error('history: lost, document files held until the clerk confirms', { kind: decision.kind, evidence: decision.evidence, keptAt, recovered: notice.recovered });
  return ok({ db: usable, ledger });
}
