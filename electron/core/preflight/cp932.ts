// Windows-31J (CP932) knowledge: which Unicode characters it can hold, how many bytes each takes,
// and the Unicode↔CP932 mismatches a Windows user expects to be bridged (〜 typed on a Mac is the
// same wave dash to them). iconv-lite writes '?' for a character it cannot encode, so every
// non-ASCII character is checked by round trip — once per distinct character, cached.
import iconv from 'iconv-lite';

/**
 * Characters that Unicode-native tools (Mac, Google Sheets, UTF-8 exports) produce where CP932 has a
 * look-alike: mapped before encoding, as Windows' own conversion does for Japanese users.
 */
export const UNICODE_TO_CP932_LOOKALIKE: Readonly<Record<string, string>> = {
  '\u301C': '\uFF5E', // 〜 WAVE DASH → ～ FULLWIDTH TILDE
  '\u2212': '\uFF0D', // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS
  '\u2016': '\u2225', // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO
  '\u00A2': '\uFFE0', // ¢ → ￠
  '\u00A3': '\uFFE1', // £ → ￡
  '\u00AC': '\uFFE2', // ¬ → ￢
  '\u2014': '\u2015', // — EM DASH → ― HORIZONTAL BAR
};

const LOOKALIKE_PATTERN = new RegExp(`[${Object.keys(UNICODE_TO_CP932_LOOKALIKE).join('')}]`, 'g');

/** Replaces the look-alikes above; every replacement is one UTF-16 unit for one, so offsets hold. */
export function mapLookalikes(text: string): string {
  return text.replace(LOOKALIKE_PATTERN, (c) => UNICODE_TO_CP932_LOOKALIKE[c] ?? c);
}

/** Per BMP code unit: 0 not yet known, -1 not encodable, 1 or 2 = CP932 byte length. */
const byteLengthCache = new Int8Array(0x10000);

/**
 * CP932 byte length of one BMP character, or -1 when CP932 cannot hold it (the round trip through
 * iconv-lite does not give the same character back).
 */
export function cp932ByteLength(code: number): number {
  if (code < 0x80) return 1;
  if (code >= 0xd800 && code <= 0xdfff) return -1; // surrogates: never a CP932 character
  const known = byteLengthCache[code] ?? 0;
  if (known !== 0) return known;
  const ch = String.fromCharCode(code);
  const encoded = iconv.encode(ch, 'cp932');
  const back = iconv.decode(encoded, 'cp932');
  const len = back === ch ? encoded.length : -1;
  byteLengthCache[code] = len;
  return len;
}

export function encodeCp932(text: string): Uint8Array {
  return iconv.encode(text, 'cp932');
}

export function decodeCp932(bytes: Uint8Array): string {
  return iconv.decode(bytes, 'cp932');
}

/** How a character is shown in a message: itself, plus its code point (some are invisible or look alike). */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const visible = cp >= 0x20 && cp !== 0x7f && !(cp >= 0xd800 && cp <= 0xdfff);
  return visible ? `「${ch}」（U+${hex}）` : `U+${hex}`;
}
