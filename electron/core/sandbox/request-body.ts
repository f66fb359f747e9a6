// Reads a request's body whole, with a ceiling: the sandbox keeps what it received (imports record
// their bytes), so a runaway client must not fill the memory of the test or demo hosting it.
import type http from 'node:http';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The body, or null when it was over the ceiling or the client went away before its end. */
export function readRequestBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
    req.on('aborted', () => resolve(null));
  });
}
