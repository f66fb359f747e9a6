import { describe, expect, it } from 'vitest';
import { foresightText } from './verdict-view';

describe('foresightText: what the run will do, said instead of 送信できます', () => {
  it('a corrected re-export: held for the clerk, with the count and the three answers', () => {
    const t = foresightText({ kind: 'overlap', lines: 7, overlapping: 6 });
    expect(t.badge).toBe('要確認（一部送信済み）');
    expect(t.text).toContain('一部が送信済みです（7行中6行）');
    expect(t.text).toContain('送信しない・差替発行・新規発行');
  });

  it('every line sent before reads すべて, not 一部', () => {
    expect(foresightText({ kind: 'overlap', lines: 7, overlapping: 7 }).text).toContain('すべての行が送信済みです（7行中7行）');
  });

  it('the same bytes imported before: set aside into 処理済み, and how to send anyway', () => {
    const t = foresightText({ kind: 'same-content', runId: 'r1', at: '2026-11-30T00:05:00.000Z' });
    expect(t.badge).toBe('同一内容');
    expect(t.text).toContain('取り込み済みの内容と同じです');
    expect(t.text).toContain('「同じ内容でも送信する」');
  });
});
