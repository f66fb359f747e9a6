// Has the run history been lost? Asked once at start, before anything runs. A missing history.db
// is what a first start looks like too, so the answer rests on traces of earlier work in the data
// folder and the clerk's folders; a database that opens but lacks sends the sent ledger knows means
// its WAL was deleted or truncated (or an older copy was put back). When it was lost, the damaged
// files are kept aside (never overwritten) and the clerk is told in their words.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatLocal } from '../../../shared/local-time';
import type { HistoryLossNotice } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { DataPaths } from '../settings/data-paths';

export type LossKind = HistoryLossNotice['kind'];

/** What the start can see without the history. */
export interface LossFacts {
  /** `opened`: the database opened and answered; `unreadable`: it exists but is not a database (or is damaged). */
  readonly db: 'missing' | 'unreadable' | 'opened';
  /** Runs in the opened database (0 when it was just created). */
  readonly runs: number;
  /** Send attempts in the sent ledger that the history does not know. */
  readonly unknownAttempts: number;
  readonly traces: {
    /** `staging/` exists: the agent copied files to send before. */
    readonly staging: boolean;
    /** A 処理済み folder under one of the settings' folders. */
    readonly processed: boolean;
    /** The data folder's settings.json carries an agent id (saved before, and the history is made at the first start). */
    readonly agentId: boolean;
    /** The sent ledger holds records. */
    readonly ledger: boolean;
  };
}

export interface LossDecision {
  readonly kind: LossKind;
  /** Which traces told (for the log and the support bundle). */
  readonly evidence: readonly string[];
}

/** Pure: null when the history is what it should be. */
export function decideLoss(facts: LossFacts): LossDecision | null {
  const t = facts.traces;
  const evidence = [
    ...(t.staging ? ['staging'] : []),
    ...(t.processed ? ['processed'] : []),
    ...(t.agentId ? ['agent.id'] : []),
    ...(t.ledger ? ['sent-ledger'] : []),
    ...(facts.unknownAttempts > 0 ? [`${facts.unknownAttempts} sends unknown to the history`] : []),
  ];
  if (facts.db === 'unreadable') return { kind: 'unreadable', evidence };
  if (facts.db === 'missing') return t.staging || t.processed || t.agentId || t.ledger ? { kind: 'missing', evidence } : null;
  if (facts.unknownAttempts > 0) return { kind: 'rows-gone', evidence };
  // A database made again by someone (a new, empty file) while the agent had sent from here before.
  // The agent id alone does not count here: saving settings before the first run is normal.
  if (facts.runs === 0 && (t.staging || t.processed || t.ledger)) return { kind: 'missing', evidence };
  return null;
}

/** The traces, read from the disk. */
export function readTraces(paths: DataPaths, settings: Settings | null, ledgerHasRecords: boolean): LossFacts['traces'] {
  const folders = settings === null ? [] : [settings.customers.folder, ...settings.reports.map((r) => r.folder)].map((f) => join(settings.agent.root, f));
  return {
    staging: existsSync(paths.stagingDir),
    processed: folders.some((f) => existsSync(join(f, '処理済み'))),
    agentId: settingsFileHasAgentId(paths.settingsFile),
    ledger: ledgerHasRecords,
  };
}

function settingsFileHasAgentId(path: string): boolean {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as { agent?: { id?: unknown } };
    return typeof raw.agent?.id === 'string' && raw.agent.id !== '';
  } catch {
    return false;
  }
}

const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

/**
 * Keeps the damaged files in `history-lost-<local time>/` in the data folder: moved when the history
 * is made anew (missing, unreadable), copied when the database stays in use (rows gone). A name
 * already taken gets ` (2)`: nothing is ever overwritten. null when there was nothing to keep.
 */
export function keepAside(paths: DataPaths, kind: LossKind, at: Date): string | null {
  const present = SIDE_FILES.map((s) => `${paths.historyDb}${s}`).filter((p) => existsSync(p));
  if (present.length === 0) return null;
  const stamp = formatLocal(at, 'date-time-seconds').replace(/[-: ]/g, '').replace(/^(\d{8})/, '$1-');
  let folder = join(paths.dataDir, `history-lost-${stamp}`);
  for (let n = 2; existsSync(folder); n++) folder = join(paths.dataDir, `history-lost-${stamp} (${n})`);
  mkdirSync(folder, { recursive: true });
  for (const p of present) {
    const target = join(folder, basename(p));
    if (kind === 'rows-gone') copyFileSync(p, target);
    else renameSync(p, target);
  }
  return folder;
}

/** The clerk's account of a loss: what was found, what was kept, what happens next. */
export function lossMessage(kind: LossKind, keptAt: string | null, recovered: HistoryLossNotice['recovered']): string {
  const what =
    kind === 'unreadable'
      ? '実行履歴のデータベース（history.db）が壊れていて読めませんでした。'
      : kind === 'missing'
        ? '実行履歴のデータベース（history.db）が見つかりませんでした（以前に送信した形跡があります）。'
        : '実行履歴の一部（最近の記録）が失われていました。history.db-wal が削除されたか壊れた可能性があります。';
  const kept = keptAt === null ? '' : `元のファイルは「${keptAt}」に保管しました（上書きはしていません）。`;
  const waiting = recovered.waiting ?? 0;
  const back = recovered.imported + recovered.polled + recovered.held + waiting;
  const parts = [
    ...(recovered.imported > 0 ? [`取込済み${recovered.imported}件`] : []),
    ...(recovered.polled > 0 ? [`取込確認中${recovered.polled}件`] : []),
    ...(recovered.held > 0 ? [`要確認${recovered.held}件`] : []),
    ...(waiting > 0 ? [`再送待ち${waiting}件`] : []),
  ];
  const taken = back === 0 ? '' : `送信の記録（sent-ledger）から、以前の送信${back}件を取り戻しました（${parts.join('・')}）。`;
  return `${what}${kept}${taken}同じ帳票を二重に送らないよう、確認するまで帳票データの送信を止めています。内容を確認し、「確認しました」を選んでください。`;
}
