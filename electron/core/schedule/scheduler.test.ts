// The scheduler against a ManualClock: fires at the slot, once; catches up ONE missed slot after a
// sleep or a restart; persists before firing. TZ is pinned to Asia/Tokyo (see next-slot.test.ts).
process.env.TZ = 'Asia/Tokyo';

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../ports/clock';
import { SkewedClock } from '../ports/skewed-clock';
import { MemoryLogger } from '../ports/logger';
import type { Timing } from '../../../shared/settings/schema';
import type { ScheduleStateStore } from '../history/history-interface';
import { createMemoryScheduleStore } from './memory-schedule-store';
import { createScheduler, DEFAULT_MAX_SLEEP_MS, type ScheduledReport, type ScheduleTrigger } from './scheduler';

const jst = (s: string) => new Date(`${s}+09:00`);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const daily9: Timing = { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' };
const monthEnd18: Timing = { mode: 'schedule', every: 'month', day: 'last', hour: 18, businessDay: 'as-is' };

function setup(start: string, reports: ScheduledReport[], initial: Record<string, Date> = {}) {
  const clock = new ManualClock(jst(start));
  const store = createMemoryScheduleStore(initial);
  const fired: { reportId: string; slot: string; trigger: ScheduleTrigger; storedAtFire: string | undefined }[] = [];
  const logger = new MemoryLogger();
  const scheduler = createScheduler({
    clock,
    store,
    logger,
    onFire: (reportId, slot, trigger) =>
      fired.push({ reportId, slot: slot.toISOString(), trigger, storedAtFire: store.lastFiredSlot(reportId)?.toISOString() }),
  });
  scheduler.update(reports);
  return { clock, store, fired, scheduler, logger };
}

describe('scheduler', () => {
  it('fires at the slot, persisting the slot before asking for the run', async () => {
    const { clock, fired, scheduler } = setup('2026-03-10T08:00:00', [{ id: 'r1', name: '請求書', timing: daily9 }]);
    scheduler.start();
    expect(fired).toEqual([]);
    await clock.advance(HOUR - 1);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([
      { reportId: 'r1', slot: jst('2026-03-10T09:00:00').toISOString(), trigger: 'schedule', storedAtFire: jst('2026-03-10T09:00:00').toISOString() },
    ]);
    // Staying awake for the rest of the day fires nothing more, then the next day once.
    await clock.advance(DAY - 1);
    expect(fired).toHaveLength(1);
    await clock.advance(1);
    expect(fired.map((f) => f.slot)).toEqual([jst('2026-03-10T09:00:00').toISOString(), jst('2026-03-11T09:00:00').toISOString()]);
  });

  it('never wakes more often than once a minute, and never sleeps longer than the cap', async () => {
    const { clock, scheduler } = setup('2026-03-10T08:00:00', [{ id: 'r1', name: 'a', timing: daily9 }]);
    scheduler.start();
    for (let i = 0; i < 200; i++) {
      const delays = clock.pendingDelays();
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeLessThanOrEqual(DEFAULT_MAX_SLEEP_MS);
      expect(delays[0]).toBeGreaterThanOrEqual(MIN);
      await clock.advance(delays[0]!);
    }
  });

  it('a 3-day sleep over a daily slot runs ONCE as 遅延実行 on resume', async () => {
    const { clock, fired, scheduler } = setup('2026-03-07T10:00:00', [{ id: 'r1', name: 'a', timing: daily9 }], { r1: jst('2026-03-07T09:00:00') });
    scheduler.start();
    expect(fired).toEqual([]);
    clock.jump(3 * DAY + 2 * HOUR); // 2026-03-10 12:00, timers did not run while asleep
    scheduler.resume();
    expect(fired.map((f) => [f.slot, f.trigger])).toEqual([[jst('2026-03-10T09:00:00').toISOString(), 'catch-up']]);
    scheduler.resume();
    expect(fired).toHaveLength(1);
  });

  it('notices a sleep even without resume(), within the sleep cap', async () => {
    const { clock, fired, scheduler } = setup('2026-03-07T10:00:00', [{ id: 'r1', name: 'a', timing: daily9 }]);
    scheduler.start();
    clock.jump(3 * DAY);
    await clock.advance(DEFAULT_MAX_SLEEP_MS);
    expect(fired.map((f) => [f.slot, f.trigger])).toEqual([[jst('2026-03-10T09:00:00').toISOString(), 'catch-up']]);
  });

  it('a slot missed while the agent was off runs once at start; a second agent on the same store does not repeat it', () => {
    const a = setup('2026-04-02T08:00:00', [{ id: 'm', name: '月末', timing: monthEnd18 }], { m: jst('2026-02-28T18:00:00') });
    a.scheduler.start();
    expect(a.fired.map((f) => [f.slot, f.trigger])).toEqual([[jst('2026-03-31T18:00:00').toISOString(), 'catch-up']]);
    // Restart (or crash after the record): the slot is already recorded, nothing fires twice.
    const second: string[] = [];
    const again = createScheduler({ clock: a.clock, store: a.store, logger: new MemoryLogger(), onFire: (id) => second.push(id) });
    again.update([{ id: 'm', name: '月末', timing: monthEnd18 }]);
    again.start();
    expect(second).toEqual([]);
    expect(a.store.lastFiredSlot('m')?.toISOString()).toBe(jst('2026-03-31T18:00:00').toISOString());
  });

  it('a setting never seen before does not fire old slots; it fires from its next slot', async () => {
    const { clock, fired, store, scheduler } = setup('2026-03-10T12:00:00', [{ id: 'new', name: 'a', timing: daily9 }]);
    scheduler.start();
    expect(fired).toEqual([]);
    expect(store.lastFiredSlot('new')?.toISOString()).toBe(jst('2026-03-10T09:00:00').toISOString());
    await clock.advance(21 * HOUR);
    expect(fired.map((f) => f.trigger)).toEqual(['schedule']);
  });

  it('crosses 23時 → 0時 and month ends (31 January → 28 February at 0時)', async () => {
    const t: Timing = { mode: 'schedule', every: 'month', day: 31, hour: 0, businessDay: 'as-is' };
    const { clock, fired, scheduler } = setup('2026-01-30T23:00:00', [{ id: 'x', name: 'a', timing: t }]);
    scheduler.start();
    await clock.advance(HOUR);
    await clock.advance(30 * DAY); // → 2026-03-01 00:00
    expect(fired.map((f) => f.slot)).toEqual([jst('2026-01-31T00:00:00').toISOString(), jst('2026-02-28T00:00:00').toISOString()]);
    expect(fired.every((f) => f.trigger === 'schedule')).toBe(true);
  });

  it('update() rebuilds jobs without restart: removed settings stop, added ones start, a changed time starts from its next slot', async () => {
    const { clock, fired, scheduler } = setup('2026-03-10T08:00:00', [
      { id: 'a', name: 'A', timing: daily9 },
      { id: 'b', name: 'B', timing: daily9 },
    ]);
    scheduler.start();
    await clock.advance(30 * MIN); // 08:30
    scheduler.update([
      { id: 'a', name: 'A', timing: { ...daily9, hour: 8 } }, // 8時 has passed today: not owed, next is tomorrow
      { id: 'c', name: 'C', timing: daily9 },
    ]);
    expect(fired).toEqual([]);
    await clock.advance(HOUR); // 09:30
    expect(fired.map((f) => f.reportId)).toEqual(['c']);
    await clock.advance(23 * HOUR); // next day 08:30
    expect(fired.map((f) => f.reportId)).toEqual(['c', 'a']);
    expect(scheduler.nextRuns()).toEqual([
      { reportId: 'a', name: 'A', at: jst('2026-03-12T08:00:00').toISOString() },
      { reportId: 'c', name: 'C', at: jst('2026-03-11T09:00:00').toISOString() },
    ]);
  });

  it('nextRuns: null for settings that are not scheduled; business days applied', () => {
    const { scheduler } = setup('2026-01-20T00:00:00', [
      { id: 'm', name: '請求書', timing: { mode: 'manual' } },
      { id: 's', name: '納品書', timing: { mode: 'schedule', every: 'month', day: 25, hour: 9, businessDay: 'previous' } },
    ]);
    expect(scheduler.nextRuns()).toEqual([
      { reportId: 'm', name: '請求書', at: null },
      { reportId: 's', name: '納品書', at: jst('2026-01-23T09:00:00').toISOString() },
    ]);
  });

  it('does not fire when the slot cannot be persisted (no double run after a crash), and retries within a minute', async () => {
    const clock = new ManualClock(jst('2026-03-10T08:59:00'));
    const base = createMemoryScheduleStore({ r: jst('2026-03-09T09:00:00') });
    let broken = true;
    const store = { lastFiredSlot: base.lastFiredSlot, recordFiredSlot: (id: string, s: Date) => { if (broken) throw new Error('disk'); base.recordFiredSlot(id, s); } };
    const fired: ScheduleTrigger[] = [];
    const logger = new MemoryLogger();
    const s = createScheduler({ clock, store, logger, onFire: (_id, _slot, t) => fired.push(t) });
    s.update([{ id: 'r', name: 'r', timing: daily9 }]);
    s.start();
    await clock.advance(MIN);
    expect(fired).toEqual([]);
    expect(logger.text()).toContain('run postponed');
    broken = false;
    // Not at the next 10-minute wake: a busy database must not cost the slot ten minutes.
    await clock.advance(MIN);
    expect(fired).toEqual(['schedule']);
  });

  it('a clock set back (time correction) never fires a slot that already fired', async () => {
    const { clock, fired, scheduler } = setup('2026-03-10T08:00:00', [{ id: 'r', name: 'r', timing: daily9 }]);
    scheduler.start();
    await clock.advance(HOUR);
    expect(fired).toHaveLength(1); // 2026-03-10 09:00
    clock.jump(-26 * HOUR); // back to 2026-03-09 07:00
    scheduler.resume();
    await clock.advance(26 * HOUR); // through 03-09 09:00 and 03-10 09:00 again
    expect(fired).toHaveLength(1);
    await clock.advance(24 * HOUR);
    expect(fired.map((f) => f.slot)).toEqual([jst('2026-03-10T09:00:00').toISOString(), jst('2026-03-11T09:00:00').toISOString()]);
  });

  it('stop() cancels the timer', () => {
    const { clock, scheduler } = setup('2026-03-10T08:00:00', [{ id: 'a', name: 'A', timing: daily9 }]);
    scheduler.start();
    expect(clock.pendingDelays()).toHaveLength(1);
    scheduler.stop();
    expect(clock.pendingDelays()).toHaveLength(0);
  });
});

// Issue 15: a real-clock bench trial started 600,003 ms after its slot. Real timers are measured on
// the monotonic clock, slots on the wall clock; a timer can run a millisecond before the slot by the
// wall clock, and the work between two readings of the clock takes time. Neither may cost more than
// the moment itself.
describe('scheduler: timers that fire early or late never postpone a slot by a whole sleep', () => {
  const SLOT = jst('2026-03-10T09:00:00');

  function skewed(start: string, reports: ScheduledReport[], store: ScheduleStateStore = createMemoryScheduleStore()) {
    const clock = new SkewedClock(jst(start));
    const fired: { reportId: string; slot: string; at: number; trigger: ScheduleTrigger }[] = [];
    const scheduler = createScheduler({
      clock,
      store,
      logger: new MemoryLogger(),
      onFire: (reportId, slot, trigger) => fired.push({ reportId, slot: slot.toISOString(), at: clock.now().getTime(), trigger }),
    });
    scheduler.update(reports);
    return { clock, fired, scheduler, store };
  }

  it('a timer that runs 1 ms before the slot: the slot fires at once, not after a 1 s floor', async () => {
    const { clock, fired, scheduler } = skewed('2026-03-10T08:50:00', [{ id: 'r', name: 'r', timing: daily9 }]);
    clock.timerEarlyMs = 1;
    scheduler.start();
    await clock.advance(10 * MIN + 5_000);
    expect(fired.map((f) => [f.slot, f.trigger])).toEqual([[SLOT.toISOString(), 'schedule']]);
    // Lateness on the test clock: the timer re-armed for the missing millisecond.
    expect(fired[0]!.at - SLOT.getTime()).toBeLessThanOrEqual(1);
  });

  it('a timer that runs 1 ms early while the check takes a millisecond: the slot is not skipped for maxSleep', async () => {
    // The bench's 600,003 ms: the check read 08:59:59.999 (nothing due), the re-arm read 09:00:00.000
    // and asked for the slot strictly after it — tomorrow's — so it slept the 10-minute cap.
    const { clock, fired, scheduler } = skewed('2026-03-10T08:50:00', [{ id: 'r', name: 'r', timing: daily9 }]);
    clock.msPerReading = 1;
    clock.timerEarlyMs = 2; // the arm's own reading takes one of them
    scheduler.start();
    await clock.advance(25 * MIN);
    expect(fired.map((f) => f.slot)).toEqual([SLOT.toISOString()]);
    expect(fired[0]!.at - SLOT.getTime()).toBeLessThan(1_000);
    expect(fired[0]!.trigger).toBe('schedule');
  });

  it('a slot less than a second away when the timer is armed fires at the slot', async () => {
    const { clock, fired, scheduler } = skewed('2026-03-10T08:59:59.700', [{ id: 'r', name: 'r', timing: daily9 }]);
    scheduler.start();
    await clock.advance(5_000);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.at).toBe(SLOT.getTime());
  });

  it('a timer that runs late (event loop blocked) fires the slot as soon as it runs', async () => {
    const { clock, fired, scheduler } = skewed('2026-03-10T08:50:00', [{ id: 'r', name: 'r', timing: daily9 }]);
    clock.timerEarlyMs = -2_500; // every timer 2.5 s late
    scheduler.start();
    await clock.advance(10 * MIN + 2_500);
    expect(fired.map((f) => [f.slot, f.at - SLOT.getTime(), f.trigger])).toEqual([[SLOT.toISOString(), 2_500, 'schedule']]);
  });

  it('the baseline of a new setting is taken when the scheduler learned of it, not when a later check records it', async () => {
    // The baseline could not be written at update() (database busy at start-up); the first check that
    // records it runs at the slot. Taking "now" there would mark the slot as fired: never run at all.
    const base = createMemoryScheduleStore();
    let failWrites = 1;
    const store: ScheduleStateStore = {
      lastFiredSlot: base.lastFiredSlot,
      recordFiredSlot: (id, s) => {
        if (failWrites-- > 0) throw new Error('SQLITE_BUSY');
        base.recordFiredSlot(id, s);
      },
    };
    const { clock, fired, scheduler } = skewed('2026-03-10T08:59:58', [{ id: 'new', name: 'r', timing: daily9 }], store);
    clock.jump(3_000); // a slow start: start() runs after the slot
    scheduler.start();
    await clock.advance(MIN);
    expect(fired.map((f) => [f.slot, f.trigger])).toEqual([[SLOT.toISOString(), 'schedule']]);
  });

  it('a settings update that arrives before a late timer does not swallow the slot that came due under the old timing', async () => {
    const { clock, fired, scheduler } = skewed('2026-03-10T08:50:00', [{ id: 'r', name: 'r', timing: daily9 }]);
    scheduler.start();
    clock.jump(10 * MIN + 200); // 09:00:00.200, the timer not yet run (the event loop was busy with the save)
    scheduler.update([{ id: 'r', name: 'r', timing: { ...daily9, hour: 10 } }]);
    expect(fired.map((f) => f.slot)).toEqual([SLOT.toISOString()]);
    await clock.advance(HOUR);
    expect(fired.map((f) => f.slot)).toEqual([SLOT.toISOString(), jst('2026-03-10T10:00:00').toISOString()]);
  });

  it('an unreadable schedule state never lowers the record: a fired slot does not fire again', async () => {
    const base = createMemoryScheduleStore();
    let failReads = 0;
    const store: ScheduleStateStore = {
      lastFiredSlot: (id) => {
        if (failReads-- > 0) throw new Error('SQLITE_IOERR');
        return base.lastFiredSlot(id);
      },
      recordFiredSlot: base.recordFiredSlot,
    };
    const { clock, fired, scheduler } = skewed('2026-03-07T08:00:00', [{ id: 'r', name: 'r', timing: daily9 }], store);
    scheduler.start();
    await clock.advance(3 * DAY + HOUR); // to 03-10 09:00: the 7th, 8th, 9th and 10th fired
    expect(fired).toHaveLength(4);
    failReads = 1;
    scheduler.resume();
    await clock.advance(HOUR);
    expect(base.lastFiredSlot('r')?.toISOString()).toBe(SLOT.toISOString());
    expect(fired).toHaveLength(4);
  });
});
