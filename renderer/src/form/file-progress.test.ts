import { describe, expect, it } from 'vitest';
import type { RunProgress, RunSummary } from '../../../shared/run';
import { applyProgress, markCancelling, runCounts, type ProgressByTarget } from './file-progress';

const summary: RunSummary = {
  id: 'run1',
  target: { kind: 'report', reportId: 'r1' },
  targetName: '請求書',
  trigger: 'manual',
  startedAt: '2026-11-30T09:00:00+09:00',
  finishedAt: '2026-11-30T09:01:00+09:00',
  outcome: 'partial',
  counts: { files: 2, done: 1, failed: 1, skipped: 0, attention: 0 },
  message: '2件中1件完了',
};

const events: RunProgress[] = [
  { type: 'run-started', runId: 'run1', target: { kind: 'report', reportId: 'r1' }, trigger: 'manual', targetName: '請求書' },
  { type: 'file-found', runId: 'run1', fileName: 'billdata_1.csv', kind: 'report' },
  { type: 'file-found', runId: 'run1', fileName: 'billdata_2.csv', kind: 'report' },
  { type: 'file-state', runId: 'run1', fileName: 'billdata_1.csv', kind: 'report', state: { state: 'sending', sha256: 'x' } },
  { type: 'file-importing', runId: 'run1', fileName: 'billdata_1.csv', index: 1, total: 2 },
];

describe('applyProgress', () => {
  it('shows 検証中 → 送信中 → 取込中 n/m per file, in the order files appeared', () => {
    const p = events.reduce<ProgressByTarget>(applyProgress, {});
    expect(p['r1']?.order).toEqual(['billdata_1.csv', 'billdata_2.csv']);
    expect(p['r1']?.files['billdata_1.csv']).toEqual({ label: '取込中 1/2', tone: 'busy' });
    expect(p['r1']?.files['billdata_2.csv']).toEqual({ label: '検証中', tone: 'busy' });
  });

  it('ends with 完了 / エラー and the run summary', () => {
    const p = [
      ...events,
      { type: 'file-state', runId: 'run1', fileName: 'billdata_1.csv', kind: 'report', state: { state: 'done', importId: 5 } },
      { type: 'file-state', runId: 'run1', fileName: 'billdata_2.csv', kind: 'report', state: { state: 'failed', problems: [] } },
      { type: 'run-finished', runId: 'run1', summary },
    ].reduce<ProgressByTarget>((acc, e) => applyProgress(acc, e as RunProgress), {});
    expect(p['r1']?.files['billdata_1.csv']?.label).toBe('完了');
    expect(p['r1']?.files['billdata_2.csv']).toEqual({ label: 'エラー', tone: 'error' });
    expect(p['r1']?.finished).toEqual(summary);
  });

  it('ignores events of a run it never saw start, and a new run replaces the old view', () => {
    const stray = applyProgress({}, { type: 'file-found', runId: 'other', fileName: 'a.csv', kind: 'customers' });
    expect(stray).toEqual({});
    const first = events.reduce<ProgressByTarget>(applyProgress, {});
    const again = applyProgress(first, { ...(events[0] as Extract<RunProgress, { type: 'run-started' }>), runId: 'run2' });
    expect(again['r1']).toEqual({ runId: 'run2', files: {}, order: [], lines: {}, expected: 0, cancelling: false, finished: null });
  });
});

describe('runCounts', () => {
  it('counts files handled of those expected, and the lines the pre-flight check counted', () => {
    const started = applyProgress({}, events[0] as RunProgress, 3);
    const p = [
      ...events.slice(1),
      { type: 'file-state', runId: 'run1', fileName: 'billdata_1.csv', kind: 'report', state: { state: 'checked', sha256: 'x', lines: 120, bytes: 9000 } },
      { type: 'file-state', runId: 'run1', fileName: 'billdata_1.csv', kind: 'report', state: { state: 'done', importId: 5 } },
    ].reduce<ProgressByTarget>((acc, e) => applyProgress(acc, e as RunProgress), started);
    expect(runCounts(p['r1']!)).toEqual({ settled: 1, total: 3, lines: 120 });
    // More files than were waiting at the start: the total follows.
    const more = ['a', 'b', 'c', 'd'].reduce<ProgressByTarget>((acc, name) => applyProgress(acc, { type: 'file-found', runId: 'run1', fileName: name, kind: 'report' }), p);
    expect(runCounts(more['r1']!).total).toBe(6);
    expect(markCancelling(p, 'r1')['r1']?.cancelling).toBe(true);
    expect(markCancelling(p, 'nothing')).toBe(p);
  });
});
