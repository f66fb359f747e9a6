// The scheduler's pure job decisions, with plain dates. TZ is pinned to Asia/Tokyo (see next-slot.test.ts).
process.env.TZ = 'Asia/Tokyo';

import { describe, expect, it } from 'vitest';
import type { Timing } from '../../../shared/settings/schema';
import { changedTimings, scheduleJobs, slotTrigger, wakeAt } from './schedule-jobs';

const jst = (s: string) => new Date(`${s}+09:00`);
const daily9: Timing = { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' };
const daily8: Timing = { mode: 'schedule', every: 'day', hour: 8, businessDay: 'as-is' };
const onArrival: Timing = { mode: 'arrival' };

describe('scheduleJobs', () => {
  it('keeps when an unchanged timing was learned, and starts a changed or new one now', () => {
    const first = scheduleJobs([], [{ id: 'a', name: 'A', timing: daily9 }, { id: 'b', name: 'B', timing: daily9 }], jst('2026-03-10T07:00:00'));
    const later = jst('2026-03-10T08:30:00');
    const next = scheduleJobs(first, [{ id: 'a', name: 'A（改名）', timing: daily9 }, { id: 'b', name: 'B', timing: daily8 }, { id: 'c', name: 'C', timing: daily9 }], later);
    expect(next.map((j) => [j.report.id, j.knownSince.toISOString()])).toEqual([
      ['a', jst('2026-03-10T07:00:00').toISOString()],
      ['b', later.toISOString()],
      ['c', later.toISOString()],
    ]);
  });

  it('gives a setting that is not scheduled no timing', () => {
    expect(scheduleJobs([], [{ id: 'a', name: 'A', timing: onArrival }], jst('2026-03-10T07:00:00'))[0]?.timing).toBeNull();
  });
});

describe('changedTimings', () => {
  it('names the scheduled settings whose timing is new or different, not the unscheduled ones', () => {
    const now = jst('2026-03-10T07:00:00');
    const before = scheduleJobs([], [{ id: 'a', name: 'A', timing: daily9 }, { id: 'b', name: 'B', timing: daily9 }], now);
    const after = scheduleJobs(before, [
      { id: 'a', name: 'A', timing: daily9 },
      { id: 'b', name: 'B', timing: daily8 },
      { id: 'c', name: 'C', timing: daily9 },
      { id: 'd', name: 'D', timing: onArrival },
    ], now);
    expect([...changedTimings(before, after)]).toEqual(['b', 'c']);
  });
});

describe('slotTrigger', () => {
  it('is 定時 up to the grace and 遅延実行 after it', () => {
    const due = jst('2026-03-10T09:00:00');
    expect(slotTrigger(due, new Date(due.getTime() + 5 * 60_000), 5 * 60_000)).toBe('schedule');
    expect(slotTrigger(due, new Date(due.getTime() + 5 * 60_000 + 1), 5 * 60_000)).toBe('catch-up');
  });
});

describe('wakeAt', () => {
  const jobs = scheduleJobs([], [{ id: 'a', name: 'A', timing: daily9 }, { id: 'd', name: 'D', timing: onArrival }], jst('2026-03-10T07:00:00'));

  it('wakes at the next slot when it comes before the longest sleep', () => {
    expect(wakeAt(jobs, jst('2026-03-10T08:55:00'), 10 * 60_000)).toBe(jst('2026-03-10T09:00:00').getTime());
  });

  it('wakes after the longest sleep when the next slot is farther', () => {
    expect(wakeAt(jobs, jst('2026-03-10T08:00:00'), 10 * 60_000)).toBe(jst('2026-03-10T08:10:00').getTime());
  });
});
