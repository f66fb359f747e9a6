import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/run';
import { csvCell, csvText, runsToCsv } from './history-csv';

let tz: string | undefined;
beforeAll(() => {
  tz = process.env.TZ;
  process.env.TZ = 'Asia/Tokyo';
});
afterAll(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

function run(over: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'r1',
    target: { kind: 'report', reportId: 'rep1' },
    targetName: '請求書',
    trigger: 'schedule',
    startedAt: '2026-11-28T00:30:00.000Z',
    finishedAt: '2026-11-28T00:31:05.000Z',
    outcome: 'partial',
    counts: { files: 3, done: 2, failed: 1, skipped: 0, attention: 0 },
    message: '2件完了、1件エラー',
    ...over,
  };
}

/** A small RFC 4180 reader, to check that what we wrote reads back cell for cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('history CSV', () => {
  it('starts with a BOM, uses CRLF and Japanese headers, dates in local time', () => {
    const csv = runsToCsv([{ run: run(), fileNames: ['billdata_1.csv'] }]);
    expect(csv.startsWith('\uFEFF開始日時,終了日時,設定,実行方法,結果,ファイル数,完了,エラー,保留,要確認,メッセージ,ファイル名,実行ID\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[1]).toEqual(['2026/11/28 09:30:00', '2026/11/28 09:31:05', '請求書', 'スケジュール', '一部エラー', '3', '2', '1', '0', '0', '2件完了、1件エラー', 'billdata_1.csv', 'r1']);
  });

  it('quotes commas, quotes and newlines, and reads back exactly', () => {
    const csv = runsToCsv([
      { run: run({ targetName: '請求書,"特別"', message: '1行目\n2行目', finishedAt: null }), fileNames: ['a,b.csv', 'c "d".csv'] },
    ]);
    const rows = parseCsv(csv.slice(1));
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[1]).toBe('');
    expect(rows[1]?.[2]).toBe('請求書,"特別"');
    expect(rows[1]?.[10]).toBe('1行目\n2行目');
    expect(rows[1]?.[11]).toBe('a,b.csv\nc "d".csv');
  });

  it('defuses cells Excel would evaluate as formulas', () => {
    expect(csvText('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvText('-1+2')).toBe("'-1+2");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText('普通の名前')).toBe('普通の名前');
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes only the header for an empty history', () => {
    expect(runsToCsv([])).toBe('\uFEFF開始日時,終了日時,設定,実行方法,結果,ファイル数,完了,エラー,保留,要確認,メッセージ,ファイル名,実行ID\r\n');
  });
});
