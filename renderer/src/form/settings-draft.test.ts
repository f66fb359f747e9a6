import { describe, expect, it } from 'vitest';
import { draftFingerprint, duplicateReport, emptyDraft, emptyReport, moveItem, sameTiming, DEFAULT_TIMING } from './settings-draft';

describe('report list edits', () => {
  it('moves an item up and down and ignores moves past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const same = ['a', 'b'];
    expect(moveItem(same, 0, -1)).toBe(same);
    expect(moveItem(same, 1, 2)).toBe(same);
  });

  it('a duplicate is a new setting: no id, a new key, its name marked as a copy', () => {
    const r = { ...emptyReport(), id: 'r1', name: '請求書' };
    const copy = duplicateReport(r);
    expect(copy.id).toBeUndefined();
    expect(copy.key).not.toBe(r.key);
    expect(copy.name).toBe('請求書（コピー）');
  });

  it('the unsaved-changes fingerprint ignores React keys but not content', () => {
    const a = { ...emptyDraft(), reports: [emptyReport()] };
    const b = { ...a, reports: a.reports.map((r) => ({ ...r, key: 'other' })) };
    expect(draftFingerprint(a)).toBe(draftFingerprint(b));
    expect(draftFingerprint({ ...a, url: 'x' })).not.toBe(draftFingerprint(a));
  });

  it('sameTiming compares only what the mode uses', () => {
    expect(sameTiming({ mode: 'manual' }, { ...DEFAULT_TIMING, mode: 'manual', hour: 3 })).toBe(true);
    expect(sameTiming({ mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' }, { ...DEFAULT_TIMING, mode: 'schedule', every: 'day', hour: 9, weekday: 5 })).toBe(true);
    expect(sameTiming({ mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' }, { ...DEFAULT_TIMING, mode: 'schedule', every: 'day', hour: 10 })).toBe(false);
  });
});
