// The history's side of 再送待ち and of customers-before-documents, on an in-memory database: waiting
// rows found earliest first (and dropped from the index once they leave the state), unfinished for
// resume and the content guard, and the refused customer file that holds documents back until a
// later import or the clerk's release.
import { describe, expect, it } from 'vitest';
import { NOT_SENT_SENTENCE } from '../../../shared/clerk-advice';
import type { RetryWaitState } from '../../../shared/run';
import { importFile, openForTest, unwrap } from './test-history';

const SHA = 'c'.repeat(64);
const waiting = (nextAttemptAt: string, attempts = 1): RetryWaitState => ({
  state: 'retry-wait', sha256: SHA, attempts, nextAttemptAt, firstFailedAt: '2026-11-28T00:00:00.000Z', reason: 'メンテナンス中でした。',
});

function sendingFile(db: ReturnType<typeof openForTest>['db'], runId: string, name: string, kind: 'customers' | 'report' = 'report') {
  const f = unwrap(db.writer.addFile({ runId, kind, fileName: name, originalPath: `/in/${name}`, settingKey: kind === 'customers' ? 'customers' : 'rep1' }));
  unwrap(db.writer.setFileState(f.id, { state: 'checked', sha256: SHA, lines: 3, bytes: 100 }));
  return unwrap(db.writer.setFileState(f.id, { state: 'sending', sha256: SHA }));
}

describe('再送待ち in the history', () => {
  it('finds waiting files earliest first, counts them unfinished, and forgets them once they leave the state', () => {
    const { db } = openForTest();
    const run = unwrap(db.writer.createRun({ target: { kind: 'report', reportId: 'rep1' }, targetName: '請求書', trigger: 'schedule' }));
    const late = sendingFile(db, run.id, 'late.csv');
    const early = sendingFile(db, run.id, 'early.csv');
    unwrap(db.writer.setFileState(late.id, waiting('2026-11-28T00:10:00.000Z')));
    unwrap(db.writer.setFileState(early.id, waiting('2026-11-28T00:01:00.000Z')));
    expect(db.reader.findRetryWaits().map((f) => f.fileName)).toEqual(['early.csv', 'late.csv']);
    expect(db.reader.findUnfinishedFiles().map((f) => f.state.state)).toEqual(['retry-wait', 'retry-wait']);
    // Neither 要確認 nor 取込状況不明: nothing for the clerk to do.
    expect(db.reader.attentionCount()).toBe(0);
    // A new time, then the automatic resend (the same row), then done.
    unwrap(db.writer.setFileState(early.id, waiting('2026-11-28T00:20:00.000Z', 2)));
    expect(db.reader.findRetryWaits().map((f) => f.fileName)).toEqual(['late.csv', 'early.csv']);
    unwrap(db.writer.setFileState(early.id, { state: 'sending', sha256: SHA }));
    unwrap(db.writer.setFileState(early.id, { state: 'sent', importId: 7 }));
    expect(db.reader.findRetryWaits().map((f) => f.fileName)).toEqual(['late.csv']);
    // The sha stays on the row through 再送待ち (同一内容 and the in-flight guard read it).
    expect(db.reader.getFile(late.id)?.sha256).toBe(SHA);
  });

  it('holds documents behind the latest refused customer file until a later one is imported, or the clerk releases it', () => {
    const { db } = openForTest();
    const run = unwrap(db.writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual' }));
    const imported = importFile(db, run.id, 'clientmaster_1.csv', 'd'.repeat(64), 1);
    expect(db.reader.blockingCustomerFile()).toBeNull();
    const refused = unwrap(db.writer.addFile({ runId: run.id, kind: 'customers', fileName: 'clientmaster_2.csv', originalPath: '/in/clientmaster_2.csv', settingKey: 'customers' }));
    unwrap(db.writer.setFileState(refused.id, { state: 'failed', problems: [{ message: '「clientmaster_2.csv」2行目: 文字が…' }] }));
    expect(db.reader.blockingCustomerFile()?.id).toBe(refused.id);
    // A customer file that never reached 楽楽明細 (wrong token, 72 hours) is not a refusal: the hold stands on the older one.
    const notSent = unwrap(db.writer.addFile({ runId: run.id, kind: 'customers', fileName: 'clientmaster_3.csv', originalPath: '/in/clientmaster_3.csv', settingKey: 'customers' }));
    unwrap(db.writer.setFileState(notSent.id, { state: 'failed', problems: [{ message: `APIトークンが正しくありません。 ${NOT_SENT_SENTENCE}` }] }));
    expect(db.reader.blockingCustomerFile()?.id).toBe(refused.id);
    // Released: documents may go; releasing twice is harmless.
    unwrap(db.writer.releaseCustomerHold(refused.id));
    unwrap(db.writer.releaseCustomerHold(refused.id));
    expect(db.reader.blockingCustomerFile()).toBeNull();
    // A new refusal holds again; a later import resolves it.
    const again = unwrap(db.writer.addFile({ runId: run.id, kind: 'customers', fileName: 'clientmaster_4.csv', originalPath: '/in/clientmaster_4.csv', settingKey: 'customers' }));
    unwrap(db.writer.setFileState(again.id, { state: 'failed', problems: [{ message: 'E1: 取込できません。' }] }));
    expect(db.reader.blockingCustomerFile()?.fileName).toBe('clientmaster_4.csv');
    importFile(db, run.id, 'clientmaster_5.csv', 'e'.repeat(64), 2);
    expect(db.reader.blockingCustomerFile()).toBeNull();
    // Only a refused customer file can be released: anything else is a bug in the caller.
    expect(() => db.writer.releaseCustomerHold(imported.id)).toThrow(/not a refused customer file/);
  });
});
