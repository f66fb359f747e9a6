// How long the client waits, for each part of a request and for the whole of it. Every wait is
// bounded, so no server — a crawling answer, a proxy that never replies — can hold a run (and
// agent.lock) forever; an import POST's deadline grows with its body, so a 3 MB file on a slow
// office uplink is not cut off half-sent.

/** Every wait of a request, bounded; tests shorten them. */
export interface ClientTimeouts {
  /** DNS + TCP + TLS. Default 15 s. */
  readonly connectMs?: number;
  /** Silence: waiting for the answer's first byte after the request, or for its next byte. Default 30 s. */
  readonly responseMs?: number;
  /**
   * The whole of an import POST, from the first DNS lookup to the answer's last byte. Default 45 s,
   * plus the time the body needs at a slow office uplink (64 KiB/s: about 48 s more for 3 MB).
   */
  readonly postDeadlineMs?: number;
  /** The whole of any other call (state polls, the connection test, delete). Default 20 s. */
  readonly getDeadlineMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;
const DEFAULT_POST_DEADLINE_MS = 45_000;
const DEFAULT_GET_DEADLINE_MS = 20_000;
/** The slowest uplink a POST deadline allows for: the body's share of the deadline grows with its size. */
const SLOWEST_UPLOAD_BYTES_PER_SECOND = 64 * 1024;

/** The overall deadline of an import POST with a body of `bytes`. */
export function postDeadlineMs(bytes: number, baseMs = DEFAULT_POST_DEADLINE_MS): number {
  return baseMs + Math.ceil((bytes / SLOWEST_UPLOAD_BYTES_PER_SECOND) * 1000);
}

/** The client's waits with every default applied. */
export interface RequestDeadlines {
  readonly connectMs: number;
  readonly responseMs: number;
  /** The whole of a request: a POST's grows with its body, every other call has the GET deadline. */
  overallMs(body: Buffer | undefined): number;
}

export function requestDeadlines(timeouts: ClientTimeouts = {}): RequestDeadlines {
  const postBaseMs = timeouts.postDeadlineMs ?? DEFAULT_POST_DEADLINE_MS;
  const getDeadlineMs = timeouts.getDeadlineMs ?? DEFAULT_GET_DEADLINE_MS;
  return {
    connectMs: timeouts.connectMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    responseMs: timeouts.responseMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
    overallMs: (body) => (body ? postDeadlineMs(body.byteLength, postBaseMs) : getDeadlineMs),
  };
}
