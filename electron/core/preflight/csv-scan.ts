// The CSV's shape on decoded text: where each record starts and ends (in characters and in the
// clerk's PHYSICAL lines — a quoted field may span several), how many fields it has, and where
// quotes go wrong. papaparse does the parsing; this module only keeps positions.
import Papa from 'papaparse';

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** Physical lines the record spans (more than 1 when a quoted field holds line breaks). */
  readonly lineCount: number;
  /** Character offset of the record's first character. */
  readonly start: number;
  /** Character offset just past the record's content (its line break excluded). */
  readonly end: number;
  /** Character offset where the next record starts (after this one's line break). */
  readonly next: number;
  readonly fieldCount: number;
  /** True when an unclosed quote swallowed the rest of the file into this record. */
  readonly unclosedQuote: boolean;
}

export interface QuoteProblem {
  readonly kind: 'unclosed' | 'malformed';
  /** Physical line of the opening quote. */
  readonly line: number;
}

export interface CsvScan {
  /** Every record, header included; trailing empty lines are not records. */
  readonly rows: readonly CsvRow[];
  /** The first record's fields (the header when there is one). */
  readonly firstFields: readonly string[] | null;
  readonly quoteProblems: readonly QuoteProblem[];
  /** Character offsets where each physical line starts (index 0 = line 1). */
  readonly lineStarts: readonly number[];
}

/** Offsets of physical line starts: a line ends at CRLF, LF or a lone CR, as Notepad counts them. */
export function findLineStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  // indexOf is native and skips long runs far faster than a per-character loop. Each search result
  // is kept until passed, so a file without any CR does not rescan to the end for every line.
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  let i = 0;
  while (lf >= 0 || cr >= 0) {
    let brk: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) brk = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    else brk = lf + 1;
    i = brk;
    if (i >= n) break;
    starts.push(i);
    if (lf >= 0 && lf < i) lf = text.indexOf('\n', i);
    if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
  }
  return starts;
}

/** 1-based line holding character offset `pos` (a line break belongs to the line it ends). */
export function lineOf(lineStarts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The record separator, found outside quotes so a line break inside the first field does not fool it. */
export function detectNewline(text: string): '\r\n' | '\n' | '\r' {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
    else if (!quoted && c === 10) return '\n';
  }
  return '\r\n';
}

export type LineEnding = 'CRLF' | 'LF' | 'CR';

/**
 * Record separators outside quotes that differ from the first one: a file stitched together from
 * two sources (CRLF and LF) would be read as a few very long records. Line breaks inside a quoted
 * field (Excel writes LF there in a CRLF file) and trailing empty lines do not count. Null when all
 * agree; otherwise the first differing physical line and both kinds.
 */
export function findMixedLineEndings(text: string): { readonly line: number; readonly usual: LineEnding; readonly found: LineEnding } | null {
  const content = text.replace(/[\r\n]+$/, '');
  let quoted = false;
  let first: LineEnding | null = null;
  let line = 1;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 34) {
      quoted = !quoted;
      continue;
    }
    if (c !== 10 && c !== 13) continue;
    const kind: LineEnding = c === 13 ? (content.charCodeAt(i + 1) === 10 ? 'CRLF' : 'CR') : 'LF';
    if (kind === 'CRLF') i++;
    if (!quoted) {
      if (first === null) first = kind;
      else if (kind !== first) return { line, usual: first, found: kind };
    }
    line++;
  }
  return null;
}

function terminatorLength(text: string, next: number, start: number): number {
  if (next <= start) return 0;
  const last = text.charCodeAt(next - 1);
  if (last === 10) return next - 2 >= start && text.charCodeAt(next - 2) === 13 ? 2 : 1;
  if (last === 13) return 1;
  return 0;
}

export function scanCsv(text: string): CsvScan {
  const lineStarts = findLineStarts(text);
  const rows: CsvRow[] = [];
  const quoteProblems: QuoteProblem[] = [];
  let firstFields: string[] | null = null;
  let start = 0;
  const malformedAt = new Set<number>();

  Papa.parse<string[]>(text, {
    delimiter: ',',
    quoteChar: '"',
    escapeChar: '"',
    newline: detectNewline(text),
    skipEmptyLines: false,
    step(result) {
      const fields = result.data;
      const next = result.meta.cursor;
      let unclosed = false;
      for (const e of result.errors) {
        if (e.type !== 'Quotes') continue;
        // papaparse's index is just past the opening quote.
        const at = Math.max(0, (e.index ?? start + 1) - 1);
        if (e.code === 'InvalidQuotes') {
          malformedAt.add(at);
          quoteProblems.push({ kind: 'malformed', line: lineOf(lineStarts, at) });
        } else if (e.code === 'MissingQuotes') {
          unclosed = true;
          // After a malformed closing quote papaparse keeps looking and then reports it unclosed
          // too: one problem, one message.
          if (!malformedAt.has(at)) quoteProblems.push({ kind: 'unclosed', line: lineOf(lineStarts, at) });
        }
      }
      const end = next - terminatorLength(text, next, start);
      const line = lineOf(lineStarts, start);
      rows.push({
        line,
        lineCount: lineOf(lineStarts, Math.max(start, end)) - line + 1,
        start,
        end,
        next,
        fieldCount: fields.length,
        unclosedQuote: unclosed,
      });
      if (firstFields === null) firstFields = fields;
      start = next;
    },
  });

  // A file ending in one or more line breaks gives empty trailing "records": they are not data.
  while (rows.length > 0) {
    const last = rows[rows.length - 1] as CsvRow;
    if (last.start === last.end && !last.unclosedQuote) rows.pop();
    else break;
  }
  if (rows.length === 0) firstFields = null;
  return { rows, firstFields, quoteProblems, lineStarts };
}

/**
 * 0-based field index of character offset `pos` inside the record starting at `rowStart`: counts
 * delimiters outside quotes. Only called for the few positions a message must name.
 */
export function fieldIndexAt(text: string, rowStart: number, pos: number): number {
  let quoted = false;
  let index = 0;
  for (let i = rowStart; i < pos; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 44 && !quoted) index++;
  }
  return index;
}
