// The pre-flight benchmark: a CP932 customer file at both limits (10,000 lines, 3 MB) checked by
// preflight() versus the bare work any sender must do anyway (iconv decode + papaparse parse +
// iconv encode).
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { preflight } from '../electron/core/preflight/preflight';
import { MEISAI_LIMITS } from '../electron/core/preflight/types';
import { median, timeRepeated } from './stats';

/** Exactly MEISAI_LIMITS.maxLines lines (header included) and MEISAI_LIMITS.maxBytes CP932 bytes. */
export function makeLimitSizedCsv(): Uint8Array {
  const header = '顧客コード,顧客名,郵便番号,住所１,住所２,会社名,担当者名,メールアドレス,備考\r\n';
  const dataLines = MEISAI_LIMITS.maxLines - 1;
  const rows: string[] = [];
  for (let i = 0; i < dataLines; i++) {
    rows.push(`C${String(i).padStart(5, '0')},株式会社さくら商事${i},100-0001,東京都千代田区千代田1-1-${i},さくらビル3F,髙橋製作所,﨑山 様,u${i}@example.jp,"①備考`);
  }
  const fixed = iconv.encode(header + rows.map((r) => `${r}"\r\n`).join(''), 'cp932').length;
  const spare = MEISAI_LIMITS.maxBytes - fixed;
  if (spare < 0) throw new Error('benchmark rows too long');
  // Spread the padding (two-byte あ, then one ASCII byte if odd) so rows stay alike.
  const perRow = Math.floor(spare / 2 / dataLines);
  let left = spare - perRow * 2 * dataLines;
  const text =
    header +
    rows
      .map((r) => {
        let pad = 'あ'.repeat(perRow);
        if (left >= 2) {
          pad += 'あ';
          left -= 2;
        } else if (left === 1) {
          pad += 'x';
          left = 0;
        }
        return `${r}${pad}"\r\n`;
      })
      .join('');
  const bytes = iconv.encode(text, 'cp932');
  if (bytes.length !== MEISAI_LIMITS.maxBytes) throw new Error(`benchmark file is ${bytes.length} bytes`);
  return bytes;
}

export interface PreflightBenchmark {
  readonly bytes: number;
  readonly lines: number;
  /** Median milliseconds per run. */
  readonly baselineMs: number;
  readonly preflightMs: number;
  /** preflightMs / baselineMs; the target is ≤ 1.5. */
  readonly ratio: number;
}

export function benchmarkPreflight(iterations = 15): PreflightBenchmark {
  const bytes = makeLimitSizedCsv();
  const baseline = () => {
    const text = iconv.decode(bytes, 'cp932');
    Papa.parse(text, { delimiter: ',' });
    iconv.encode(text, 'cp932');
  };
  const check = () => {
    const r = preflight({ fileName: 'bench.csv', bytes, kind: 'customers', hasHeader: true });
    if (r.verdict !== 'ready' || r.parts.length !== 1) throw new Error(`benchmark file not ready: ${r.verdict}`);
  };
  const time = (fn: () => void): number[] => {
    timeRepeated(fn, 3); // warm up the JIT and the CP932 tables
    return timeRepeated(fn, iterations);
  };
  // Interleave so a busy machine slows both alike.
  const b1 = time(baseline);
  const p1 = time(check);
  const b2 = time(baseline);
  const p2 = time(check);
  const baselineMs = median([...b1, ...b2]);
  const preflightMs = median([...p1, ...p2]);
  return { bytes: bytes.length, lines: MEISAI_LIMITS.maxLines, baselineMs, preflightMs, ratio: preflightMs / baselineMs };
}
