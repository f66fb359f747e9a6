import { appendFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type Clock } from '../ports/clock';
import { StabilityTracker, waitUntilStable } from './stability';
import { driveClock, fsError, makeTempDir } from './test-helpers';

describe('StabilityTracker on real files', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('stab')));
  afterEach(() => cleanup());

  const T0 = Date.parse('2026-11-30T09:00:00Z');

  it('a freshly written file is changing until size and time held still for stableMs', async () => {
    const p = join(dir, 'bill.csv');
    await writeFile(p, 'a,b\r\n');
    await utimes(p, T0 / 1000, T0 / 1000);
    const clock = new ManualClock(new Date(T0));
    const tracker = new StabilityTracker({ clock, stableMs: 3_000, opener: async () => undefined });

    expect(await tracker.check(p)).toEqual({ state: 'changing', size: 5, mtimeMs: T0, waitMs: 3_000 });
    clock.jump(2_000);
    expect(await tracker.check(p)).toMatchObject({ state: 'changing', waitMs: 1_000 });

    // The exporter writes more: the wait starts again.
    await appendFile(p, '1,2\r\n');
    await utimes(p, (T0 + 2_000) / 1000, (T0 + 2_000) / 1000);
    expect(await tracker.check(p)).toMatchObject({ state: 'changing', size: 10, waitMs: 3_000 });
    clock.jump(3_000);
    expect(await tracker.check(p)).toEqual({ state: 'stable', size: 10, mtimeMs: T0 + 2_000 });
  });

  it('a file untouched for longer than stableMs is stable at first sight', async () => {
    const p = join(dir, 'bill.csv');
    await writeFile(p, 'a,b\r\n');
    await utimes(p, T0 / 1000, T0 / 1000);
    const clock = new ManualClock(new Date(T0 + 60_000));
    const tracker = new StabilityTracker({ clock, stableMs: 3_000 });
    expect(await tracker.check(p)).toEqual({ state: 'stable', size: 5, mtimeMs: T0 });
  });

  it('a file first seen 2 s after its last write waits only the rest of the window', async () => {
    const p = join(dir, 'bill.csv');
    await writeFile(p, 'a,b\r\n');
    await utimes(p, T0 / 1000, T0 / 1000);
    const clock = new ManualClock(new Date(T0 + 2_000));
    const tracker = new StabilityTracker({ clock, stableMs: 3_000, opener: async () => undefined });
    expect(await tracker.check(p)).toEqual({ state: 'changing', size: 5, mtimeMs: T0, waitMs: 1_000 });
    clock.jump(1_000);
    expect(await tracker.check(p)).toEqual({ state: 'stable', size: 5, mtimeMs: T0 });
  });

  it('a modification time in the future (clock skew, network drive) is not trusted', async () => {
    const p = join(dir, 'bill.csv');
    await writeFile(p, 'a,b\r\n');
    await utimes(p, (T0 + 3_600_000) / 1000, (T0 + 3_600_000) / 1000);
    const clock = new ManualClock(new Date(T0));
    const tracker = new StabilityTracker({ clock, stableMs: 3_000, opener: async () => undefined });
    expect(await tracker.check(p)).toMatchObject({ state: 'changing', waitMs: 3_000 });
  });

  it('a file held open by Excel (EBUSY from the opener) is locked, with the Japanese reason', async () => {
    const p = join(dir, 'bill.csv');
    await writeFile(p, 'a,b\r\n');
    await utimes(p, T0 / 1000, T0 / 1000);
    const clock = new ManualClock(new Date(T0 + 60_000));
    let locked = true;
    const tracker = new StabilityTracker({
      clock,
      stableMs: 3_000,
      opener: async () => {
        if (locked) throw fsError('EBUSY', 'open');
      },
    });
    const r = await tracker.check(p);
    expect(r.state).toBe('locked');
    if (r.state === 'locked') {
      expect(r.error.code).toBe('files.locked');
      expect(r.error.message).toContain('Excelなどで開かれています');
      expect(r.error.message).toContain(p);
    }
    locked = false; // the clerk closes Excel
    expect((await tracker.check(p)).state).toBe('stable');
  });

  it('EPERM on open (Windows access denied) is locked too, mentioning read-only', async () => {
    const p = join(dir, 'bill.csv');
    await writeFile(p, 'x');
    await utimes(p, T0 / 1000, T0 / 1000);
    const tracker = new StabilityTracker({
      clock: new ManualClock(new Date(T0 + 60_000)),
      stableMs: 1_000,
      opener: async () => {
        throw fsError('EPERM', 'open');
      },
    });
    const r = await tracker.check(p);
    expect(r.state === 'locked' && r.error.message.includes('読み取り専用')).toBe(true);
  });

  it('the real opener accepts an ordinary file without changing it', async () => {
    const p = join(dir, 'bill.csv');
    await writeFile(p, 'a,b\r\n');
    await utimes(p, T0 / 1000, T0 / 1000);
    const tracker = new StabilityTracker({ clock: new ManualClock(new Date(T0 + 60_000)), stableMs: 1_000 });
    expect(await tracker.check(p)).toEqual({ state: 'stable', size: 5, mtimeMs: T0 });
    expect(await tracker.check(p)).toEqual({ state: 'stable', size: 5, mtimeMs: T0 });
  });

  it('a file deleted after listing is gone', async () => {
    const p = join(dir, 'bill.csv');
    await writeFile(p, 'x');
    const tracker = new StabilityTracker({ clock: new ManualClock(new Date(T0)), stableMs: 1_000 });
    await tracker.check(p);
    await rm(p);
    expect(await tracker.check(p)).toEqual({ state: 'gone' });
  });
});

describe('StabilityTracker: a wall clock set back (time correction) costs one window, not the jump', () => {
  it('a still file looked at again after the clock went back an hour is stable after stableMs', async () => {
    const T0 = Date.parse('2026-11-30T09:00:00Z');
    const clock = new ManualClock(new Date(T0 + 1_000));
    const tracker = new StabilityTracker({ clock, stableMs: 3_000, stat: async () => ({ size: 5, mtimeMs: T0 }), opener: async () => undefined });
    expect(await tracker.check('x.csv')).toMatchObject({ state: 'changing', waitMs: 2_000 });
    clock.jump(-3_600_000);
    const r = await tracker.check('x.csv');
    expect(r.state === 'changing' && r.waitMs <= 3_000).toBe(true);
    clock.jump(3_000);
    expect((await tracker.check('x.csv')).state).toBe('stable');
  });
});

describe('waitUntilStable', () => {
  it('a clock set back while waiting neither stretches maxWaitMs nor keeps a still file waiting', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00Z');
    // The sleeps asked for: ManualClock runs a clock set back an hour through that hour again.
    let slept = 0;
    const counting: Clock = { now: () => clock.now(), setTimeout: (fn, ms) => clock.setTimeout(fn, ms), sleep: (ms, signal) => ((slept += ms), clock.sleep(ms, signal)) };
    const written = clock.now().getTime() - 500;
    let looks = 0;
    const stat = async () => {
      if (++looks === 2) clock.jump(-3_600_000); // time synchronisation steps the clock back an hour
      return { size: 300, mtimeMs: written };
    };
    const still = await driveClock(clock, waitUntilStable('x.csv', { clock: counting, stableMs: 2_000, stat, opener: async () => undefined }, { maxWaitMs: 60_000, pollMs: 500 }));
    expect(still.value.state).toBe('stable');
    expect(slept).toBeLessThanOrEqual(2_000 + 500);

    // A file that never stops changing is given up after maxWaitMs of waiting, not maxWaitMs + the jump.
    slept = 0;
    let size = 0;
    const growing = async () => {
      size += 500;
      if (size === 1_500) clock.jump(-3_600_000);
      return { size, mtimeMs: clock.now().getTime() };
    };
    const busy = await driveClock(clock, waitUntilStable('y.csv', { clock: counting, stableMs: 2_000, stat: growing, opener: async () => undefined }, { maxWaitMs: 10_000, pollMs: 500 }));
    expect(busy.value.state).toBe('changing');
    expect(slept).toBeLessThanOrEqual(10_000);
  });

  it('polls on the Clock until a growing file stops growing', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00Z');
    const sizes = [100, 200, 300, 300, 300, 300, 300, 300, 300, 300];
    let i = 0;
    let last = { size: -1, mtimeMs: 0 };
    // A writer at work: every growth moves the modification time to "now".
    const stat = async () => {
      const size = sizes[Math.min(i++, sizes.length - 1)]!;
      if (size !== last.size) last = { size, mtimeMs: clock.now().getTime() };
      return last;
    };
    const { value, waits } = await driveClock(
      clock,
      waitUntilStable('x.csv', { clock, stableMs: 2_000, stat, opener: async () => undefined }, { maxWaitMs: 60_000, pollMs: 500 }),
    );
    expect(value).toEqual({ state: 'stable', size: 300, mtimeMs: expect.any(Number) });
    expect(waits.every((w) => w <= 500)).toBe(true);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2_000);
  });

  it('gives up after maxWaitMs with the last answer (locked)', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00Z');
    const { value, waits } = await driveClock(
      clock,
      waitUntilStable(
        'x.csv',
        {
          clock,
          stableMs: 1_000,
          stat: async () => ({ size: 1, mtimeMs: 0 }),
          opener: async () => {
            throw fsError('EBUSY', 'open');
          },
        },
        { maxWaitMs: 5_000, pollMs: 1_000 },
      ),
    );
    expect(value.state).toBe('locked');
    expect(waits.reduce((a, b) => a + b, 0)).toBe(5_000);
  });

  it('answers gone at once for a missing file', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00Z');
    const r = await waitUntilStable('/nonexistent/meisai/x.csv', { clock, stableMs: 1_000 }, { maxWaitMs: 5_000 });
    expect(r).toEqual({ state: 'gone' });
  });
});
