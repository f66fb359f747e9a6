import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { preflight } from '../preflight';
import { fingerprintLines, fingerprintOf } from './line-fingerprints';

const sjis = (text: string) => new Uint8Array(iconv.encode(text, 'cp932'));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** The fingerprints of what the pre-flight would send, as the runner takes them. */
function sentLines(bytes: Uint8Array, hasHeader = true) {
  const verdict = preflight({ fileName: 'b.csv', bytes, kind: 'report', hasHeader });
  if (verdict.verdict !== 'ready') throw new Error(verdict.verdict);
  const part = verdict.parts[0]!;
  return fingerprintLines(part.bytes, { skipFirstRecord: hasHeader, firstLine: part.firstLine });
}

const HEADER = '日付,顧客コード,明細名称,明細金額\r\n';

describe('fingerprintLines', () => {
  it('one fingerprint per data line, numbered as the clerk sees the file, header skipped', () => {
    const lines = sentLines(sjis(`${HEADER}11/30,C0001,保守,1000\r\n11/30,C0002,部品,2000\r\n`));
    expect(lines.map((l) => l.line)).toEqual([2, 3]);
    expect(lines[0]!.fingerprint).toBe(fingerprintOf(sjis('11/30,C0001,保守,1000')));
  });

  it.each([
    ['CRLF vs LF', `${HEADER}a,C1,x,1\r\nb,C2,y,2\r\n`, `${HEADER.replace('\r\n', '\n')}a,C1,x,1\nb,C2,y,2\n`],
    ['last line without a line break', `${HEADER}a,C1,x,1\r\nb,C2,y,2\r\n`, `${HEADER}a,C1,x,1\r\nb,C2,y,2`],
    // Windows writes 〜 as 0x8160 (U+FF5E when read back); a UTF-8 exporter writes U+301C.
    ['a UTF-8 export of the same lines', `${HEADER}a,C1,保守\uFF5E,1\r\n`, `${HEADER}a,C1,保守\u301C,1\r\n`],
  ])('the same lines match across %s', (name, a, b) => {
    const left = sentLines(sjis(a));
    const right = name.includes('UTF-8') ? sentLines(utf8(b)) : sentLines(sjis(b));
    expect(right.map((l) => l.fingerprint)).toEqual(left.map((l) => l.fingerprint));
  });

  it('a changed cell, even a space, is a different line; the others still match', () => {
    const before = sentLines(sjis(`${HEADER}a,C1,x,1000\r\nb,C2,y,2000\r\n`));
    const after = sentLines(sjis(`${HEADER}a,C1,x,1000\r\nb,C2,y ,2000\r\n`));
    expect(after[0]!.fingerprint).toBe(before[0]!.fingerprint);
    expect(after[1]!.fingerprint).not.toBe(before[1]!.fingerprint);
  });

  it('a quoted field with a line break is one record; the next record is numbered by physical line', () => {
    const lines = sentLines(sjis(`${HEADER}a,C1,"二行の\r\n明細",1\r\nb,C2,y,2\r\n`));
    expect(lines.map((l) => l.line)).toEqual([2, 4]);
    expect(lines[0]!.fingerprint).toBe(fingerprintOf(sjis('a,C1,"二行の\r\n明細",1')));
  });

  it('without a header (ファイル1行目「読み込む」) the first line is data', () => {
    const lines = sentLines(sjis('a,C1,x,1\r\nb,C2,y,2\r\n'), false);
    expect(lines.map((l) => l.line)).toEqual([1, 2]);
  });

  it('a header spanning two physical lines does not shift the numbering', () => {
    const bytes = sjis('"日付\r\n(請求)",顧客コード\r\na,C1\r\n');
    expect(fingerprintLines(bytes, { skipFirstRecord: true, firstLine: 3 }).map((l) => l.line)).toEqual([3]);
  });

  it('identical lines keep their own line numbers (the store keeps the first)', () => {
    const lines = sentLines(sjis(`${HEADER}a,C1,x,1\r\na,C1,x,1\r\n`));
    expect(lines).toHaveLength(2);
    expect(lines[0]!.fingerprint).toBe(lines[1]!.fingerprint);
  });

  it('16 bytes, base64url', () => {
    expect(fingerprintOf(sjis('x'))).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
