// Recognises the Japanese text encodings that 楽楽明細 cannot take and that the Shift_JIS path would
// otherwise read as mojibake: EUC-JP (山田太郎 decodes as ｻｳﾅﾄﾂﾀﾏｺ in CP932 without a single
// error), ISO-2022-JP (7-bit, so it passes as ASCII) and UTF-16 with or without a BOM. The byte
// rules come from encoding-japanese (a well-kept detector); the guards around it keep every file
// that is genuinely CP932 or UTF-8 on the path it always took.
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';

export type ForeignEncoding = 'euc-jp' | 'iso-2022-jp' | 'utf-16le' | 'utf-16be';

/** What the clerk's export dialog calls them. */
export const FOREIGN_ENCODING_LABELS: Record<ForeignEncoding, string> = {
  'euc-jp': 'EUC-JP',
  'iso-2022-jp': 'ISO-2022-JP（JIS）',
  'utf-16le': 'UTF-16 LE（Unicode テキスト）',
  'utf-16be': 'UTF-16 BE（Unicode ビッグ エンディアン）',
};

/** UTF-16 by its byte order mark (Excel's 「Unicode テキスト」 writes FF FE). */
export function utf16ByBom(bytes: Uint8Array): ForeignEncoding | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a BOM, for a file that holds NUL bytes. encoding-japanese calls any NUL-rich data
 * UTF16, a ZIP included, so the answer must also decode to text: no control characters besides tab
 * and line breaks. The byte order is the side the NULs of ASCII characters fall on.
 */
export function utf16WithoutBom(bytes: Uint8Array): ForeignEncoding | null {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return null;
  if (Encoding.detect(bytes) !== 'UTF16') return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNuls++;
    else oddNuls++;
  }
  const order: ForeignEncoding = oddNuls >= evenNuls ? 'utf-16le' : 'utf-16be';
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), order);
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/.test(text) ? null : order;
}

/** ISO-2022-JP: escape sequences switch into JIS X 0208; no CSV of any other kind holds ESC. */
export function isIso2022Jp(bytes: Uint8Array): boolean {
  return bytes.indexOf(0x1b) >= 0 && Encoding.detect(bytes) === 'JIS';
}

/**
 * EUC-JP, for bytes that are not UTF-8. Every EUC-JP byte pair is also a pair of CP932 half-width
 * katakana, so a CP932 file of nothing but ｶﾅ and ASCII can be valid EUC-JP too. encoding-japanese
 * answers EUCJP for both; only files whose EUC-JP reading holds a kana word (two ひらがな / カタカナ
 * in a row: コード, ページ, ください…, as Japanese headers and data do) are called EUC-JP here. A
 * CP932 half-width file read that way lands on kanji rows; a lone ･ or ､ in it may become one kana,
 * never two in a row.
 */
export function isEucJp(bytes: Uint8Array): boolean {
  // Asked for every Shift_JIS file, so the cheap question first: the first CP932 lead byte (0x81–0x9F)
  // already makes bytes invalid EUC-JP. The detector's full ranking scanned a 3 MB file several
  // times (10 ms) to answer SJIS. For bytes that are neither UTF-8 nor hold NULs (the caller's
  // case), the ranking answers EUCJP exactly when they are valid EUC-JP and not BINARY.
  if (Encoding.detect(bytes, 'EUCJP') !== 'EUCJP' || Encoding.detect(bytes, 'BINARY') === 'BINARY') return false;
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'euc-jp');
  return /[\u3041-\u3096\u30a1-\u30fc]{2}/.test(text);
}
