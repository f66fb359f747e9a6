// One HTTP request, streamed: the answer is counted as it arrives and cut off past the cap (a 2 GB
// reply must not take 2 GB), and the deadline bounds everything from the lookup to the last byte (a
// server that answers one byte every few seconds must not hold a run, and agent.lock, forever).
import type http from 'node:http';
import type { Got } from 'got';
import type { CallContext } from './response-classifier';

/** An HTTP answer as far as it was read: at most the cap, `truncated` when there was more. */
export interface CappedAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly truncated: boolean;
}

export interface ExchangeRequest {
  readonly method: CallContext['method'];
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly signal?: AbortSignal;
  readonly deadlineMs: number;
  readonly maxAnswerBytes: number;
}

/** Resolves with the answer (cut off or whole); rejects with got's error when no answer came. */
export function cappedExchange(got: Got, url: URL, init: ExchangeRequest): Promise<CappedAnswer> {
  const { maxAnswerBytes } = init;
  return new Promise<CappedAnswer>((resolve, reject) => {
    const stream = got.stream(url, {
      method: init.method,
      headers: init.headers,
      ...(init.body ? { body: init.body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
      timeout: { request: init.deadlineMs },
    });
    // got's stream waits for a body on a DELETE (it may carry one); ours has none.
    if (!init.body && init.method !== 'GET') stream.end();
    const chunks: Buffer[] = [];
    let kept = 0;
    let status = 0;
    let headers: http.IncomingHttpHeaders = {};
    let settled = false;
    const cutOff = () => {
      settled = true;
      stream.destroy();
      resolve({ status, headers, body: Buffer.concat(chunks), truncated: true });
    };
    stream.on('response', (response: http.IncomingMessage) => {
      status = response.statusCode ?? 0;
      headers = response.headers;
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxAnswerBytes) cutOff();
    });
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = maxAnswerBytes - kept;
      if (chunk.byteLength > room) {
        chunks.push(chunk.subarray(0, room));
        kept += room;
        cutOff();
        return;
      }
      chunks.push(chunk);
      kept += chunk.byteLength;
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ status, headers, body: Buffer.concat(chunks), truncated: false });
    });
    stream.on('error', (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
  });
}
