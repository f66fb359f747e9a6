// Splits decoded CSV text into rows (RFC 4180 quoting, CRLF or LF), remembering the physical line
// each row starts on, so the sandbox can name lines the way 楽楽明細's error list would.

export interface CsvRow {
  /** 1-based physical line where the row starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export type CsvRowsResult =
  | { readonly ok: true; readonly rows: readonly CsvRow[]; readonly physicalLines: number }
  | { readonly ok: false; readonly line: number; readonly reason: 'unclosed-quote' };

export function csvRows(text: string): CsvRowsResult {
  const rows: CsvRow[] = [];
  let line = 1;
  let rowLine = 1;
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let quoteLine = 1;
  let rowHasContent = false;
  const endRow = () => {
    fields.push(field);
    rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    rowHasContent = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      quoteLine = line;
      rowHasContent = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      rowHasContent = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      rowHasContent = true;
    }
  }
  if (inQuotes) return { ok: false, line: quoteLine, reason: 'unclosed-quote' };
  if (rowHasContent || field !== '') endRow();
  const physicalLines = text.length === 0 ? 0 : /\r?\n$/.test(text) ? line - 1 : line;
  return { ok: true, rows, physicalLines };
}

/** A line with nothing on it (`""` or no fields): skipped, not an error. */
export function isBlankRow(row: CsvRow): boolean {
  return row.fields.length === 1 && row.fields[0] === '';
}
