// The waiting list's stable flag and the folder's watch plan, as tables.
import { describe, expect, it } from 'vitest';
import { afterClockSetBack, compareEntries, isSettled, isStable, nextSettleInMs, observe, signatureOf, type Entry } from './entry-stability';
import { watchPlan } from './live-watch';

const STABLE = 3000;
const NOW = 1_000_000;
const entry = (over: Partial<Entry> = {}): Entry => ({ name: 'a.csv', path: '/f/a.csv', bytes: 10, mtimeMs: NOW - 100, since: NOW - 100, locked: null, ...over });
const seen = (size: number, mtimeMs: number) => ({ name: 'a.csv', path: '/f/a.csv', size, mtimeMs });

describe('observe', () => {
  it.each([
    ['first sight, written long ago: stable at once', undefined, seen(10, NOW - 60_000), NOW - STABLE],
    ['first sight, just written: settles from now', undefined, seen(10, NOW - 100), NOW],
    ['first sight, written exactly stableMs ago', undefined, seen(10, NOW - STABLE), NOW - STABLE],
    ['changed size: starts again now', entry(), seen(11, NOW - 100), NOW],
    ['changed time only: starts again now', entry({ since: NOW - 60_000 }), seen(10, NOW - 50), NOW],
  ])('%s', (_what, old, sighting, since) => {
    expect(observe(old, sighting, NOW, STABLE)).toMatchObject({ bytes: sighting.size, mtimeMs: sighting.mtimeMs, since, locked: null });
  });

  it('an unchanged file is no change', () => {
    expect(observe(entry(), seen(10, NOW - 100), NOW + 5000, STABLE)).toBeNull();
  });
});

describe('the stable flag', () => {
  it.each([
    ['still for stableMs', entry({ since: NOW - STABLE }), true, true],
    ['still for less', entry({ since: NOW - STABLE + 1 }), false, false],
    ['still, but Excel holds it', entry({ since: NOW - 60_000, locked: 'Excelなどで開かれています' }), true, false],
  ])('%s', (_what, e, settled, stable) => {
    expect(isSettled(e, NOW, STABLE)).toBe(settled);
    expect(isStable(e, NOW, STABLE)).toBe(stable);
  });

  it('the next look is due when the first unsettled file should have settled', () => {
    expect(nextSettleInMs([entry({ since: NOW - 1000 }), entry({ since: NOW - 2500 }), entry({ since: NOW - 9000 })], NOW, STABLE)).toBe(500);
    expect(nextSettleInMs([entry({ since: NOW - 9000 })], NOW, STABLE)).toBeNull();
  });

  it('orders oldest first, then by name; a signature names one version', () => {
    const files = [entry({ name: 'b.csv', mtimeMs: 5 }), entry({ name: 'c.csv', mtimeMs: 1 }), entry({ name: 'a.csv', mtimeMs: 5 })];
    expect(files.sort(compareEntries).map((e) => e.name)).toEqual(['c.csv', 'a.csv', 'b.csv']);
    expect(signatureOf(entry())).toBe(`a.csv|10|${NOW - 100}`);
  });
});

describe('afterClockSetBack', () => {
  const HOUR = 3600_000;
  it.each([
    ['still for 1 s before a step back of an hour: keeps its 1 s', entry({ since: NOW + HOUR - 1000 }), HOUR, NOW - 1000],
    ['a start still ahead after the step: counts from now', entry({ since: NOW + 2 * HOUR }), HOUR, NOW],
    ['no step known (only "never in the future"): from now', entry({ since: NOW + 5000 }), 0, NOW],
  ])('%s', (_what, e, byMs, since) => {
    expect(afterClockSetBack(e, byMs, NOW).since).toBe(since);
  });

  it('an entry timed after the step is left as it is', () => {
    const e = entry({ since: NOW - 500 });
    expect(afterClockSetBack(e, 3600_000, NOW)).toBe(e);
  });
});

describe('watchPlan', () => {
  const target = (files: number, problem: string | null = null) => ({ problem, files: new Map(Array.from({ length: files }, (_, i) => [`f${i}`, entry()])) });
  it.each([
    ['an ordinary folder is watched', [target(3)], 3, { watch: true, crowded: false, narrow: false, files: 3 }],
    ['a missing folder is not', [target(0, 'フォルダが見つかりません')], 0, { watch: false, crowded: false, narrow: false, files: 0 }],
    ['one setting can still list it: watched', [target(0, 'フォルダが見つかりません'), target(1)], 1, { watch: true, crowded: false, narrow: false, files: 1 }],
    ['too many files: rescanned instead', [target(5)], 5, { watch: false, crowded: true, narrow: true, files: 5 }],
    ['crowded with other files: watched for the names it takes', [target(2)], 9, { watch: true, crowded: false, narrow: true, files: 2 }],
  ])('%s', (_what, targets, entries, plan) => {
    const listed = { entries: Array.from({ length: entries }, (_, i) => ({ name: `e${i}`, kind: 'file' as const, mtimeMs: 0 })) };
    expect(watchPlan({ targets, entries: listed }, 4)).toEqual(plan);
  });
});
