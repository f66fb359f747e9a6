import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeLines, encodeLines, openSentLedger, type LedgerSending } from './sent-ledger';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meisai-ledger-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sending = (a: string, file: number): LedgerSending => ({
  v: 1, t: 'sending', a, at: '2026-11-30T00:00:00.000Z', run: a.split('/')[0]!, file, name: 'b.csv', path: '/in/b.csv', staged: null,
  sha: 'a'.repeat(64), part: 1, parts: 1, issue: 'new', lines: encodeLines([{ line: 2, fingerprint: 'AAAAAAAAAAAAAAAAAAAAAA' }]),
});

describe('sent ledger', () => {
  it('keeps one JSON line per record, per setting, and reads the attempts back with their outcomes', () => {
    const ledger = openSentLedger(dir);
    expect(ledger.hasRecords()).toBe(false);
    expect(ledger.append('bill', sending('r1/1', 1)).ok).toBe(true);
    expect(ledger.append('bill', { v: 1, t: 'sent', a: 'r1/1', at: 'x', importId: 1001 }).ok).toBe(true);
    expect(ledger.append('pay', sending('r2/1', 1)).ok).toBe(true);
    expect(readFileSync(join(dir, 'sent-ledger', 'bill.jsonl'), 'utf8').split('\n')).toHaveLength(3);
    const all = ledger.readAll();
    expect(all.map((a) => [a.settingKey, a.sending.a, a.outcomes.map((o) => o.t)])).toEqual([['bill', 'r1/1', ['sent']], ['pay', 'r2/1', []]]);
    expect(decodeLines(all[0]!.sending.lines)).toEqual([{ line: 2, fingerprint: 'AAAAAAAAAAAAAAAAAAAAAA' }]);
    expect(ledger.hasRecords()).toBe(true);
  });

  it('skips a torn last line and never glues the next record to it', () => {
    const ledger = openSentLedger(dir);
    ledger.append('bill', sending('r1/1', 1));
    appendFileSync(join(dir, 'sent-ledger', 'bill.jsonl'), '{"v":1,"t":"sent","a":"r1/1","at":"x","impo');
    // A new process (a restart after the crash) appends the next record.
    const again = openSentLedger(dir);
    again.append('bill', { v: 1, t: 'done', a: 'r1/1', at: 'y' });
    expect(again.readAll()[0]!.outcomes.map((o) => o.t)).toEqual(['done']);
  });

  it('a second sending of the same row (an automatic retry) reads as on its way again', () => {
    const ledger = openSentLedger(dir);
    ledger.append('bill', sending('r1/1', 1));
    ledger.append('bill', { v: 1, t: 'failed', a: 'r1/1', at: 'x' });
    ledger.append('bill', sending('r1/1', 1));
    expect(ledger.readAll()[0]!.outcomes.map((o) => o.t)).toEqual(['failed', 'resending']);
  });

  it('keeps a 再送待ち with its 72 hours, attempts and reason, and reads it back', () => {
    const ledger = openSentLedger(dir);
    ledger.append('bill', sending('r1/1', 1));
    const wait = { v: 1, t: 'retry-wait', a: 'r1/1', at: 'x', firstFailedAt: '2026-11-30T00:00:00.000Z', attempts: 1, reason: 'メンテナンス中' } as const;
    ledger.append('bill', wait);
    ledger.append('bill', sending('r1/1', 1));
    expect(ledger.readAll()[0]!.outcomes).toEqual([wait, { v: 1, t: 'resending', a: 'r1/1', at: '2026-11-30T00:00:00.000Z' }]);
  });

  it('refuses, as a value, when it cannot write (the send must not happen)', () => {
    const ledger = openSentLedger(join(dir, 'file-not-folder'));
    appendFileSync(join(dir, 'file-not-folder'), 'x');
    const r = ledger.append('bill', sending('r1/1', 1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ledger.write');
  });
});
