// The sandbox's fault switches for the ways 楽楽明細 and the network between fail a client, kept out of
// the emulator's happy path: maintenance now or for a time window (HTTP 503, or a 200 with the HTML
// maintenance page), Retry-After on 429/503, 500s, a connection dropped after the body arrived,
// answers held back, an answer that crawls (headers, then a byte every few seconds), an answer too
// large to hold, a request body never read, imports held 'active' until a test releases them (so a
// test waits for a state, never for time), and untrusted answers (a token echoed back in an error,
// an import id replaced by a bad one).
import type http from 'node:http';

/** Settable failure knobs. Counters count down as they fire. */
export interface SandboxFaults {
  /** '503': HTTP 503; 'html': HTTP 200 with the maintenance HTML page. */
  maintenance: null | '503' | 'html';
  /** Maintenance only while the sandbox's clock is within [from, until). */
  maintenanceWindow: null | { readonly from: Date; readonly until: Date; readonly kind: '503' | 'html' };
  /** Sent with maintenance (503) and 429 answers: seconds or an HTTP date. null: 429 says 60, 503 nothing. */
  retryAfter: string | null;
  /** Added before answering each request. */
  latencyMs: number;
  /** The next N requests are answered HTTP 500 (nothing is recorded). */
  fail500: number;
  /** The next N import POSTs: body read, import recorded (and processed), socket destroyed unanswered. */
  dropAfterBody: number;
  /** Every answer is held back this long (set it above the client's timeout). The import is recorded first. */
  hangMs: number;
  /** The answer's headers go at once, then its body one byte every `everyMs` (the import is recorded first). */
  crawl: null | { readonly everyMs: number };
  /** Instead of the real answer, a 200 of this many bytes, streamed (never held), until the client hangs up. */
  hugeAnswerBytes: number;
  /** The request body is never read: the client cannot finish sending it (nothing is recorded). */
  stallRequestBody: boolean;
  /** Accepted imports stay 'active' until releaseImports() (or until this is switched off and released). */
  holdImports: boolean;
  /**
   * The next N import POSTs are refused (`status: "error"`, nothing imported) with an error
   * description that repeats the request's own X-WB-apitoken: a server that echoes secrets.
   */
  echoTokenInError: number;
  /**
   * The next import POST is processed as usual but answered with this `importId` instead of its
   * own (a bad answer: -1, "abc", null…). undefined: off.
   */
  replaceImportId: unknown;
  /** When set, faults apply only to requests whose `METHOD path` matches, e.g. /^GET .*\/state$/ (path after /<account>/). */
  match: RegExp | null;
}

export function noFaults(): SandboxFaults {
  return {
    maintenance: null, maintenanceWindow: null, retryAfter: null, latencyMs: 0, fail500: 0, dropAfterBody: 0, hangMs: 0,
    crawl: null, hugeAnswerBytes: 0, stallRequestBody: false, holdImports: false, echoTokenInError: 0, replaceImportId: undefined, match: null,
  };
}

/** Which maintenance answer, if any, applies now. */
export function maintenanceNow(faults: SandboxFaults, now: Date): '503' | 'html' | null {
  if (faults.maintenance !== null) return faults.maintenance;
  const w = faults.maintenanceWindow;
  if (w !== null && now.getTime() >= w.from.getTime() && now.getTime() < w.until.getTime()) return w.kind;
  return null;
}

/** What the fault writers tell the test afterwards: how many answer bytes actually left. */
export interface FaultStats {
  /** Bytes of fault answers (crawl, huge) written before the client went away or the answer ended. */
  answerBytesWritten: number;
}

/**
 * Writes `body` one byte every `everyMs`, headers first. Ends early (socket destroyed) when the client
 * goes away or `stop` says so; resolves when done either way.
 */
export function crawlAnswer(res: http.ServerResponse, status: number, headers: Record<string, string>, body: Buffer, everyMs: number, stats: FaultStats, stopped: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, { ...headers, 'content-length': String(body.byteLength) });
    res.flushHeaders();
    let i = 0;
    const timer = setInterval(() => {
      if (stopped() || res.destroyed) {
        clearInterval(timer);
        res.destroy();
        return resolve();
      }
      if (i >= body.byteLength) {
        clearInterval(timer);
        res.end();
        return resolve();
      }
      res.write(body.subarray(i, i + 1));
      i++;
      stats.answerBytesWritten++;
    }, Math.max(1, everyMs));
    res.on('close', () => {
      clearInterval(timer);
      resolve();
    });
  });
}

/** A 200 of `bytes` bytes, in 64 KiB chunks with backpressure: nothing of it is kept in memory. */
export function hugeAnswer(res: http.ServerResponse, bytes: number, stats: FaultStats, stopped: () => boolean): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  chunk.write('{"status":"success","importId":1,"padding":"');
  return new Promise((resolve) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(bytes) });
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        if (stopped() || res.destroyed) return resolve();
        const piece = left >= chunk.byteLength ? chunk : chunk.subarray(0, left);
        left -= piece.byteLength;
        stats.answerBytesWritten += piece.byteLength;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
      resolve();
    };
    res.on('close', () => resolve());
    pump();
  });
}
