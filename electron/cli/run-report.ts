// Turns finished runs into what the terminal shows: one table row per file (Japanese, aligned for
// CJK widths) and the runs' one-line summaries; or the same as JSON for scripts.
import { basename, relative } from 'node:path';
import { FILE_STATE_LABELS, OUTCOME_LABELS, type FileState, type RunSummary } from '../../shared/run';
import type { HistoryReader, StoredFile } from '../core/history/history-interface';
import { formatTable } from './text-table';

function detailOf(state: FileState): string {
  switch (state.state) {
    case 'done':
    case 'sent':
    case 'importing':
    case 'unknown':
      return `取込ID ${state.importId}`;
    case 'checked':
      return `${state.lines}件`;
    case 'failed':
      return state.problems.map((p) => p.message).join(' / ');
    case 'held':
    case 'skipped':
      return state.reason;
    case 'duplicate':
      return `同一内容（実行 ${state.previousRunId}）`;
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
        detailOf(f.state),
        whereNow(f, root),
      ]);
    }
  }
  if (rows.length === 0) return '（対象のファイルはありませんでした）\n';
  return formatTable([{ header: '実行した設定' }, { header: '種類' }, { header: 'ファイル' }, { header: '状態' }, { header: '詳細' }, { header: '現在の場所' }], rows);
}

export function summaryLines(runs: readonly RunSummary[]): string {
  return runs.map((r) => `[${OUTCOME_LABELS[r.outcome]}] ${r.message}`).join('\n') + '\n';
}

/** Exit status: 0 only when everything sent was imported (or there was nothing to send). */
export function exitCodeFor(runs: readonly RunSummary[]): number {
  return runs.every((r) => r.outcome === 'success' || r.outcome === 'nothing') ? 0 : 1;
}

export function runsAsJson(runs: readonly RunSummary[], history: HistoryReader): unknown {
  return runs.map((r) => ({ ...r, files: history.getRun(r.id)?.files ?? [] }));
}
