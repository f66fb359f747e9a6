import { describe, expect, it } from 'vitest';
import type { FileRecord, FileState, RunSummary } from '../../../shared/run';
import { awaitsApproval, messageBody, outcomeWords } from './run-words';

/** 請求書, run by hand, one file imported. */
const BASE: RunSummary = { id: 'r', target: { kind: 'report', reportId: 'bill' }, targetName: '請求書', trigger: 'manual', startedAt: '2026-11-30T00:00:00Z', finishedAt: '2026-11-30T00:01:00Z', outcome: 'success', counts: { files: 1, done: 1, failed: 0, skipped: 0, attention: 0 }, message: '請求書: 1件完了' };
const run = (over: Partial<RunSummary>): RunSummary => ({ ...BASE, ...over });
const file = (state: FileState): FileRecord => ({ id: 1, runId: 'r', kind: 'report', fileName: 'a.csv', currentPath: null, state, updatedAt: '' });

describe('outcomeWords', () => {
  it('says why nothing was sent', () => {
    const dup = run({ outcome: 'nothing', counts: { files: 1, done: 0, failed: 0, skipped: 0, attention: 0 }, message: '請求書: 同一内容1件' });
    expect(outcomeWords(dup, false).label).toBe('同一内容のため送信せず');
    expect(outcomeWords(dup, false, [file({ state: 'duplicate', sha256: 'x', previousRunId: 'p' })]).label).toBe('同一内容のため送信せず');
    expect(outcomeWords(run({ outcome: 'nothing', message: '請求書: データなし1件' }), false).label).toBe('データなし');
    expect(outcomeWords(run({ outcome: 'nothing', message: '請求書: 送信するファイルはありませんでした' }), false, []).label).toBe('対象のファイルなし');
  });

  it('a 承認しない run that imported documents waits for approval', () => {
    expect(outcomeWords(run({}), true)).toEqual({ label: '完了（承認待ち）', tone: 'waiting-approval' });
    expect(outcomeWords(run({}), false)).toEqual({ label: '成功', tone: 'success' });
    expect(outcomeWords(run({ outcome: 'partial' }), true).label).toBe('一部エラー');
  });
});

describe('awaitsApproval', () => {
  it('only for a document setting with 承認しない that imported something', () => {
    const approveOf = (id: string) => (id === 'bill' ? false : id === 'pay' ? true : undefined);
    expect(awaitsApproval(run({}), approveOf)).toBe(true);
    expect(awaitsApproval(run({ target: { kind: 'report', reportId: 'pay' } }), approveOf)).toBe(false);
    expect(awaitsApproval(run({ counts: { files: 1, done: 0, failed: 1, skipped: 0, attention: 0 } }), approveOf)).toBe(false);
    expect(awaitsApproval(run({ target: { kind: 'customers' } }), approveOf)).toBe(false);
  });
});

describe('messageBody', () => {
  it('drops the setting name the list already shows', () => expect(messageBody(run({}))).toBe('1件完了'));
});
