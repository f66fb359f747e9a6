// The history's record of sent lines, through the writer as the runner uses it: recorded with
// `sending` (in flight counts), released by a failure or the clerk's 再送する, kept by done and
// 送信済みにする; the overlap answer and the line counts kept past `checked`.
import { describe, expect, it } from 'vitest';
import type { LineFingerprint } from '../ledger/line-fingerprints';
import { fingerprintOf } from '../ledger/line-fingerprints';
import type { HistoryDatabase } from './history-interface';
import { openForTest, unwrap } from './test-history';

const SHA = 'c'.repeat(64);
const lines = (...texts: string[]): LineFingerprint[] => texts.map((t, i) => ({ line: i + 2, fingerprint: fingerprintOf(Buffer.from(t)) }));

function sendingFile(db: HistoryDatabase, runId: string, name: string, sent: readonly LineFingerprint[], settingKey = 'bill') {
  const f = unwrap(db.writer.addFile({ runId, kind: 'report', fileName: name, originalPath: `/in/${name}`, settingKey }));
  unwrap(db.writer.setFileState(f.id, { state: 'checked', sha256: SHA, lines: sent.length, bytes: 100 }));
  return unwrap(db.writer.setFileState(f.id, { state: 'sending', sha256: SHA }, { sentLines: sent }));
}

function newRun(db: HistoryDatabase) {
  return unwrap(db.writer.createRun({ target: { kind: 'report', reportId: 'bill' }, targetName: '請求書', trigger: 'manual' })).id;
}

describe('sent lines in the history', () => {
  it('records the lines with `sending`: a new file sees them while the import is in flight', () => {
    const { db } = openForTest();
    const run = newRun(db);
    sendingFile(db, run, 'a.csv', lines('x', 'y', 'z'));
    const found = db.sentLines.findOverlap('bill', lines('q', 'y', 'z'));
    expect(found.overlapping).toBe(2);
    expect(found.sample).toEqual([
      { line: 3, runId: run, fileName: 'a.csv', sentAt: '2026-11-28T00:00:00.000Z' },
      { line: 4, runId: run, fileName: 'a.csv', sentAt: '2026-11-28T00:00:00.000Z' },
    ]);
    // Another setting's lines are its own.
    expect(db.sentLines.findOverlap('pay', lines('y')).overlapping).toBe(0);
  });

  it('keeps them once imported; a failed import releases them', () => {
    const { db } = openForTest();
    const run = newRun(db);
    const ok = sendingFile(db, run, 'ok.csv', lines('a'));
    unwrap(db.writer.setFileState(ok.id, { state: 'sent', importId: 1 }));
    unwrap(db.writer.setFileState(ok.id, { state: 'done', importId: 1 }));
    const bad = sendingFile(db, run, 'bad.csv', lines('b'));
    unwrap(db.writer.setFileState(bad.id, { state: 'sent', importId: 2 }));
    unwrap(db.writer.setFileState(bad.id, { state: 'failed', importId: 2, problems: [{ message: 'x' }] }));
    expect(db.sentLines.findOverlap('bill', lines('a', 'b')).overlapping).toBe(1);
  });

  it('a 要確認 file keeps its lines until the clerk says 再送する (it never arrived); 送信済みにする keeps them', () => {
    const { db } = openForTest();
    const run = newRun(db);
    const held = sendingFile(db, run, 'h.csv', lines('h'));
    unwrap(db.writer.setFileState(held.id, { state: 'held', sha256: SHA, reason: 'r' }));
    expect(db.sentLines.findOverlap('bill', lines('h')).overlapping).toBe(1);
    unwrap(db.writer.resolveHeld(held.id, 'resend'));
    expect(db.sentLines.findOverlap('bill', lines('h')).overlapping).toBe(0);

    const marked = sendingFile(db, run, 'm.csv', lines('m'));
    unwrap(db.writer.setFileState(marked.id, { state: 'held', sha256: SHA, reason: 'r' }));
    unwrap(db.writer.resolveHeld(marked.id, 'mark-sent'));
    expect(db.sentLines.findOverlap('bill', lines('m')).overlapping).toBe(1);
  });

  it('a retried `sending` of the same row records nothing twice', () => {
    const { db } = openForTest();
    const run = newRun(db);
    const f = sendingFile(db, run, 'a.csv', lines('a', 'b'));
    unwrap(db.writer.setFileState(f.id, { state: 'held', sha256: SHA, reason: 'r' }));
    unwrap(db.writer.setFileState(f.id, { state: 'sending', sha256: SHA }, { sentLines: lines('a', 'b') }));
    expect(db.sentLines.size()).toEqual({ contents: 1, lines: 2 });
  });

  it('names the newest earlier sender and bounds the sample', () => {
    const { db, clock } = openForTest();
    const run = newRun(db);
    sendingFile(db, run, 'old.csv', lines('a'));
    clock.jump(60_000);
    sendingFile(db, run, 'new.csv', lines('a'));
    const many = Array.from({ length: 30 }, (_, i) => `l${i}`);
    sendingFile(db, run, 'many.csv', lines(...many));
    expect(db.sentLines.findOverlap('bill', lines('a')).sample[0]?.fileName).toBe('new.csv');
    const found = db.sentLines.findOverlap('bill', lines(...many), 5);
    expect(found.overlapping).toBe(30);
    expect(found.sample.map((s) => s.line)).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('the overlap state in the history', () => {
  function overlapFile(db: HistoryDatabase) {
    const run = newRun(db);
    const f = unwrap(db.writer.addFile({ runId: run, kind: 'report', fileName: 'o.csv', originalPath: '/in/o.csv', settingKey: 'bill' }));
    unwrap(db.writer.setFileState(f.id, { state: 'checked', sha256: SHA, lines: 7, bytes: 700 }));
    return unwrap(db.writer.setFileState(f.id, { state: 'overlap', sha256: SHA, lines: 7, overlapping: 6, sample: [] }));
  }

  it('counts as 要確認 until answered, once', () => {
    const { db } = openForTest();
    const f = overlapFile(db);
    expect(db.reader.attentionCount()).toBe(1);
    expect(db.reader.getRun(f.runId)?.counts.attention).toBe(1);
    expect(db.reader.findAwaitingOverlap().map((x) => x.id)).toEqual([f.id]);
    const answered = unwrap(db.writer.resolveOverlap(f.id, 'replace'));
    expect(answered.overlapChoice).toEqual({ choice: 'replace', at: '2026-11-28T00:00:00.000Z' });
    expect(answered.state.state).toBe('overlap');
    expect(db.reader.attentionCount()).toBe(0);
    expect(db.reader.findAwaitingOverlap()).toEqual([]);
    const again = db.writer.resolveOverlap(f.id, 'skip');
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('history.not-overlap');
  });

  it('keeps the line count past `checked`, and the run counts the lines of its files', () => {
    const { db } = openForTest();
    const f = overlapFile(db);
    unwrap(db.writer.resolveOverlap(f.id, 'skip'));
    const failed = unwrap(db.writer.setFileState(f.id, { state: 'failed', problems: [{ message: '送信しない' }] }));
    expect(failed.lines).toBe(7);
    expect(failed.overlapChoice?.choice).toBe('skip');
    expect(db.reader.getRun(f.runId)?.counts.lines).toBe(7);
  });

  it('records the issue type of a new row (差替発行), 新規発行 by default', () => {
    const { db } = openForTest();
    const run = newRun(db);
    const replaced = unwrap(db.writer.addFile({ runId: run, kind: 'report', fileName: 'r.csv', originalPath: '/in/r.csv', settingKey: 'bill', issue: 'replace' }));
    const plain = unwrap(db.writer.addFile({ runId: run, kind: 'report', fileName: 'p.csv', originalPath: '/in/p.csv', settingKey: 'bill' }));
    expect([replaced.issue, plain.issue]).toEqual(['replace', 'new']);
  });
});
