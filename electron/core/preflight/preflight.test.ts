import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FIXTURE_SAMPLES } from '../../../test/fixture-samples';
import { planSplit, preflight } from './preflight';
import { MEISAI_LIMITS, type PreflightInput, type PreflightResult } from './types';

const SAMPLES = FIXTURE_SAMPLES;
const sample = (name: string): Uint8Array => readFileSync(join(SAMPLES, name));
const cp932 = (s: string): Uint8Array => iconv.encode(s, 'cp932');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const fromCp932 = (b: Uint8Array): string => iconv.decode(Buffer.from(b), 'cp932');

const run = (bytes: Uint8Array, over: Partial<PreflightInput> = {}): PreflightResult =>
  preflight({ fileName: 'test.csv', bytes, kind: 'customers', hasHeader: true, ...over });

function ready(r: PreflightResult) {
  if (r.verdict !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(r)}`);
  return r;
}
function invalid(r: PreflightResult) {
  if (r.verdict !== 'invalid') throw new Error(`expected invalid, got ${r.verdict}`);
  return r;
}

describe('shared samples (per samples/README.md)', () => {
  it('clientmaster_20261130.csv: CP932 with 髙 and 﨑 is sent byte for byte', () => {
    const bytes = sample('clientmaster_20261130.csv');
    const r = ready(run(bytes, { fileName: 'clientmaster_20261130.csv' }));
    expect(r.encoding).toBe('cp932');
    expect(r.dataLines).toBe(5);
    expect(r.header?.[1]).toBe('顧客名');
    expect(r.parts).toHaveLength(1);
    expect(Buffer.from(r.parts[0]!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(r.parts[0]).toMatchObject({ dataLines: 5, firstLine: 2, lastLine: 6 });
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('billdata_20261130.csv: a document file with ① is sent byte for byte', () => {
    const bytes = sample('billdata_20261130.csv');
    const r = ready(run(bytes, { fileName: 'billdata_20261130.csv', kind: 'report' }));
    expect(r.encoding).toBe('cp932');
    expect(r.dataLines).toBe(7);
    expect(Buffer.from(r.parts[0]!.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('bad/clientmaster_utf8bom.csv: converted to CP932 with CRLF, BOM gone', () => {
    const bytes = sample('bad/clientmaster_utf8bom.csv');
    const r = ready(run(bytes));
    expect(r.encoding).toBe('utf8-bom');
    expect(r.parts).toHaveLength(1);
    const sent = r.parts[0]!.bytes;
    const original = new TextDecoder().decode(bytes); // drops the BOM
    const expected = original.replace(/\r?\n/g, '\r\n');
    expect(fromCp932(sent)).toBe(expected.endsWith('\r\n') ? expected : `${expected}\r\n`);
    expect(sent[0]).not.toBe(0xef);
    // Every LF is preceded by CR.
    for (let i = 0; i < sent.length; i++) if (sent[i] === 0x0a) expect(sent[i - 1]).toBe(0x0d);
  });

  it('bad/clientmaster_not_cp932.csv: 𠮷 refused, naming line 2 and the column 顧客名', () => {
    const r = invalid(run(sample('bad/clientmaster_not_cp932.csv'), { fileName: 'clientmaster_not_cp932.csv' }));
    const first = r.problems[0]!;
    expect(first.line).toBe(2);
    expect(first.column).toBe('顧客名');
    expect(first.message).toContain('clientmaster_not_cp932.csv');
    expect(first.message).toContain('2行目「顧客名」列');
    expect(first.message).toContain('𠮷');
    expect(first.message).toContain('U+20BB7');
    expect(r.problems.map((p) => p.column)).toEqual(['顧客名', '会社名', '担当者名']);
  });

  it('bad/billdata_broken_quote.csv: names the line where the quote opens', () => {
    const r = invalid(run(sample('bad/billdata_broken_quote.csv'), { kind: 'report' }));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.line).toBe(2);
    expect(r.problems[0]!.message).toContain('2行目: 引用符（"）が閉じられていません');
  });

  it('bad/billdata_header_only.csv and bad/billdata_empty.csv: no data, nothing to send', () => {
    const h = run(sample('bad/billdata_header_only.csv'), { kind: 'report', fileName: 'billdata_header_only.csv' });
    expect(h.verdict).toBe('no-data');
    if (h.verdict === 'no-data') expect(h.message).toContain('見出し行しかありません');
    const e = run(sample('bad/billdata_empty.csv'), { kind: 'report' });
    expect(e.verdict).toBe('no-data');
    if (e.verdict === 'no-data') {
      expect(e.message).toContain('空のファイル');
      expect(e.sha256).toBe(createHash('sha256').update(new Uint8Array(0)).digest('hex'));
    }
  });

  it('bad/billdata_ragged.csv: names the line and both counts', () => {
    const r = invalid(run(sample('bad/billdata_ragged.csv'), { kind: 'report' }));
    expect(r.problems).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('3行目: 列の数が見出し行と違います（見出し 11列、この行 5列）') }),
    ]);
  });
});

describe('encoding', () => {
  it('refuses a binary file', () => {
    const bytes = new Uint8Array([0x61, 0x2c, 0x62, 0x0d, 0x0a, 0x00, 0x01, 0x02, 0xff]);
    const r = invalid(run(bytes, { fileName: 'x.csv' }));
    expect(r.problems[0]!.message).toContain('「x.csv」はCSVファイルではありません');
  });

  it('recognises an Excel workbook saved with a .csv name', () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect(invalid(run(bytes)).problems[0]!.message).toContain('Excelブック');
  });

  it('refuses UTF-16 ("Unicode テキスト") with a clear reason', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00]);
    expect(invalid(run(bytes)).problems[0]!.message).toContain('UTF-16');
  });

  it('names the line and column of a byte sequence that is not CP932 (nor UTF-8)', () => {
    const head = cp932('コード,名前\r\nC1,山田\r\n');
    const bad = new Uint8Array([...head, ...cp932('C2,'), 0x85, 0x40, ...cp932('\r\nC3,佐藤\r\n')]);
    const r = invalid(run(bad));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 3, column: '名前' });
    expect(r.problems[0]!.message).toContain('3行目「名前」列');
  });

  it('names the line of invalid UTF-8 after a BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a,b\r\nc,d\r\n'), 0xe3, 0x81, ...utf8(',x\r\n')]);
    const r = invalid(run(bytes));
    expect(r.problems[0]!.line).toBe(3);
    expect(r.problems[0]!.message).toContain('UTF-8として読めない');
  });

  it('converts UTF-8 without BOM', () => {
    const r = ready(run(utf8('顧客コード,顧客名\nC1,山田商店\n')));
    expect(r.encoding).toBe('utf8');
    expect(fromCp932(r.parts[0]!.bytes)).toBe('顧客コード,顧客名\r\nC1,山田商店\r\n');
  });

  it('sends pure ASCII byte for byte as CP932 (LF line ends kept)', () => {
    const bytes = utf8('code,name\nC1,abc\nC2,def');
    const r = ready(run(bytes));
    expect(r.encoding).toBe('cp932');
    expect(r.parts[0]!.bytes).toBe(bytes);
  });

  it('maps the usual Unicode/CP932 look-alikes the way Windows users expect', () => {
    const r = ready(run(utf8('項目,値\r\n記号,〜−‖¢£¬—\r\n')));
    expect(fromCp932(r.parts[0]!.bytes)).toBe('項目,値\r\n記号,～－∥￠￡￢―\r\n');
    expect(Buffer.from(r.parts[0]!.bytes).includes(0x3f)).toBe(false); // no silent '?'
  });

  it('refuses an emoji with its line and column (no header: column number)', () => {
    const r = invalid(run(utf8('C1,a,b\nC2,x,y😀z\n'), { hasHeader: false }));
    expect(r.problems).toEqual([expect.objectContaining({ line: 2, column: '3' })]);
    expect(r.problems[0]!.message).toContain('2行目3列目');
    expect(r.problems[0]!.message).toContain('😀');
  });

  it('refuses ¥ (U+00A5) rather than silently sending a backslash', () => {
    const r = invalid(run(utf8('品名,金額\n本,¥100\n')));
    expect(r.problems[0]).toMatchObject({ line: 2, column: '金額' });
  });

  it('names 𠮷 on the right physical line after a multi-line quoted field', () => {
    const text = '顧客コード,顧客名,備考\r\nC1,山田,"一行目\r\n二行目\r\n三行目"\r\nC2,𠮷田,\r\n';
    const r = invalid(run(utf8(text)));
    expect(r.problems).toEqual([expect.objectContaining({ line: 5, column: '顧客名' })]);
  });

  it('lists at most 20 problems and counts the rest', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `C${i},𠮷`).join('\n');
    const r = invalid(run(utf8(`コード,名前\n${rows}\n`)));
    expect(r.problems).toHaveLength(21);
    expect(r.problems[20]!.message).toContain('ほかに10件');
  });
});

describe('Japanese encodings 楽楽明細 cannot take: refused by name, never sent as mojibake', () => {
  const TEXT = '顧客コード,顧客名,住所１\r\nC0001,山田太郎,東京都千代田区\r\nC0002,佐藤花子,大阪府大阪市\r\n';
  const jis = (s: string): Uint8Array => Uint8Array.from(Encoding.convert(Encoding.stringToCode(s), { to: 'JIS', from: 'UNICODE' }));
  const cases: Array<[string, Uint8Array, string]> = [
    ['EUC-JP', iconv.encode(TEXT, 'euc-jp'), 'EUC-JP'],
    ['EUC-JP, kanji data under a kana header', iconv.encode('コード,氏名\r\n1,山田太郎\r\n', 'euc-jp'), 'EUC-JP'],
    ['ISO-2022-JP', jis(TEXT), 'ISO-2022-JP'],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]), 'UTF-16 LE'],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]), 'UTF-16 BE'],
    ['UTF-16 LE without BOM', iconv.encode(TEXT, 'utf-16le'), 'UTF-16 LE'],
    ['UTF-16 BE without BOM', iconv.encode(TEXT, 'utf-16be'), 'UTF-16 BE'],
    ['UTF-16 LE, ASCII only', iconv.encode('code,name\r\nC1,abc\r\n', 'utf-16le'), 'UTF-16 LE'],
  ];
  it.each(cases)('%s', (_name, bytes, label) => {
    const r = invalid(run(new Uint8Array(bytes), { fileName: 'x.csv' }));
    expect(r.problems).toHaveLength(1);
    const message = r.problems[0]!.message;
    expect(message).toContain(`「x.csv」の文字コードは${label}`);
    // Says how to export what 楽楽明細 takes.
    expect(message).toMatch(/Shift_JIS/);
    expect(message).toMatch(/UTF-8/);
  });

  it('a CP932 file of half-width katakana only (valid EUC-JP bytes too) is still CP932, byte for byte', () => {
    const bytes = cp932('ｺｰﾄﾞ,ｶﾅ\r\nC001,ﾔﾏﾀﾞﾀﾛｳﾀ\r\nC002,ｻﾄｳﾊﾅｺ\r\nC003,ﾔﾏﾀﾞ･ﾀﾛｳ\r\n');
    expect(Encoding.detect(bytes)).toBe('EUCJP'); // the ambiguity the guard is for
    const r = ready(run(bytes));
    expect(r.encoding).toBe('cp932');
    expect(r.parts[0]!.bytes).toBe(bytes);
  });

  it('a workbook with NUL bytes is still called an Excel workbook, not UTF-16', () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);
    expect(invalid(run(bytes)).problems[0]!.message).toContain('Excelブック');
  });
});

describe('line endings', () => {
  it('mixed CRLF and LF is reported as such, with the first differing line — not as a column count', () => {
    const r = invalid(run(cp932('コード,名前,金額\r\nC1,山田,100\r\nC2,佐藤,200\nC3,鈴木,300\n')));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 3 });
    expect(r.problems[0]!.message).toContain('改行コードが混在しています（ほとんどの行はCRLF、この行はLF）');
    expect(r.problems[0]!.message).not.toContain('列の数');
  });

  it('a line break inside a quoted field (Excel writes LF there) is not a mix', () => {
    const r = ready(run(cp932('コード,備考\r\nC1,"一行目\n二行目"\r\nC2,x\r\n')));
    expect(r.dataLines).toBe(2);
  });

  it('trailing empty lines with another line end are not a mix', () => {
    expect(ready(run(cp932('コード,名前\r\nC1,山田\r\n\n'))).dataLines).toBe(1);
  });
});

describe('structure', () => {
  it('counts physical lines across multi-line quoted fields', () => {
    const text = 'コード,備考,金額\r\nC1,"a\r\nb",1\r\nC2,"x\r\ny\r\nz",2\r\nC3,c\r\n';
    const r = invalid(run(cp932(text)));
    expect(r.problems).toEqual([expect.objectContaining({ line: 7, message: expect.stringContaining('7行目: 列の数が見出し行と違います（見出し 3列、この行 2列）') })]);
  });

  it('keeps a multi-line record whole and reports its lines', () => {
    const text = 'コード,備考\r\nC1,"a\r\nb"\r\nC2,c\r\n';
    const r = ready(run(cp932(text)));
    expect(r.dataLines).toBe(2);
    expect(r.parts[0]).toMatchObject({ firstLine: 2, lastLine: 4, dataLines: 2 });
  });

  it('names the line where an unclosed quoted field starts, not where the file ends', () => {
    const text = 'a,b\r\n1,2\r\n3,"open\r\n4,5\r\n6,7\r\n';
    const r = invalid(run(cp932(text)));
    expect(r.problems).toEqual([expect.objectContaining({ line: 3 })]);
  });

  it('reports a malformed closing quote', () => {
    const r = invalid(run(cp932('a,b\r\n1,"x"y\r\n')));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 2 });
    expect(r.problems[0]!.message).toContain('閉じる「"」の後に文字');
  });

  it('a trailing empty line (or several) is not a record', () => {
    expect(ready(run(cp932('a,b\r\n1,2\r\n'))).dataLines).toBe(1);
    const r = ready(run(cp932('a,b\r\n1,2\r\n\r\n\r\n')));
    expect(r.dataLines).toBe(1);
    expect(r.parts[0]!.bytes.length).toBe(cp932('a,b\r\n1,2\r\n\r\n\r\n').length); // CP932: as received
  });

  it('an empty line in the middle is refused with its line', () => {
    const r = invalid(run(cp932('a,b\r\n1,2\r\n\r\n3,4\r\n')));
    expect(r.problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('空の行') })]);
  });

  it('without a header, compares against the first record and has no header', () => {
    const r = invalid(run(cp932('1,2,3\r\n4,5\r\n'), { hasHeader: false }));
    expect(r.problems[0]!.message).toContain('2行目: 列の数が1行目と違います（1行目 3列、この行 2列）');
    const ok = ready(run(cp932('1,2,3\r\n'), { hasHeader: false }));
    expect(ok.header).toBeNull();
    expect(ok.dataLines).toBe(1);
  });

  it('a file of blank lines only has no data', () => {
    expect(run(cp932('\r\n\r\n')).verdict).toBe('no-data');
  });

  it('accepts lone-CR (old Mac) line ends', () => {
    const r = ready(run(cp932('a,b\r1,2\r3,4\r')));
    expect(r.dataLines).toBe(2);
  });

  it('a quoted line break in the header does not fool newline detection', () => {
    const r = ready(run(cp932('"a\nb",c\r\n1,2\r\n')));
    expect(r.dataLines).toBe(1);
    expect(r.parts[0]).toMatchObject({ firstLine: 3, lastLine: 3 });
  });
});

// --- limits --------------------------------------------------------------------------------------

const HEADER = '顧客コード,顧客名,備考\r\n';

/** A CP932 CSV of exactly `size` bytes with `rows` data lines (ASCII padding in the last row). */
function csvOfSize(size: number, rows: number): Uint8Array {
  const head = cp932(HEADER).length;
  const lines: string[] = [];
  const per = Math.floor((size - head) / rows);
  for (let i = 0; i < rows; i++) {
    const prefix = `C${String(i).padStart(6, '0')},山田商店,`;
    const fixed = cp932(prefix).length + 2;
    lines.push(prefix + 'x'.repeat(Math.max(0, per - fixed)));
  }
  let body = lines.map((l) => `${l}\r\n`).join('');
  const missing = size - head - cp932(body).length;
  if (missing < 0) throw new Error('rows too many for size');
  lines[rows - 1] += 'x'.repeat(missing);
  body = lines.map((l) => `${l}\r\n`).join('');
  const out = cp932(HEADER + body);
  if (out.length !== size) throw new Error(`built ${out.length}, wanted ${size}`);
  return out;
}

function dataOf(parts: readonly { bytes: Uint8Array }[], hasHeader = true): string[] {
  return parts.flatMap((p) => {
    const lines = fromCp932(p.bytes).split('\r\n').filter((l) => l !== '');
    if (hasHeader) expect(lines[0]).toBe(HEADER.replace('\r\n', ''));
    return hasHeader ? lines.slice(1) : lines;
  });
}

describe('limits', () => {
  const MAX = MEISAI_LIMITS.maxBytes;

  it('exactly 3 MB is one part, sent as is', () => {
    const bytes = csvOfSize(MAX, 2_000);
    const r = ready(run(bytes, { kind: 'report' }));
    expect(r.parts).toHaveLength(1);
    expect(r.parts[0]!.bytes).toBe(bytes);
  });

  it('a document file of 3 MB + 1 byte is refused, naming the limit and the size', () => {
    const r = invalid(run(csvOfSize(MAX + 1, 2_000), { kind: 'report', fileName: 'bill.csv' }));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toContain('「bill.csv」');
    expect(r.problems[0]!.message).toContain('上限 3MB（3,145,728バイト）、このファイル 3,145,729バイト');
  });

  it('a customer file of 3 MB + 1 byte is split at a record boundary, header on each part', () => {
    const bytes = csvOfSize(MAX + 1, 2_000);
    const r = ready(run(bytes));
    expect(r.parts).toHaveLength(2);
    for (const p of r.parts) expect(p.bytes.length).toBeLessThanOrEqual(MAX);
    expect(r.parts[0]!.firstLine).toBe(2);
    expect(r.parts[1]!.firstLine).toBe(r.parts[0]!.lastLine + 1);
    expect(r.parts[1]!.lastLine).toBe(2_001);
    expect(r.parts[0]!.dataLines + r.parts[1]!.dataLines).toBe(2_000);
    // Nothing lost, nothing doubled, order kept; and the bytes are the original CP932 bytes.
    expect(dataOf(r.parts)).toEqual(dataOf([{ bytes }]));
    const head = cp932(HEADER).length;
    expect(r.parts[0]!.bytes.length + r.parts[1]!.bytes.length - head).toBe(bytes.length);
  });

  const linesFile = (dataLines: number): Uint8Array =>
    cp932(HEADER + Array.from({ length: dataLines }, (_, i) => `C${i},名前${i},\r\n`).join(''));

  it('10,000 lines (header included) is one part', () => {
    expect(ready(run(linesFile(9_999), { kind: 'report' })).parts).toHaveLength(1);
  });

  it('a document file of 10,001 lines is refused, naming the limit and the count', () => {
    const r = invalid(run(linesFile(10_000), { kind: 'report' }));
    expect(r.problems[0]!.message).toContain('上限 10,000行、このファイル 10,001行');
  });

  it('a customer file of 10,001 lines becomes 9,999 + 1 data lines, header repeated', () => {
    const bytes = linesFile(10_000);
    const r = ready(run(bytes));
    expect(r.parts.map((p) => p.dataLines)).toEqual([9_999, 1]);
    expect(r.parts[1]).toMatchObject({ firstLine: 10_001, lastLine: 10_001 });
    expect(fromCp932(r.parts[1]!.bytes)).toBe(`${HEADER}C9999,名前9999,\r\n`);
    expect(dataOf(r.parts)).toEqual(dataOf([{ bytes }]));
  });

  it('counts a multi-line record by its physical lines and never cuts inside it', () => {
    const text = `${HEADER}C1,a,"x\r\ny"\r\nC2,b,"p\r\nq\r\nr"\r\nC3,c,z\r\nC4,d,"m\r\nn"\r\n`;
    const r = ready(run(cp932(text), { limits: { maxLines: 4, maxBytes: MAX } }));
    // header 1 + [2 lines] ; header 1 + [3 lines] ; header 1 + [1 + 2 lines]
    expect(r.parts.map((p) => [p.firstLine, p.lastLine, p.dataLines])).toEqual([
      [2, 3, 1],
      [4, 6, 1],
      [7, 9, 2],
    ]);
    expect(fromCp932(r.parts[1]!.bytes)).toBe(`${HEADER}C2,b,"p\r\nq\r\nr"\r\n`);
    for (const p of r.parts) expect(fromCp932(p.bytes).split('\r\n').length - 1).toBeLessThanOrEqual(4);
  });

  it('splits converted UTF-8 too, each part CP932 with CRLF and within the byte limit', () => {
    const text = `${HEADER.replace('\r\n', '\n')}${Array.from({ length: 50 }, (_, i) => `C${i},〜山田${i},備考\n`).join('')}`;
    const r = ready(run(utf8(text), { limits: { maxLines: 10_000, maxBytes: 200 } }));
    expect(r.parts.length).toBeGreaterThan(1);
    for (const p of r.parts) {
      expect(p.bytes.length).toBeLessThanOrEqual(200);
      expect(fromCp932(p.bytes).startsWith(HEADER)).toBe(true);
    }
    expect(dataOf(r.parts)).toEqual(Array.from({ length: 50 }, (_, i) => `C${i},～山田${i},備考`));
  });

  it('a single record over a limit on its own is refused with its line', () => {
    const text = `${HEADER}C1,a,b\r\nC2,a,"1\r\n2\r\n3\r\n4"\r\n`;
    const r = invalid(run(cp932(text), { limits: { maxLines: 4, maxBytes: MAX } }));
    expect(r.problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('この1件のデータだけで') })]);
  });

  it('splits a CP932 file with LF line ends byte for byte, header slice included', () => {
    const text = 'コード,名前\nC1,髙橋\nC2,﨑山\nC3,①\n';
    const bytes = cp932(text);
    const r = ready(run(bytes, { limits: { maxLines: 3, maxBytes: MAX } }));
    expect(r.parts.map((p) => fromCp932(p.bytes))).toEqual(['コード,名前\nC1,髙橋\nC2,﨑山\n', 'コード,名前\nC3,①\n']);
    // Sliced from the original bytes, not re-encoded (髙 and 﨑 have two CP932 codes each).
    const original = Buffer.from(bytes);
    expect(original.includes(Buffer.from(r.parts[1]!.bytes.subarray(cp932('コード,名前\n').length)))).toBe(true);
  });

  it('without a header, no header is repeated', () => {
    const text = 'C1,a\r\nC2,b\r\nC3,c\r\n';
    const r = ready(run(cp932(text), { hasHeader: false, limits: { maxLines: 2, maxBytes: MAX } }));
    expect(r.parts.map((p) => fromCp932(p.bytes))).toEqual(['C1,a\r\nC2,b\r\n', 'C3,c\r\n']);
  });
});

describe('planSplit', () => {
  const limits = { maxLines: 5, maxBytes: 100 };
  it('fills each part up to both limits, header counted in each', () => {
    const recs = Array.from({ length: 7 }, () => ({ lines: 1, bytes: 10 }));
    expect(planSplit(recs, 1, 10, limits)).toEqual({ ok: true, ranges: [[0, 4], [4, 7]] });
  });
  it('cuts on bytes when bytes run out first', () => {
    const recs = [{ lines: 1, bytes: 50 }, { lines: 1, bytes: 40 }, { lines: 1, bytes: 20 }];
    expect(planSplit(recs, 1, 10, limits)).toEqual({ ok: true, ranges: [[0, 2], [2, 3]] });
  });
  it('an exact fit is not cut', () => {
    expect(planSplit([{ lines: 4, bytes: 90 }], 1, 10, limits)).toEqual({ ok: true, ranges: [[0, 1]] });
  });
  it('names records that cannot fit even alone', () => {
    expect(planSplit([{ lines: 1, bytes: 10 }, { lines: 5, bytes: 10 }], 1, 10, limits)).toEqual({ ok: false, tooBig: [1] });
  });
});
