import { describe, expect, it } from 'vitest';
import { csvRows, isBlankRow } from './csv-rows';

describe('csvRows', () => {
  it('splits CRLF and LF lines and keeps quoted commas, quotes and line breaks in one field', () => {
    const result = csvRows('a,b\r\n"x,1","say ""hi"""\n"multi\r\nline",z\r\nlast,1');
    expect(result).toEqual({
      ok: true,
      physicalLines: 5,
      rows: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x,1', 'say "hi"'] },
        { line: 3, fields: ['multi\r\nline', 'z'] },
        { line: 5, fields: ['last', '1'] },
      ],
    });
  });

  it('keeps empty fields and reports blank lines as blank rows', () => {
    const result = csvRows('a,,c\r\n\r\n,\r\n');
    if (!result.ok) throw new Error('parse failed');
    expect(result.rows.map((r) => [r.line, r.fields, isBlankRow(r)])).toEqual([
      [1, ['a', '', 'c'], false],
      [2, [''], true],
      [3, ['', ''], false],
    ]);
    expect(result.physicalLines).toBe(3);
  });

  it('names the line where an unclosed quote starts', () => {
    expect(csvRows('a,b\r\nc,"open\r\nmore\r\n')).toEqual({ ok: false, line: 2, reason: 'unclosed-quote' });
  });

  it('an empty text has no rows', () => {
    expect(csvRows('')).toEqual({ ok: true, rows: [], physicalLines: 0 });
  });
});
