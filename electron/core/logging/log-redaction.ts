// Redaction at the sink: whatever a caller passes (a got error with its request options, a header
// map, a settings object), the API token never reaches a log file or the console. Three nets, in
// order: fields whose name says "secret" are masked whole; known secrets (registerSecret) are masked
// wherever they appear; anything shaped like a 楽楽明細 token (64 × [A-Za-z0-9]) or an
// X-WB-apitoken / Authorization header value in text is masked.

export const MASK = '[REDACTED]';

/** Field names (case-insensitive, ignoring - and _) whose value is never written. */
const SENSITIVE_KEYS = new Set(['token', 'apitoken', 'headers', 'authorization', 'proxyauthorization', 'xwbapitoken', 'password', 'cookie', 'setcookie', 'secret']);

// A token: exactly 64 letters/digits, not part of a longer run.
const TOKEN_SHAPE = /(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])/g;
// `X-WB-apitoken: v`, `"x-wb-apitoken":"v"`, `x-wb-apitoken=v`; and Authorization / Proxy-Authorization.
const HEADER_VALUE = /((?:x-wb-apitoken|proxy-authorization|authorization)["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic)\s+)?[^\s"',;}&]+/gi;
// A sha256 digest (lower-case hex) under a field that says so is a content hash, not a token: keep it,
// support needs it to match a file with its history.
const HASH_KEYS = new Set(['sha256', 'sha', 'hash', 'previoussha256']);
const HEX64 = /^[0-9a-f]{64}$/;

const MAX_DEPTH = 8;
const MAX_ITEMS = 100;
const MAX_STRING = 20_000;

function normKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export interface Redactor {
  /** Masks this exact value wherever it appears from now on (a token typed or loaded at runtime). */
  registerSecret(value: string | null | undefined): void;
  /** Masks secrets in a piece of text. */
  text(value: string): string;
  /** A JSON-safe copy of `value` with secrets masked (Errors, cycles, Maps and class instances handled). */
  value(value: unknown, key?: string): unknown;
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();

  function text(input: string): string {
    let out = input;
    for (const s of secrets) {
      if (out.includes(s)) out = out.split(s).join(MASK);
      // The same secret as it appears inside JSON text.
      const escaped = JSON.stringify(s).slice(1, -1);
      if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join(MASK);
    }
    out = out.replace(HEADER_VALUE, `$1${MASK}`);
    out = out.replace(TOKEN_SHAPE, MASK);
    return out;
  }

  function walk(v: unknown, key: string | undefined, depth: number, seen: WeakSet<object>): unknown {
    if (key !== undefined && SENSITIVE_KEYS.has(normKey(key)) && v !== undefined && v !== null && v !== '') return MASK;
    if (typeof v === 'string') {
      const s = v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}…(${v.length} chars)` : v;
      if (key !== undefined && HASH_KEYS.has(normKey(key)) && HEX64.test(s)) {
        // Still mask it if someone registered exactly this value as a secret.
        return secrets.has(s) ? MASK : s;
      }
      return text(s);
    }
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) return v;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (typeof v !== 'object') return undefined;
    if (seen.has(v)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[…]';
    seen.add(v);
    try {
      if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return `[${(v as ArrayBufferView).byteLength} bytes]`;
      if (Array.isArray(v)) {
        const items = v.slice(0, MAX_ITEMS).map((item) => walk(item, undefined, depth + 1, seen));
        if (v.length > MAX_ITEMS) items.push(`…(${v.length - MAX_ITEMS} more)`);
        return items;
      }
      if (v instanceof Map) {
        const o: Record<string, unknown> = {};
        for (const [k, item] of v) o[String(k)] = walk(item, String(k), depth + 1, seen);
        return o;
      }
      if (v instanceof Set) return walk([...v], key, depth, seen);
      const o: Record<string, unknown> = {};
      if (v instanceof Error) {
        // name, message and stack are not enumerable; they are what the log needs most.
        o.name = v.name;
        o.message = walk(v.message, 'message', depth + 1, seen);
        if (v.stack !== undefined) o.stack = walk(v.stack, 'stack', depth + 1, seen);
        if (v.cause !== undefined) o.cause = walk(v.cause, 'cause', depth + 1, seen);
      }
      for (const k of Object.keys(v)) {
        let item: unknown;
        try {
          item = (v as Record<string, unknown>)[k];
        } catch {
          item = '[unreadable]';
        }
        const w = walk(item, k, depth + 1, seen);
        if (w !== undefined) o[k] = w;
      }
      return o;
    } finally {
      seen.delete(v);
    }
  }

  return {
    registerSecret(value) {
      // Very short values would mask ordinary words and numbers all over the log.
      if (typeof value === 'string' && value.trim().length >= 8) secrets.add(value.trim());
    },
    text,
    value: (v, key) => walk(v, key, 0, new WeakSet()),
  };
}

/**
 * A text redactor for what came from outside (the 楽楽明細 API's answers): the given secrets (the
 * token the request carried, which a server may echo back) and anything shaped like one. Used
 * before such text is stored (history, the clerk's notes) or printed, not only before it is logged.
 */
export function secretTextRedactor(secrets: readonly string[]): (text: string) => string {
  const redactor = createRedactor();
  for (const s of secrets) redactor.registerSecret(s);
  return (text) => redactor.text(text);
}
