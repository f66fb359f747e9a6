// CSV for Excel: UTF-8 with a BOM (without it Excel reads UTF-8 as Shift_JIS and the Japanese turns
// to mojibake), CRLF line ends, RFC 4180 quoting. Text cells that Excel would run as a formula are
// defused with a leading apostrophe (a file named "=HYPERLINK(…).csv" must stay text).
import { OUTCOME_LABELS, TRIGGER_LABELS, type RunSummary } from '../../../shared/run';
import { formatLocalIso } from '../../../shared/local-time';

export const CSV_HEADERS = [
  '開始日時',
  '終了日時',
  '設定',
  '実行方法',
  '結果',
  'ファイル数',
  '完了',
  'エラー',
  '保留',
  '要確認',
  'メッセージ',
  'ファイル名',
  '実行ID',
] as const;

export interface CsvRun {
  readonly run: RunSummary;
  readonly fileNames: readonly string[];
}

/** Quotes when needed: a comma, a quote, CR or LF; doubles inner quotes. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Text written by people or file systems: never let Excel evaluate it. */
export function csvText(value: string): string {
  return csvCell(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function runsToCsv(rows: Iterable<CsvRun>): string {
  const lines: string[] = [CSV_HEADERS.map(csvCell).join(',')];
  for (const { run, fileNames } of rows) {
    lines.push(
      [
        csvCell(formatLocalIso(run.startedAt, 'excel')),
        csvCell(run.finishedAt === null ? '' : formatLocalIso(run.finishedAt, 'excel')),
        csvText(run.targetName),
        csvCell(TRIGGER_LABELS[run.trigger] ?? run.trigger),
        csvCell(OUTCOME_LABELS[run.outcome] ?? run.outcome),
        String(run.counts.files),
        String(run.counts.done),
        String(run.counts.failed),
        String(run.counts.skipped),
        String(run.counts.attention),
        csvText(run.message),
        // One cell, one file per line: Excel shows it wrapped inside the cell.
        csvText(fileNames.join('\n')),
        csvCell(run.id),
      ].join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
