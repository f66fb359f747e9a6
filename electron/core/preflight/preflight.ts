// Pre-flight: decides, without any I/O, whether a clerk's CSV can go to 楽楽明細 and produces the
// exact Windows-31J bytes to send (split into parts for customer files over a limit). Pure so the
// runner, the CLI `validate` command and the window's list of waiting files give the same verdict.
import { createHash } from 'node:crypto';
import type { FileProblem } from '../../../shared/run';
import { cp932ByteLength, describeChar, encodeCp932, mapLookalikes } from './cp932';
import { fieldIndexAt, findMixedLineEndings, lineOf, scanCsv, type CsvRow, type CsvScan } from './csv-scan';
import { capped, decodeCsvBytes, findByteLineStarts } from './decode';
import { msg, type ColumnName } from './messages';
import { MEISAI_LIMITS, type CsvPart, type PreflightInput, type PreflightLimits, type PreflightResult } from './types';

const MAX_CHAR_POSITIONS = 20;
const MAX_LISTED = 20;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function preflight(input: PreflightInput): PreflightResult {
  const { fileName: f, bytes, hasHeader, kind } = input;
  const limits = input.limits ?? MEISAI_LIMITS;
  const sha256 = sha256Hex(bytes);
  const invalid = (problems: readonly FileProblem[]): PreflightResult => ({ verdict: 'invalid', sha256, problems });

  if (bytes.length === 0) return { verdict: 'no-data', sha256, message: msg.noData(f, true) };

  const decoded = decodeCsvBytes(f, bytes, hasHeader);
  if (!decoded.ok) return invalid(decoded.problems);
  const converting = decoded.encoding !== 'cp932';
  // Look-alikes are mapped before anything is measured or checked: what is checked is what is sent.
  const text = converting ? mapLookalikes(decoded.text) : decoded.text;

  // Checked before parsing: the parser splits on the first separator only, so a mix would surface
  // as a misleading column-count error.
  const mixed = findMixedLineEndings(text);
  if (mixed !== null) return invalid([msg.mixedLineEndings(f, mixed.line, mixed.usual, mixed.found)]);

  const scan = scanCsv(text);
  if (scan.quoteProblems.length > 0) {
    return invalid(
      capped(
        f,
        scan.quoteProblems.map((q) => (q.kind === 'unclosed' ? msg.unclosedQuote(f, q.line) : msg.malformedQuote(f, q.line))),
      ),
    );
  }

  const rows = scan.rows;
  const headerRow = hasHeader ? rows[0] : undefined;
  const dataRows = hasHeader ? rows.slice(1) : rows;
  if (dataRows.length === 0) return { verdict: 'no-data', sha256, message: msg.noData(f, rows.length === 0) };

  const headerFields = hasHeader ? (scan.firstFields ?? []) : null;
  const headerNames = headerFields?.map((h) => h.trim()) ?? null;
  const problems: FileProblem[] = [];

  // Field counts against the header (or the first record when there is none).
  const expected = (rows[0] as CsvRow).fieldCount;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] as CsvRow;
    if (row.fieldCount === expected) continue;
    problems.push(row.start === row.end ? msg.blankLine(f, row.line) : msg.fieldCount(f, row.line, expected, row.fieldCount, hasHeader));
  }

  // Byte layout of what would be sent; for converted text this loop also finds the characters CP932
  // cannot hold. CP932 input decoded without U+FFFD needs no such check: it came from CP932.
  const layout = converting ? measureConverted(text, scan) : measureOriginal(bytes, text, scan);
  for (const pos of layout.unencodable) {
    const row = rowAt(rows, pos);
    const index = fieldIndexAt(text, row.start, pos);
    const column: ColumnName = { index, header: row !== headerRow && headerNames ? (headerNames[index] || null) : null };
    const cp = text.codePointAt(pos) ?? 0;
    problems.push(msg.notCp932(f, lineOf(scan.lineStarts, pos), column, describeChar(String.fromCodePoint(cp))));
  }
  const unlisted = layout.unencodableCount - layout.unencodable.length;
  if (problems.length > 0 || unlisted > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const shown = problems.slice(0, MAX_LISTED);
    const rest = problems.length - shown.length + unlisted;
    return invalid(rest > 0 ? [...shown, msg.more(f, rest)] : shown);
  }

  const recordBytes = (r: CsvRow): number =>
    // Converted records lose their own line break (one byte per character) and gain CRLF. Only line
    // starts are looked up, so each lookup is a binary search, not a walk along the line.
    converting
      ? layout.byteAt(r.next) - (r.next - r.end) - layout.byteAt(r.start) + 2
      : layout.byteAt(r.next) - layout.byteAt(r.start);
  const headerLines = headerRow?.lineCount ?? 0;
  const headerBytes = headerRow ? recordBytes(headerRow) : 0;
  let totalLines = headerLines;
  let totalBytes = headerBytes;
  for (const r of dataRows) {
    totalLines += r.lineCount;
    totalBytes += recordBytes(r);
  }
  // CP932 input goes byte for byte, trailing empty lines and all.
  if (!converting) totalBytes = bytes.length;

  const base = { verdict: 'ready' as const, encoding: decoded.encoding, sha256, header: headerFields, dataLines: dataRows.length };
  const buildPart = (from: number, to: number): CsvPart => {
    const first = dataRows[from] as CsvRow;
    const last = dataRows[to - 1] as CsvRow;
    let partBytes: Uint8Array;
    if (converting) {
      const pieces: string[] = headerRow ? [text.slice(headerRow.start, headerRow.end)] : [];
      for (let i = from; i < to; i++) {
        const r = dataRows[i] as CsvRow;
        pieces.push(text.slice(r.start, r.end));
      }
      partBytes = encodeCp932(pieces.join('\r\n') + '\r\n');
    } else if (from === 0 && to === dataRows.length && totalBytes <= limits.maxBytes && totalLines <= limits.maxLines) {
      partBytes = bytes;
    } else {
      const head = headerRow ? bytes.subarray(layout.byteAt(headerRow.start), layout.byteAt(headerRow.next)) : new Uint8Array(0);
      const body = bytes.subarray(layout.byteAt(first.start), layout.byteAt(last.next));
      partBytes = new Uint8Array(head.length + body.length);
      partBytes.set(head, 0);
      partBytes.set(body, head.length);
    }
    return { bytes: partBytes, dataLines: to - from, firstLine: first.line, lastLine: last.line + last.lineCount - 1 };
  };

  if (totalLines <= limits.maxLines && totalBytes <= limits.maxBytes) {
    return { ...base, parts: [buildPart(0, dataRows.length)] };
  }

  if (kind === 'report') {
    // A document spans several lines and 楽楽明細 refuses a cut one: never split, say which limit.
    const over: FileProblem[] = [];
    if (totalLines > limits.maxLines) over.push(msg.tooManyLines(f, limits, totalLines));
    if (totalBytes > limits.maxBytes) over.push(msg.tooManyBytes(f, limits, totalBytes));
    return invalid(over);
  }

  const split = planSplit(dataRows.map((r) => ({ lines: r.lineCount, bytes: recordBytes(r) })), headerLines, headerBytes, limits);
  if (!split.ok) {
    return invalid(
      capped(
        f,
        split.tooBig.map((i) => {
          const r = dataRows[i] as CsvRow;
          return msg.recordTooBig(f, r.line, limits, headerLines + r.lineCount, headerBytes + recordBytes(r));
        }),
      ),
    );
  }
  return { ...base, parts: split.ranges.map(([from, to]) => buildPart(from, to)) };
}

export type SplitPlan =
  | { readonly ok: true; readonly ranges: readonly (readonly [number, number])[] }
  | { readonly ok: false; readonly tooBig: readonly number[] };

/**
 * Greedy split at record boundaries: each part holds the header plus as many whole records as fit
 * both limits. Pure, so the boundary arithmetic is tested on its own. Ranges are [from, to).
 */
export function planSplit(
  records: readonly { readonly lines: number; readonly bytes: number }[],
  headerLines: number,
  headerBytes: number,
  limits: PreflightLimits,
): SplitPlan {
  const tooBig: number[] = [];
  const ranges: [number, number][] = [];
  let from = 0;
  let lines = headerLines;
  let size = headerBytes;
  records.forEach((r, i) => {
    if (headerLines + r.lines > limits.maxLines || headerBytes + r.bytes > limits.maxBytes) {
      tooBig.push(i);
      return;
    }
    if (i > from && (lines + r.lines > limits.maxLines || size + r.bytes > limits.maxBytes)) {
      ranges.push([from, i]);
      from = i;
      lines = headerLines;
      size = headerBytes;
    }
    lines += r.lines;
    size += r.bytes;
  });
  if (tooBig.length > 0) return { ok: false, tooBig };
  if (records.length > from) ranges.push([from, records.length]);
  return { ok: true, ranges };
}

interface Layout {
  /** Offset in the bytes that would be sent unsplit, for a character offset in the text. */
  byteAt(pos: number): number;
  /** First character offsets CP932 cannot hold (capped), and how many there are in all. */
  readonly unencodable: readonly number[];
  readonly unencodableCount: number;
}

function rowAt(rows: readonly CsvRow[], pos: number): CsvRow {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((rows[mid] as CsvRow).start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return rows[lo] as CsvRow;
}

/** CP932 input: byte offsets come from the original bytes, whose line breaks match the text's. */
function measureOriginal(bytes: Uint8Array, text: string, scan: CsvScan): Layout {
  const byteStarts = findByteLineStarts(bytes);
  const charStarts = scan.lineStarts;
  if (byteStarts.length !== charStarts.length) {
    // Cannot happen for CP932 (0x0A/0x0D are never inside a character); measuring the text keeps
    // the answer right even so.
    return measureConverted(text, scan);
  }
  return {
    byteAt(pos) {
      if (pos >= text.length) return bytes.length;
      const line = lineOf(charStarts, pos) - 1;
      let b = byteStarts[line] as number;
      for (let i = charStarts[line] as number; i < pos; i++) b += Math.max(1, cp932ByteLength(text.charCodeAt(i)));
      return b;
    },
    unencodable: [],
    unencodableCount: 0,
  };
}

/** Converted text: CP932 byte offsets at each line start, and the characters CP932 cannot hold. */
function measureConverted(text: string, scan: CsvScan): Layout {
  const charStarts = scan.lineStarts;
  const byteStarts = new Array<number>(charStarts.length);
  const unencodable: number[] = [];
  let unencodableCount = 0;
  let b = 0;
  let line = 0;
  let nextStart = charStarts[1] ?? Infinity;
  byteStarts[0] = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    while (i >= nextStart) {
      line++;
      byteStarts[line] = b;
      nextStart = charStarts[line + 1] ?? Infinity;
    }
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      b++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // Outside the BMP (𠮷, emoji): CP932 holds none of these.
        if (unencodable.length < MAX_CHAR_POSITIONS) unencodable.push(i);
        unencodableCount++;
        b += 2;
        i++;
        continue;
      }
    }
    const len = cp932ByteLength(c);
    if (len < 0) {
      if (unencodable.length < MAX_CHAR_POSITIONS) unencodable.push(i);
      unencodableCount++;
      b += 2;
    } else b += len;
  }
  while (line + 1 < charStarts.length) byteStarts[++line] = b;
  const total = b;
  return {
    byteAt(pos) {
      if (pos >= n) return total;
      const l = lineOf(charStarts, pos) - 1;
      let x = byteStarts[l] as number;
      for (let i = charStarts[l] as number; i < pos; i++) {
        const c = text.charCodeAt(i);
        x += c < 0x80 ? 1 : Math.max(1, cp932ByteLength(c));
      }
      return x;
    },
    unencodable,
    unencodableCount,
  };
}
