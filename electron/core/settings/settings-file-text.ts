// Reads the settings file's bytes as text the way a clerk may have saved it: UTF-8 with or without a
// BOM (Notepad), or Shift_JIS (older Notepad, or an editor on a Japanese Windows set to ANSI).
import iconv from 'iconv-lite';

export function decodeSettingsText(bytes: Uint8Array): string {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return iconv.decode(Buffer.from(body), 'cp932');
  }
}
