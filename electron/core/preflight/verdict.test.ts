import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { appError } from '../../../shared/result';
import { preflight } from './preflight';
import { formatPreflight, toVerdict, unreadableVerdict } from './verdict';

const cp932 = (s: string): Uint8Array => iconv.encode(s, 'cp932');
const check = (text: string, over: { limits?: { maxLines: number; maxBytes: number } } = {}) =>
  preflight({ fileName: 'c.csv', bytes: cp932(text), kind: 'customers', hasHeader: true, ...over });

describe('toVerdict', () => {
  it('ready → ok with data lines, bytes to send and parts', () => {
    const r = check('a,b\r\n1,2\r\n3,4\r\n');
    expect(toVerdict(r)).toEqual({ verdict: 'ok', encoding: 'cp932', lines: 2, bytes: 15, parts: 1 });
  });
  it('no-data and invalid carry their message / problems', () => {
    const nd = check('a,b\r\n');
    expect(toVerdict(nd)).toEqual({ verdict: 'no-data', message: expect.stringContaining('見出し行しかありません') });
    const bad = check('a,b\r\n1\r\n');
    const v = toVerdict(bad);
    expect(v.verdict).toBe('invalid');
    if (v.verdict === 'invalid') expect(v.problems[0]!.line).toBe(2);
  });
  it('unreadable carries the fs error message', () => {
    expect(unreadableVerdict(appError('fs.busy', 'Excelなどで開かれています'))).toEqual({ verdict: 'unreadable', message: 'Excelなどで開かれています' });
  });
});

describe('formatPreflight', () => {
  it('prints one OK line, with the split when there is one', () => {
    expect(formatPreflight('c.csv', check('a,b\r\n1,2\r\n'))).toEqual(['OK  c.csv: Shift_JIS（CP932）、データ 1件、送信 10バイト']);
    const lines = formatPreflight('c.csv', check('a,b\r\n1,2\r\n3,4\r\n', { limits: { maxLines: 2, maxBytes: 1000 } }), { maxLines: 2, maxBytes: 1000 });
    expect(lines[1]).toContain('2回に分けて送ります');
    expect(lines.slice(2)).toEqual(['    1回目: 2〜2行目（1件、10バイト）', '    2回目: 3〜3行目（1件、10バイト）']);
  });
  it('prints NG with every problem message (which names file and line)', () => {
    const lines = formatPreflight('c.csv', check('a,b\r\n1\r\n'));
    expect(lines).toEqual(['NG  c.csv: 送信できません（1件の問題）', '    「c.csv」2行目: 列の数が見出し行と違います（見出し 2列、この行 1列）。']);
  });
  it('prints no-data with its reason', () => {
    expect(formatPreflight('c.csv', check('a,b\r\n'))[0]).toBe('--  c.csv: データなし（送信しません）');
  });
  it('says a UTF-8 file will be converted', () => {
    const r = preflight({ fileName: 'u.csv', bytes: new TextEncoder().encode('名前\n山田\n'), kind: 'customers', hasHeader: true });
    expect(formatPreflight('u.csv', r)[1]).toContain('変換して送ります');
  });
});
