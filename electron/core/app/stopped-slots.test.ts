// The tray app's stopped-slot watch follows the agent's status: it tells a passing slot only while
// the agent is 停止中 and settings exist, falls silent once the agent runs, and nothing after dispose.
process.env.TZ = 'Asia/Tokyo';
import { describe, expect, it } from 'vitest';
import type { AgentStatus, NextRun } from '../../../shared/run';
import type { StoppedSlot } from '../agent/stopped-watch';
import { ManualClock } from '../ports/clock';
import { MemoryLogger } from '../ports/logger';
import { nextSlot } from '../schedule/next-slot';
import { createEventHub } from './event-hub';
import { watchStoppedSlots } from './stopped-slots';

const jst = (s: string) => new Date(`${s}+09:00`);
const HOUR = 3600_000;
const daily9 = { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' } as const;

function setup(configured: boolean) {
  const clock = new ManualClock(jst('2026-03-10T08:00:00'));
  const logger = new MemoryLogger();
  const events = createEventHub(logger);
  const nextRuns = (): NextRun[] => [{ reportId: 'r1', name: '請求書', at: nextSlot(daily9, clock.now()).toISOString() }];
  const status = (state: AgentStatus['agent']): AgentStatus => ({ agent: state, nextRuns: nextRuns(), attention: 0 });
  const slots = watchStoppedSlots({ clock, logger, agents: { status: () => status({ state: 'stopped' }) }, events, configured: () => configured });
  const told: StoppedSlot[][] = [];
  slots.onSlots((s) => told.push([...s]));
  return { clock, events, slots, told, status };
}

describe('stopped slots', () => {
  it('tells a slot that passes while stopped, and nothing once the agent runs', async () => {
    const { clock, events, told, status } = setup(true);
    events.emit('agent:status', status({ state: 'stopped' }));
    await clock.advance(HOUR);
    expect(told.map((t) => t.map((s) => s.reportId))).toEqual([['r1']]);
    events.emit('agent:status', status({ state: 'idle' }));
    await clock.advance(24 * HOUR);
    expect(told).toHaveLength(1);
  });

  it('is silent before the first save: no settings, no slot to miss', async () => {
    const { clock, events, told, status } = setup(false);
    events.emit('agent:status', status({ state: 'stopped' }));
    await clock.advance(2 * HOUR);
    expect(told).toEqual([]);
  });

  it('after dispose neither a status nor a slot reaches the listeners', async () => {
    const { clock, events, slots, told, status } = setup(true);
    events.emit('agent:status', status({ state: 'stopped' }));
    slots.dispose();
    events.emit('agent:status', status({ state: 'stopped' }));
    await clock.advance(2 * HOUR);
    expect(told).toEqual([]);
  });
});
