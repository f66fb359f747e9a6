// Recognises how the clerk's file is encoded and decodes it without ever guessing silently:
// UTF-8 with BOM, UTF-8 (holding non-ASCII), else Windows-31J. Japanese encodings 楽楽明細 cannot
// take (EUC-JP, ISO-2022-JP, UTF-16) are refused by name before they could pass as mojibake; binary
// files and bytes that are neither are refused with the line where reading fails.
import type { FileProblem } from '../../../shared/run';
import { decodeCp932 } from './cp932';
import { fieldIndexAt } from './csv-scan';
import { isEucJp, isIso2022Jp, utf16ByBom, utf16WithoutBom } from './foreign-encoding';
import { msg } from './messages';
import type { DetectedEncoding } from './types';

export type Decoded =
  | { readonly ok: true; readonly encoding: DetectedEncoding; readonly text: string }
  | { readonly ok: false; readonly problems: readonly FileProblem[] };

const MAX_LISTED = 20;

/** Byte offsets of physical line starts (CR, LF, CRLF); safe for UTF-8 and CP932, whose multi-byte characters never contain 0x0A or 0x0D. */
export function findByteLineStarts(bytes: Uint8Array): number[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const starts = [0];
  const n = buf.length;
  let lf = buf.indexOf(10);
  let cr = buf.indexOf(13);
  while (lf >= 0 || cr >= 0) {
    let brk: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) brk = buf[cr + 1] === 10 ? cr + 2 : cr + 1;
    else brk = lf + 1;
    if (brk >= n) break;
    starts.push(brk);
    if (lf >= 0 && lf < brk) lf = buf.indexOf(10, brk);
    if (cr >= 0 && cr < brk) cr = buf.indexOf(13, brk);
  }
  return starts;
}

function lineSlices(bytes: Uint8Array): Uint8Array[] {
  const starts = findByteLineStarts(bytes);
  return starts.map((s, i) => bytes.subarray(s, starts[i + 1] ?? bytes.length));
}

const hasUtf8Bom = (b: Uint8Array): boolean => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
// An .xlsx is a ZIP ("PK\x03\x04"); an .xls is an OLE compound file.
const looksLikeExcel = (b: Uint8Array): boolean =>
  (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) || (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0);

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    // fatal: any invalid sequence throws instead of becoming U+FFFD; the BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function decodeCsvBytes(fileName: string, bytes: Uint8Array, hasHeader: boolean): Decoded {
  const bom16 = utf16ByBom(bytes);
  if (bom16 !== null) return { ok: false, problems: [msg.foreignEncoding(fileName, bom16)] };
  // No CP932 or UTF-8 file holds a NUL byte; UTF-16 text does, and so does a workbook, PDF or image.
  if (bytes.indexOf(0) >= 0) {
    const excel = looksLikeExcel(bytes);
    const utf16 = excel ? null : utf16WithoutBom(bytes);
    return { ok: false, problems: [utf16 !== null ? msg.foreignEncoding(fileName, utf16) : msg.binary(fileName, excel)] };
  }
  if (isIso2022Jp(bytes)) return { ok: false, problems: [msg.foreignEncoding(fileName, 'iso-2022-jp')] };

  if (hasUtf8Bom(bytes)) {
    const text = tryUtf8(bytes);
    if (text !== null) return { ok: true, encoding: 'utf8-bom', text };
    const problems: FileProblem[] = [];
    lineSlices(bytes).forEach((line, i) => {
      if (tryUtf8(line) === null) problems.push(msg.badUtf8(fileName, i + 1));
    });
    return { ok: false, problems: capped(fileName, problems) };
  }

  const utf8 = tryUtf8(bytes);
  // Pure ASCII is valid UTF-8 and CP932 alike: it goes byte for byte, as CP932.
  if (utf8 !== null && utf8.length !== bytes.length) return { ok: true, encoding: 'utf8', text: utf8 };

  // EUC-JP decodes as CP932 without a single error (as half-width katakana): ask before reading it so.
  if (utf8 === null && isEucJp(bytes)) return { ok: false, problems: [msg.foreignEncoding(fileName, 'euc-jp')] };
  const text = utf8 ?? decodeCp932(bytes);
  // iconv-lite turns every invalid or unassigned CP932 sequence into U+FFFD, and a valid CP932
  // byte never decodes to it: one native search decides the common case.
  if (text.indexOf('\uFFFD') < 0) return { ok: true, encoding: 'cp932', text };

  const problems: FileProblem[] = [];
  const lines = lineSlices(bytes);
  const header = hasHeader && lines[0] ? splitHeader(decodeCp932(lines[0])) : null;
  lines.forEach((line, i) => {
    const decoded = decodeCp932(line);
    const at = decoded.indexOf('\uFFFD');
    if (at < 0) return;
    // Column counted within the physical line: exact unless a quoted field spans lines.
    const index = fieldIndexAt(decoded, 0, at);
    const name = header?.[index];
    problems.push(msg.badCp932(fileName, i + 1, i === 0 && hasHeader ? undefined : { index, header: name && !name.includes('\uFFFD') ? name : null }));
  });
  return { ok: false, problems: capped(fileName, problems) };
}

function splitHeader(line: string): string[] {
  return line.replace(/\r?\n$|\r$/, '').split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

export function capped(fileName: string, problems: FileProblem[]): FileProblem[] {
  if (problems.length <= MAX_LISTED) return problems;
  return [...problems.slice(0, MAX_LISTED), msg.more(fileName, problems.length - MAX_LISTED)];
}
