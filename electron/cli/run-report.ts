// Turns finished runs into what the terminal shows: one table row per file (Japanese, aligned for
// CJK widths) and the runs' one-line summaries; or the same as JSON for scripts.
import { basename, relative } from 'node:path';
import { formatLocal } from '../../shared/local-time';
import { FILE_STATE_LABELS, OUTCOME_LABELS, overlapMessage, type FileState, type RunSummary } from '../../shared/run';
import type { HistoryReader, StoredFile } from '../core/history/history-interface';
import { outcomeFacts } from '../core/runner/run-outcome';
import { formatTable, truncateDisplay } from './text-table';

function detailOf(state: FileState): string {
  switch (state.state) {
    case 'done':
    case 'sent':
    case 'importing':
    case 'unknown':
      return `取込ID ${state.importId}`;
    case 'checked':
      return `${state.lines}件`;
    case 'failed': {
      const [first, ...rest] = state.problems;
      // Whole messages are in history --json and in the .txt beside the file; the table stays readable.
      const text = truncateDisplay((first?.message ?? '').replace(/^「[^」]*」/, ''), 56);
      return `${text}${rest.length > 0 ? `（ほか${rest.length}件）` : ''}`;
    }
    case 'held':
    case 'skipped':
      return state.reason;
    case 'retry-wait':
      return `次回 ${formatLocal(new Date(state.nextAttemptAt), 'date-time')}: ${state.reason}`;
    case 'duplicate':
      return `同一内容（実行 ${state.previousRunId}）`;
    case 'overlap':
      return overlapMessage(state.lines, state.overlapping);
    default:
      return '';
  }
}

function whereNow(file: StoredFile, root: string | null): string {
  const path = file.currentPath ?? file.originalPath;
  if (root === null) return path;
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel;
}

export function resultTable(runs: readonly RunSummary[], history: HistoryReader, root: string | null): string {
  const rows: string[][] = [];
  for (const summary of runs) {
    const detail = history.getRun(summary.id);
    for (const f of detail?.files ?? []) {
      const part = f.partTotal > 1 ? `（${f.partIndex}/${f.partTotal}）` : '';
      rows.push([
        summary.targetName,
        f.kind === 'customers' ? '顧客' : '帳票',
        `${basename(f.fileName)}${part}`,
        FILE_STATE_LABELS[f.state.state],
        truncateDisplay(detailOf(f.state), 70),
        whereNow(f, root),
      ]);
    }
  }
  if (rows.length === 0) return '（対象のファイルはありませんでした）\n';
  return formatTable([{ header: '実行した設定' }, { header: '種類' }, { header: 'ファイル' }, { header: '状態' }, { header: '詳細' }, { header: '現在の場所' }], rows);
}

export function summaryLines(runs: readonly RunSummary[], history?: HistoryReader): string {
  const lines = runs.map((r) => `[${OUTCOME_LABELS[r.outcome]}] ${r.message}`);
  const files = runs.flatMap((r) => history?.getRun(r.id)?.files ?? []);
  const states = new Set(files.map((f) => f.state.state));
  // Where each file actually is: a file that never moved (wrong token, maintenance, a setting) is
  // never said to be in 「エラー」.
  const { placement } = outcomeFacts(files);
  if (placement && placement.errorFolder > 0) {
    lines.push(`${placement.errorFolder}件は「エラー」フォルダに移してあり、横の「…_エラー内容.txt」に内容と対処を書いてあります。`);
  }
  if (placement && placement.leftInFolder > 0) {
    lines.push(`${placement.leftInFolder}件は送信していないため元のフォルダに残っています（理由は上の表の「詳細」）。原因を解消すると次回の実行で送ります。`);
  }
  if (states.has('held')) lines.push('要確認: 楽楽明細の取込履歴を確認し、明細コネクタの実行履歴で「送信済みにする」か「再送する」を選んでください。');
  if (states.has('overlap')) {
    lines.push('要確認（一部送信済み）: 以前に送信した行を含むため送信していません。明細コネクタの実行履歴で「送信しない」「差替発行として送信」「すべて新規発行で送信」から選んでください。');
  }
  if (states.has('unknown')) lines.push('取込状況不明: 次回の実行で取込状況を確認します（再送はしません）。');
  return lines.join('\n') + '\n';
}

/** The one-shot `run` does not wait around to resend: it says who will. */
export const RETRY_WAIT_LINE =
  '再送待ち: 楽楽明細に届かなかったファイルは「処理中」フォルダで待っています。この run コマンドは再送しません。トレイのアプリか meisai-connector agent が動いていれば、上の時刻に自動で再送します（最長72時間）。';

/** Exit status: 0 only when everything sent was imported (or there was nothing to send). */
export function exitCodeFor(runs: readonly RunSummary[]): number {
  return runs.every((r) => r.outcome === 'success' || r.outcome === 'nothing') ? 0 : 1;
}

export function runsAsJson(runs: readonly RunSummary[], history: HistoryReader): unknown {
  return runs.map((r) => ({ ...r, files: history.getRun(r.id)?.files ?? [] }));
}
