// The shapes public clients put on the wire, written out byte by byte, and what the sandbox's
// multipart reader makes of them.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { multipartBoundary, parseMultipartForm, type FormPart } from './multipart-form';

const CSV = iconv.encode('顧客コード,顧客名\r\nC0001,髙橋①\r\n', 'cp932');

function body(boundary: string, fileDisposition: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="json"\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{"skipFirst":1}\r\n`, 'utf8'),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files[0]"; ${fileDisposition}\r\nContent-Type: text/csv; charset=Windows-31J\r\n\r\n`, 'utf8'),
    CSV,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
}

const file = (parts: readonly FormPart[]) => parts.find((p): p is Extract<FormPart, { kind: 'file' }> => p.kind === 'file');

describe('multipartBoundary', () => {
  it.each([
    ['multipart/form-data; boundary=abc', 'abc'],
    ['multipart/form-data; boundary="a b=c"', 'a b=c'],
    ['Multipart/Form-Data;boundary=======1732950000000', '======1732950000000'],
    ['multipart/form-data; charset=UTF-8; boundary=----x; other=1', '----x'],
  ])('%s → %s', (header, boundary) => {
    expect(multipartBoundary(header)).toBe(boundary);
  });

  it.each([
    'application/x-www-form-urlencoded',
    'multipart/mixed; boundary=abc',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    `multipart/form-data; boundary=${'x'.repeat(71)}`,
  ])('refuses %s', (header) => {
    expect(multipartBoundary(header)).toBeNull();
  });
});

describe('parseMultipartForm', () => {
  it('reads RAKUS’s Java sample: bare boundary of = and digits, fileName= with raw UTF-8', async () => {
    const boundary = '======1732950000000';
    const form = await parseMultipartForm(`multipart/form-data; boundary=${boundary}`, body(boundary, 'fileName="顧客20211112.csv"'));
    if (!form.ok) throw new Error(form.detail);
    expect(form.parts[0]).toEqual({ kind: 'field', name: 'json', value: '{"skipFirst":1}' });
    expect(file(form.parts)).toMatchObject({ name: 'files[0]', fileName: '顧客20211112.csv', contentType: 'text/csv' });
    expect(file(form.parts)?.bytes.equals(CSV)).toBe(true);
  });

  it('reads filename*= (RFC 5987) and prefers it to filename=', async () => {
    const disposition = `filename="fallback.csv"; filename*=UTF-8''${encodeURIComponent('請求データ_11月.csv')}`;
    const form = await parseMultipartForm('multipart/form-data; boundary="q"', body('q', disposition));
    if (!form.ok) throw new Error(form.detail);
    expect(file(form.parts)?.fileName).toBe('請求データ_11月.csv');
  });

  it('keeps only the base name of a Windows path, as servlet containers do', async () => {
    const form = await parseMultipartForm('multipart/form-data; boundary=b', body('b', 'filename="C:\\出力\\顧客.csv"'));
    if (!form.ok) throw new Error(form.detail);
    expect(file(form.parts)?.fileName).toBe('顧客.csv');
  });

  it('refuses a body whose boundary is not the header’s, one cut before its closing boundary, an empty one, and no multipart at all', async () => {
    const whole = body('b', 'filename="a.csv"');
    const outcomes = await Promise.all([
      parseMultipartForm('multipart/form-data; boundary=other', whole),
      parseMultipartForm('multipart/form-data; boundary=b', whole.subarray(0, whole.byteLength - 10)),
      parseMultipartForm('multipart/form-data; boundary=b', Buffer.alloc(0)),
      parseMultipartForm('text/csv', CSV),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([false, false, false, false]);
  });
});
