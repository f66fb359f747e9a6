import { describe, expect, it } from 'vitest';
import { planRecovery, recoveredAs } from './ledger-recovery';
import type { LedgerAttempt, LedgerOutcome, LedgerSending } from './sent-ledger';

const sending: LedgerSending = {
  v: 1, t: 'sending', a: 'run-1/7', at: '2026-11-30T00:00:00.000Z', run: 'run-1', file: 7, name: 'b.csv', path: '/in/b.csv',
  staged: '/staging/x/b.csv', sha: 'a'.repeat(64), part: 1, parts: 1, issue: 'new', lines: ['2:AAAAAAAAAAAAAAAAAAAAAA'],
};
const wait = { firstFailedAt: '2026-11-30T00:00:00.000Z', attempts: 2, reason: '楽楽明細がメンテナンス中でした（データは届いていません）。' };
const attempt = (...outcomes: (LedgerOutcome['t'] | ['sent', number])[]): LedgerAttempt => ({
  settingKey: 'bill',
  sending,
  outcomes: outcomes.map((o): LedgerOutcome => {
    if (Array.isArray(o)) return { v: 1, t: 'sent', a: sending.a, at: sending.at, importId: o[1] };
    if (o === 'retry-wait') return { v: 1, t: 'retry-wait', a: sending.a, at: sending.at, ...wait };
    return { v: 1, t: o, a: sending.a, at: sending.at } as LedgerOutcome;
  }),
});

describe('recoveredAs: what a ledger attempt the history lost becomes', () => {
  it.each([
    ['a POST without an answer: 要確認, never new', attempt(), { as: 'held', importId: null }],
    ['answered with an import id: polled again with it', attempt(['sent', 1001]), { as: 'polled', importId: 1001 }],
    ['imported', attempt(['sent', 1001], 'done'), { as: 'imported', importId: 1001 }],
    ['refused or failed: its lines are free', attempt(['sent', 1001], 'failed'), { as: 'released', importId: 1001 }],
    ['要確認 not yet answered', attempt('held'), { as: 'held', importId: null }],
    ['要確認 answered 送信済みにする', attempt('held', 'mark-sent'), { as: 'imported', importId: null }],
    ['要確認 answered 再送する (it never arrived)', attempt('held', 'resend'), { as: 'released', importId: null }],
    ['the history refused `sending`: nothing left', attempt('not-sent'), { as: 'released', importId: null }],
    ['sent again after an automatic retry, no answer yet', attempt('failed', 'resending'), { as: 'held', importId: null }],
    // 再送待ち: the POST provably never arrived; it waits again, with its 72 hours — never new, never 要確認.
    ['再送待ち: never arrived, waits again', attempt('retry-wait'), { as: 'waiting', importId: null, waiting: wait }],
    ['再送待ち, sent again, no answer yet: may have arrived', attempt('retry-wait', 'resending'), { as: 'held', importId: null }],
    ['再送待ち, sent again and answered', attempt('retry-wait', 'resending', ['sent', 1002]), { as: 'polled', importId: 1002 }],
    ['再送待ち given up after 72 hours: its lines are free', attempt('retry-wait', 'failed'), { as: 'released', importId: null }],
    ['再送待ち dropped because the clerk\'s file changed', attempt('retry-wait', 'not-sent'), { as: 'released', importId: null }],
  ] as const)('%s', (_, a, expected) => {
    expect(recoveredAs(a)).toEqual(expected);
  });

  it('plans every attempt, in ledger order', () => {
    const other = { ...attempt(), sending: { ...sending, a: 'run-2/1', run: 'run-2', file: 1 } };
    expect(planRecovery([attempt(['sent', 5]), other]).map((s) => [s.attempt.sending.a, s.as, s.importId])).toEqual([['run-1/7', 'polled', 5], ['run-2/1', 'held', null]]);
  });
});
