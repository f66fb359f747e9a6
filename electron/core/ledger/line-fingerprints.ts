// The fingerprint of every data line a document import carries: what the overlap guard compares a
// new file with, what the history and the sent ledger keep. Pure, over the exact bytes that go to
// 楽楽明細.
//
// What one line's fingerprint is, and why:
// - It is taken from the Windows-31J bytes the pre-flight produced (the part that is POSTed), not
//   from the clerk's file: a UTF-8 export and a Shift_JIS export of the same invoice lines become
//   the same bytes there (look-alikes such as 〜 already mapped the way Windows maps them), and those
//   bytes are exactly what 楽楽明細 received, so "the same line" means "the same line for 楽楽明細".
// - A line is a CSV record: a quoted field may hold line breaks, and such a record is still one
//   detail line. Its terminating line break is stripped (CRLF, LF or CR), so a re-export that only
//   changed line endings, or lost the break after its last line, still matches; line breaks inside
//   quoted fields are kept (they are content).
// - Nothing else is normalised: a changed space or amount is a changed line. Being stricter would
//   hold files that only look alike; the file-level 同一内容 check still catches byte-identical files.
// - The header (ファイル1行目「スキップする」) is not a data line and never fingerprinted.
// - SHA-256 truncated to 128 bits: collisions are out of reach for any office's lifetime of lines,
//   and half the size in the history and the ledger.
// Scanning bytes is safe for Windows-31J: the bytes that matter here (0x22 ", 0x0A, 0x0D) never occur
// as the second byte of a double-byte character.
import { createHash } from 'node:crypto';

export interface LineFingerprint {
  /** 1-based physical line in the clerk's file where the record starts. */
  readonly line: number;
  /** base64url of the first 16 bytes of SHA-256 over the record's bytes (line break excluded). */
  readonly fingerprint: string;
}

export interface FingerprintOptions {
  /** The first record of `bytes` is the header (ファイル1行目「スキップする」). */
  readonly skipFirstRecord: boolean;
  /** The physical line of the first data record in the clerk's file (CsvPart.firstLine). */
  readonly firstLine: number;
}

export const FINGERPRINT_BYTES = 16;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export function fingerprintOf(record: Uint8Array): string {
  return createHash('sha256').update(record).digest().subarray(0, FINGERPRINT_BYTES).toString('base64url');
}

/** Every data record of one import's bytes, with its line in the clerk's file. Empty records are skipped. */
export function fingerprintLines(bytes: Uint8Array, options: FingerprintOptions): LineFingerprint[] {
  const out: LineFingerprint[] = [];
  const n = bytes.length;
  let header = options.skipFirstRecord;
  let inQuotes = false;
  let start = 0;
  // Line breaks seen since the first data record began (it sits at options.firstLine).
  let breaks = 0;
  let startBreaks = 0;
  const endRecord = (end: number) => {
    if (header) return;
    if (end > start) out.push({ line: options.firstLine + startBreaks, fingerprint: fingerprintOf(bytes.subarray(start, end)) });
  };
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b === QUOTE) inQuotes = !inQuotes;
    if (b !== LF && b !== CR) {
      i++;
      continue;
    }
    const next = b === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
    breaks++;
    if (!inQuotes) {
      endRecord(i);
      if (header) {
        // Numbering starts at the first data record, whatever the header spanned.
        header = false;
        breaks = 0;
      }
      start = next;
      startBreaks = breaks;
    }
    i = next;
  }
  if (start < n) endRecord(n);
  return out;
}
