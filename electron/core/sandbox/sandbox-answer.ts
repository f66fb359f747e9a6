// What the sandbox answers, before it is written: status, content type, body and extra headers.
// Endpoints and gates return an Answer rather than writing to the socket themselves, so the fault
// switches that act on the way out (hang, crawl, huge, drop) see every answer in one place.
import type http from 'node:http';
import { envelope, type ApiErrorItem } from './assumed-behaviour';

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

/** A JSON answer with the API's envelope (path, timestamp, HTTP status) around `body`. */
export function jsonAnswer(status: number, body: Record<string, unknown>, path: string): Answer {
  return {
    status,
    contentType: 'application/json; charset=UTF-8',
    body: JSON.stringify({ ...body, ...envelope(path, new Date(), status) }),
  };
}

export function errorAnswer(status: number, errors: ApiErrorItem[], path: string, extra: Record<string, unknown> = {}): Answer {
  return jsonAnswer(status, { status: 'error', ...extra, errors }, path);
}

export function htmlAnswer(status: number, body: string, headers?: Record<string, string>): Answer {
  return { status, contentType: 'text/html; charset=UTF-8', body, ...(headers ? { headers } : {}) };
}

/** Writes the whole answer with its length; `close` asks the client not to reuse the connection. */
export function sendAnswer(res: http.ServerResponse, answer: Answer, close: boolean): void {
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': String(body.byteLength),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
    ...answer.headers,
  });
  res.end(body);
}
