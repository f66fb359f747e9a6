// The sent ledger: a second, small record of what went to 楽楽明細, per document setting, kept beside
// the history in the data folder (`sent-ledger/<settingKey>.jsonl`). Append-only JSON lines, each
// fsynced before the call returns, and a send attempt's record is appended BEFORE its POST. If
// history.db or its WAL is lost, the ledger still says which lines went, which imports were still in
// flight (with their import id) and which POSTs may have left without an answer: the overlap guard
// and the 要確認 decision work again from it (ledger-recovery.ts), instead of every file looking new.
// A torn last line (a crash mid-append) is skipped when reading and never glued to the next record.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, fstatSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { IssueKind } from '../../../shared/run';
import type { LineFingerprint } from './line-fingerprints';

export const LEDGER_DIR_NAME = 'sent-ledger';

/** One attempt is one history row (one file, or one part of it) of one run. */
export const attemptId = (runId: string, fileId: number): string => `${runId}/${fileId}`;

/** Written before the POST: everything needed to take the attempt back after a loss of the history. */
export interface LedgerSending {
  readonly v: 1;
  readonly t: 'sending';
  readonly a: string;
  readonly at: string;
  readonly run: string;
  readonly file: number;
  readonly name: string;
  readonly path: string;
  readonly staged: string | null;
  readonly sha: string;
  readonly part: number;
  readonly parts: number;
  readonly issue: IssueKind;
  /** `<line>:<fingerprint>` per data line. */
  readonly lines: readonly string[];
  /** The name the POST carries to 楽楽明細's 取込履歴 (absent in lines written before it). */
  readonly importName?: string;
  /** Where the clerk's file is while it is sent (claimed into 処理中), when not at `path`. */
  readonly current?: string;
}

/**
 * What became of an attempt: answered (import id), imported, refused, 要確認, the clerk's answer, or
 * 再送待ち (the POST provably never arrived; the agent sends the same row again by itself).
 */
export type LedgerOutcome =
  | { readonly v: 1; readonly t: 'sent'; readonly a: string; readonly at: string; readonly importId: number }
  | { readonly v: 1; readonly t: 'done' | 'failed' | 'held' | 'mark-sent' | 'resend' | 'not-sent'; readonly a: string; readonly at: string }
  | LedgerRetryWait
  /** Read back only: the same row was sent again (an automatic retry), so it is on its way again. */
  | { readonly v: 1; readonly t: 'resending'; readonly a: string; readonly at: string };

/** 再送待ち, with what the row needs to wait again after a loss of the history (its 72 hours, its reason). */
export interface LedgerRetryWait {
  readonly v: 1;
  readonly t: 'retry-wait';
  readonly a: string;
  readonly at: string;
  /** ISO 8601: the 72 hours are counted from here. */
  readonly firstFailedAt: string;
  readonly attempts: number;
  /** The clerk's sentence for why it waits (redacted, as the history keeps it). */
  readonly reason: string;
}

export type LedgerRecord = LedgerSending | LedgerOutcome;

/** One attempt as the ledger tells it: its sending record and what followed, in order. */
export interface LedgerAttempt {
  readonly settingKey: string;
  readonly sending: LedgerSending;
  readonly outcomes: readonly LedgerOutcome[];
}

export interface SentLedger {
  readonly dir: string;
  /** Appends and fsyncs one record; an error means it is not on disk (the POST must not happen). */
  append(settingKey: string, record: LedgerRecord): Result<void>;
  /** Every attempt of every setting, in the order they were written. */
  readAll(): readonly LedgerAttempt[];
  /** The ledger holds at least one record: a trace that documents were sent from this data folder. */
  hasRecords(): boolean;
}

export const encodeLines = (lines: readonly LineFingerprint[]): string[] => lines.map((l) => `${l.line}:${l.fingerprint}`);

export function decodeLines(lines: readonly string[]): LineFingerprint[] {
  return lines.flatMap((text) => {
    const colon = text.indexOf(':');
    const line = Number(text.slice(0, colon));
    return colon > 0 && Number.isInteger(line) ? [{ line, fingerprint: text.slice(colon + 1) }] : [];
  });
}

const KEY = /^[A-Za-z0-9_-]{1,64}$/;

function isRecord(value: unknown): value is LedgerRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (r.v !== 1 || typeof r.a !== 'string' || typeof r.at !== 'string') return false;
  if (r.t === 'sending') return typeof r.run === 'string' && typeof r.file === 'number' && typeof r.sha === 'string' && Array.isArray(r.lines);
  if (r.t === 'sent') return typeof r.importId === 'number';
  if (r.t === 'retry-wait') return typeof r.firstFailedAt === 'string' && typeof r.attempts === 'number' && typeof r.reason === 'string';
  return ['done', 'failed', 'held', 'mark-sent', 'resend', 'not-sent'].includes(String(r.t));
}

/** Does the file end with a line break (or is it empty)? A torn last record does not. */
function endsClean(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

export function openSentLedger(dataDir: string): SentLedger {
  const dir = join(dataDir, LEDGER_DIR_NAME);
  /** Files known to end with a line break since this process last looked. */
  const clean = new Set<string>();

  function fileOf(settingKey: string): string {
    // Setting ids are [A-Za-z0-9_-] already (the settings schema); anything else is a bug.
    if (!KEY.test(settingKey)) throw new Error(`sent ledger: bad setting key ${settingKey}`);
    return join(dir, `${settingKey}.jsonl`);
  }

  return {
    dir,
    append(settingKey, record) {
      const path = fileOf(settingKey);
      try {
        const created = !existsSync(path);
        if (created) mkdirSync(dir, { recursive: true });
        const torn = !created && !clean.has(path) && !endsClean(path);
        const fd = openSync(path, 'a');
        try {
          writeSync(fd, `${torn ? '\n' : ''}${JSON.stringify(record)}\n`);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        if (created) syncDir(dir);
        clean.add(path);
        return ok(undefined);
      } catch (e) {
        clean.delete(path);
        const code = e instanceof Error && 'code' in e ? String(e.code) : 'UNKNOWN';
        const message = code === 'ENOSPC'
          ? '送信の記録を保存できませんでした。ディスクの空き容量が不足しています。空きを作ってから、もう一度実行してください。'
          : '送信の記録を保存できませんでした。データフォルダへの書き込みが許可されているか確認してください。';
        return err(appError('ledger.write', message, `${path}: ${code}: ${e instanceof Error ? e.message : String(e)}`));
      }
    },
    readAll() {
      if (!existsSync(dir)) return [];
      const attempts = new Map<string, { settingKey: string; sending: LedgerSending; outcomes: LedgerOutcome[] }>();
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
        const settingKey = name.slice(0, -'.jsonl'.length);
        for (const text of readFileSync(join(dir, name), 'utf8').split('\n')) {
          if (text.trim() === '') continue;
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            continue; // a torn line
          }
          if (!isRecord(parsed)) continue;
          if (parsed.t === 'sending') {
            // A retried send of the same row writes its sending again: on its way again.
            const known = attempts.get(parsed.a);
            if (known) known.outcomes.push({ v: 1, t: 'resending', a: parsed.a, at: parsed.at });
            else attempts.set(parsed.a, { settingKey, sending: parsed, outcomes: [] });
            continue;
          }
          attempts.get(parsed.a)?.outcomes.push(parsed);
        }
      }
      return [...attempts.values()];
    },
    hasRecords() {
      if (!existsSync(dir)) return false;
      return readdirSync(dir).some((n) => n.endsWith('.jsonl'));
    },
  };
}

/** A new file's name must survive a power cut too. Not every platform can fsync a folder (Windows). */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // EISDIR / EPERM on Windows: NTFS journals the name itself.
  }
}
