// The watchdog on a ManualClock: a run that keeps reporting progress is never stopped, a silent one
// is asked to stop, and one that ignores the request is abandoned after the grace period.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { watchRun } from './run-watchdog';

const limits = { stallMs: 30_000, graceMs: 5_000 };

describe('watchRun', () => {
  it('lets a run that keeps making progress go on, however long it takes', async () => {
    const clock = new ManualClock('2026-11-25T00:00:00Z');
    let steps = 0;
    const watched = watchRun(clock, limits, new AbortController().signal, silentLogger, async (signal, touch) => {
      for (; steps < 10; steps++) {
        await clock.sleep(20_000, signal);
        touch();
      }
      return 'finished';
    });
    for (let i = 0; i < 10; i++) await clock.advance(20_000);
    expect(await watched).toEqual({ kind: 'done', value: 'finished', stalled: false });
  });

  it('asks a silent run to stop; a run that honours its signal ends as stalled', async () => {
    const clock = new ManualClock('2026-11-25T00:00:00Z');
    const watched = watchRun(clock, limits, new AbortController().signal, silentLogger, async (signal) => {
      await clock.sleep(10 * 60_000, signal).catch(() => undefined);
      return signal.aborted ? 'stopped' : 'ran out';
    });
    await clock.advance(30_000);
    expect(await watched).toEqual({ kind: 'done', value: 'stopped', stalled: true });
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('abandons a run that does not stop within the grace period, freeing its caller', async () => {
    const clock = new ManualClock('2026-11-25T00:00:00Z');
    let release: () => void = () => {};
    const hung = new Promise<string>((resolve) => {
      release = () => resolve('late');
    });
    const watched = watchRun(clock, limits, new AbortController().signal, silentLogger, () => hung);
    await clock.advance(30_000);
    await clock.advance(5_000);
    expect(await watched).toEqual({ kind: 'abandoned' });
    release();
  });

  it('passes the caller\'s own cancellation on', async () => {
    const clock = new ManualClock('2026-11-25T00:00:00Z');
    const outer = new AbortController();
    const watched = watchRun(clock, limits, outer.signal, silentLogger, async (signal) => {
      await clock.sleep(60_000, signal).catch(() => undefined);
      return signal.aborted;
    });
    outer.abort();
    expect(await watched).toEqual({ kind: 'done', value: true, stalled: false });
  });
});
