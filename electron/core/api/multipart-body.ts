// Builds the multipart/form-data body of an import POST byte by byte, so that what goes on the wire
// is exactly what a test asserts (the `json` part in UTF-8, the CSV bytes untouched in Windows-31J).
import { randomBytes } from 'node:crypto';

export interface MultipartPart {
  readonly name: string;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Present for file parts. */
  readonly fileName?: string;
}

export interface MultipartBody {
  readonly contentType: string;
  readonly boundary: string;
  readonly body: Buffer;
}

/** A boundary that cannot collide with CSV or JSON content in practice (96 random bits). */
export function newBoundary(): string {
  return `----MeisaiConnector${randomBytes(12).toString('hex')}`;
}

/**
 * Quotes a name or file name for Content-Disposition the way browsers do (WHATWG HTML
 * "multipart/form-data encoding algorithm"): raw UTF-8 inside the quotes, with only `"`, CR and LF
 * percent-escaped. RFC 7578 §4.2 says `filename*` (RFC 5987) must not be used in form-data, and
 * Java clients (Apache HttpClient's browser-compatible / RFC 6532 mode, Spring's
 * FormHttpMessageConverter with UTF-8) send the same raw UTF-8, so a Japanese file name such as
 * 請求データ_11月.csv arrives as the clerk wrote it.
 */
export function quoteFormDataValue(value: string): string {
  return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

export function buildMultipartBody(parts: readonly MultipartPart[], boundary: string = newBoundary()): MultipartBody {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let disposition = `Content-Disposition: form-data; name=${quoteFormDataValue(part.name)}`;
    if (part.fileName !== undefined) disposition += `; filename=${quoteFormDataValue(part.fileName)}`;
    chunks.push(Buffer.from(`--${boundary}\r\n${disposition}\r\nContent-Type: ${part.contentType}\r\n\r\n`, 'utf8'));
    chunks.push(Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength));
    chunks.push(Buffer.from('\r\n', 'utf8'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { boundary, contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
