// Reads an import POST's multipart/form-data body as leniently as the real 楽楽明細 server does, so
// the sandbox refuses only what the service would refuse. The WHATWG parser behind
// Response.formData() rejected RAKUS's own public Java sample (an unquoted boundary of `=` and
// digits, `fileName=` with raw UTF-8 bytes); busboy, a streaming parser that servers use, takes what
// browsers, Python requests, Apache HttpClient and hand-written HttpURLConnection code send.
import busboy from 'busboy';

export type FormPart =
  | { readonly kind: 'field'; readonly name: string; readonly value: string }
  | { readonly kind: 'file'; readonly name: string; readonly fileName: string; readonly contentType: string; readonly bytes: Buffer };

export type ParsedForm =
  | { readonly ok: true; readonly parts: readonly FormPart[] }
  /** Not multipart/form-data the way any server would read it; `detail` is for the log. */
  | { readonly ok: false; readonly detail: string };

/**
 * The boundary of a multipart/form-data Content-Type, read the way Java servlet containers do:
 * whatever follows `boundary=` up to the next `;`, quotes removed. RFC 2046 wants a boundary made
 * of `=` (a tspecial) quoted, but the Java sample sends `boundary======1732950000000` bare, and a
 * server that insisted on the RFC would turn away RAKUS's own client.
 */
export function multipartBoundary(contentType: string): string | null {
  if (!/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const m = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;]*))/i.exec(contentType);
  const boundary = (m?.[1] ?? m?.[2] ?? '').trim();
  // RFC 2046 §5.1.1: 1–70 characters; a `"` could not be quoted back for busboy.
  return boundary.length > 0 && boundary.length <= 70 && !boundary.includes('"') ? boundary : null;
}

/** Every part of the body, in order. File parts keep their bytes untouched (the CSV is Windows-31J). */
export function parseMultipartForm(contentType: string, body: Buffer): Promise<ParsedForm> {
  const boundary = multipartBoundary(contentType);
  if (boundary === null) return Promise.resolve({ ok: false, detail: `no multipart/form-data boundary in "${contentType}"` });
  return new Promise((resolve) => {
    const parts: FormPart[] = [];
    const files: Promise<void>[] = [];
    let settled = false;
    const fail = (detail: string) => {
      if (settled) return;
      settled = true;
      resolve({ ok: false, detail });
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        // Handed back quoted, so that busboy's strict Content-Type grammar accepts any boundary.
        headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` },
        // Public clients put the file name in raw UTF-8 inside the quotes (browsers, Java's
        // HttpURLConnection, Apache HttpClient); busboy reads header bytes as latin1 unless told.
        defParamCharset: 'utf8',
        // The body was already capped when it was read; a CSV part is never cut short here.
        limits: { fieldSize: body.byteLength },
      });
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
    parser.on('field', (name, value) => parts.push({ kind: 'field', name, value }));
    parser.on('file', (name, stream, info) => {
      // A part typed application/octet-stream counts as a file even without a name.
      const fileName = info.filename ?? '';
      const chunks: Buffer[] = [];
      const index = parts.length;
      // Reserve the slot so parts stay in body order while the file's bytes arrive.
      parts.push({ kind: 'file', name, fileName, contentType: info.mimeType, bytes: Buffer.alloc(0) });
      files.push(new Promise((done) => {
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          parts[index] = { kind: 'file', name, fileName, contentType: info.mimeType, bytes: Buffer.concat(chunks) };
          done();
        });
        // A body cut inside a file part fails the file's stream as well as the parser.
        stream.on('error', (e: unknown) => {
          fail(e instanceof Error ? e.message : String(e));
          done();
        });
      }));
    });
    parser.on('error', (e: unknown) => fail(e instanceof Error ? e.message : String(e)));
    parser.on('close', () => {
      void Promise.all(files).then(() => {
        if (settled) return;
        settled = true;
        resolve({ ok: true, parts });
      });
    });
    parser.end(body);
  });
}
