// The stopped watch on a ManualClock: it tells each slot that passes while stopped once, follows a
// wall-clock jump, and is silent once the agent runs.
process.env.TZ = 'Asia/Tokyo';
import { describe, expect, it } from 'vitest';
import type { NextRun } from '../../../shared/run';
import { ManualClock } from '../ports/clock';
import { MemoryLogger } from '../ports/logger';
import { nextSlot } from '../schedule/next-slot';
import { createStoppedWatch, passedSlots, type StoppedSlot } from './stopped-watch';

const jst = (s: string) => new Date(`${s}+09:00`);
const HOUR = 3600_000;
const daily9 = { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' } as const;

function setup(start: string) {
  const clock = new ManualClock(jst(start));
  const told: StoppedSlot[][] = [];
  // What a stopped agent's scheduler answers: the next slot after now.
  const nextRuns = (): NextRun[] => [
    { reportId: 'r1', name: '請求書', at: nextSlot(daily9, clock.now()).toISOString() },
    { reportId: 'r2', name: '手動', at: null },
  ];
  const watch = createStoppedWatch({ clock, logger: new MemoryLogger(), nextRuns, onSlots: (s) => told.push([...s]) });
  return { clock, told, watch };
}

describe('passedSlots', () => {
  const at = jst('2026-03-10T09:00:00').toISOString();
  it.each([
    ['before the slot: nothing', jst('2026-03-10T08:59:59'), new Map<string, string>(), 0],
    ['at the slot: told', jst('2026-03-10T09:00:00'), new Map<string, string>(), 1],
    ['already told: nothing', jst('2026-03-10T09:30:00'), new Map([['r1', at]]), 0],
  ])('%s', (_what, now, told, count) => {
    expect(passedSlots([{ reportId: 'r1', name: '請求書', at }, { reportId: 'r2', name: '手動', at: null }], now, told)).toHaveLength(count);
  });
});

describe('stopped watch', () => {
  it('tells a slot that passes while stopped once, and the next day’s slot again', async () => {
    const { clock, told, watch } = setup('2026-03-10T08:00:00');
    watch.watch();
    await clock.advance(HOUR - 1);
    expect(told).toEqual([]);
    await clock.advance(1);
    expect(told).toEqual([[{ reportId: 'r1', name: '請求書', at: jst('2026-03-10T09:00:00').toISOString() }]]);
    watch.watch(); // a status event while still stopped: no second notice for the same slot
    await clock.advance(6 * HOUR);
    expect(told).toHaveLength(1);
    await clock.advance(18 * HOUR);
    expect(told.map((t) => t[0]!.at)).toEqual([jst('2026-03-10T09:00:00').toISOString(), jst('2026-03-11T09:00:00').toISOString()]);
  });

  it('a PC that slept over the slot tells it once on the next look (at most 10 minutes later)', async () => {
    const { clock, told, watch } = setup('2026-03-10T08:00:00');
    watch.watch();
    clock.jump(3 * 24 * HOUR); // asleep for three days: no timer ran
    await clock.advance(10 * 60_000);
    expect(told).toHaveLength(1);
  });

  it('is silent once unwatched (the agent runs), and arms nothing', async () => {
    const { clock, told, watch } = setup('2026-03-10T08:00:00');
    watch.watch();
    watch.unwatch();
    expect(clock.pendingDelays()).toEqual([]);
    await clock.advance(2 * HOUR);
    expect(told).toEqual([]);
  });
});
