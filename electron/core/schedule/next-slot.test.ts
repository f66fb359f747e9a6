// Table tests for the pure schedule rules. The PC's local time is what the clerk means by 「9時」, so
// these tests pin it: TZ is set to Asia/Tokyo here, at the top of the file, before any Date is made
// (Node re-reads TZ when it is assigned; vitest runs each file in its own fork, so no other file is
// affected). Every instant below is written with its +09:00 offset, so the table reads as Japanese
// wall-clock times and the test does not depend on the machine's zone.
process.env.TZ = 'Asia/Tokyo';

import { describe, expect, it } from 'vitest';
import type { ScheduleTiming } from '../../../shared/settings/schema';
import { applyBusinessDayRule, isBusinessDay } from './business-days';
import { missedSlot, nextSlot, previousSlot } from './next-slot';

const jst = (s: string) => new Date(`${s}+09:00`);
const iso = (d: Date | null) =>
  d === null
    ? null
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

const daily = (hour: number, businessDay: ScheduleTiming['businessDay'] = 'as-is'): ScheduleTiming => ({ mode: 'schedule', every: 'day', hour, businessDay });
const weekly = (weekday: number, hour: number, businessDay: ScheduleTiming['businessDay'] = 'as-is'): ScheduleTiming => ({ mode: 'schedule', every: 'week', weekday, hour, businessDay });
const monthly = (day: number | 'last', hour: number, businessDay: ScheduleTiming['businessDay'] = 'as-is'): ScheduleTiming => ({ mode: 'schedule', every: 'month', day, hour, businessDay });

describe('the machine zone is pinned', () => {
  it('runs in Asia/Tokyo', () => {
    expect(new Date('2026-01-01T00:00:00Z').getHours()).toBe(9);
  });
});

describe('nextSlot', () => {
  const cases: [string, ScheduleTiming, string, string][] = [
    ['daily, later today', daily(9), '2026-03-10T08:59:59', '2026-03-10T09:00'],
    ['daily, exactly at the slot → the next day', daily(9), '2026-03-10T09:00:00', '2026-03-11T09:00'],
    ['daily 0時 after 23時 crosses midnight', daily(0), '2026-03-10T23:30:00', '2026-03-11T00:00'],
    ['daily 23時 at 23:59 → tomorrow 23時', daily(23), '2026-03-10T23:59:00', '2026-03-11T23:00'],
    ['daily 0時 at year end', daily(0), '2026-12-31T23:00:00', '2027-01-01T00:00'],
    ['weekly Monday (2026-03-09 is a Monday)', weekly(1, 9), '2026-03-10T10:00:00', '2026-03-16T09:00'],
    ['weekly Sunday same day before hour', weekly(0, 18), '2026-03-15T17:00:00', '2026-03-15T18:00'],
    ['monthly 25th', monthly(25, 9), '2026-03-25T09:00:00', '2026-04-25T09:00'],
    ['monthly 31st in April → 30th (no 31st)', monthly(31, 9), '2026-04-01T00:00:00', '2026-04-30T09:00'],
    ['monthly 31st in February, non-leap → 28th', monthly(31, 9), '2027-02-01T00:00:00', '2027-02-28T09:00'],
    ['monthly 29th in February, non-leap → 28th', monthly(29, 9), '2027-02-01T00:00:00', '2027-02-28T09:00'],
    ['monthly 29th in February, leap year → 29th', monthly(29, 9), '2028-02-01T00:00:00', '2028-02-29T09:00'],
    ['monthly 30th in leap February → 29th', monthly(30, 9), '2028-02-10T00:00:00', '2028-02-29T09:00'],
    ['末日 in February, leap', monthly('last', 18), '2028-02-28T19:00:00', '2028-02-29T18:00'],
    ['末日 in February, non-leap', monthly('last', 18), '2026-02-01T00:00:00', '2026-02-28T18:00'],
    ['末日 after the slot → next month end', monthly('last', 18), '2026-04-30T18:00:00', '2026-05-31T18:00'],
    ['monthly 1st 0時 from 23時 on the last day', monthly(1, 0), '2026-03-31T23:00:00', '2026-04-01T00:00'],
    ['monthly 31st after the January slot → February 28th', monthly(31, 9), '2026-01-31T09:00:00', '2026-02-28T09:00'],
    // Business days. 2026-01-01 (Thu) is 元日; 2026-01-25 is a Sunday.
    ['daily 前営業日 skips 元日 and the weekend', daily(9, 'previous'), '2026-01-02T09:00:00', '2026-01-05T09:00'],
    ['daily 翌営業日 on 元日 → 2 January', daily(9, 'next'), '2025-12-31T09:00:00', '2026-01-02T09:00'],
    ['monthly 25th 前営業日, Sunday 2026-01-25 → Friday 23rd', monthly(25, 9, 'previous'), '2026-01-20T00:00:00', '2026-01-23T09:00'],
    ['monthly 25th 翌営業日, Sunday 2026-01-25 → Monday 26th', monthly(25, 9, 'next'), '2026-01-20T00:00:00', '2026-01-26T09:00'],
    ['monthly 25th そのまま keeps the Sunday', monthly(25, 9), '2026-01-20T00:00:00', '2026-01-25T09:00'],
    // Golden Week 2026: 4/29 (Wed) 昭和の日, 5/2–5/6 Sat–Wed (5/6 振替休日).
    ['monthly 3rd 翌営業日 over Golden Week → 7 May', monthly(3, 9, 'next'), '2026-04-10T00:00:00', '2026-05-07T09:00'],
    ['monthly 5th 前営業日 over Golden Week → 1 May', monthly(5, 9, 'previous'), '2026-04-10T00:00:00', '2026-05-01T09:00'],
    ['monthly 1st 前営業日 can move into the previous month', monthly(1, 9, 'previous'), '2026-02-20T00:00:00', '2026-02-27T09:00'],
    ['末日 翌営業日 can move into the next month (2026-05-31 is a Sunday)', monthly('last', 9, 'next'), '2026-05-20T00:00:00', '2026-06-01T09:00'],
    ['after a shifted-back slot, the nominal one is not repeated', monthly(25, 9, 'previous'), '2026-01-23T09:00:00', '2026-02-25T09:00'],
    ['weekly Monday 翌営業日 on a holiday Monday (2026-01-12 成人の日)', weekly(1, 9, 'next'), '2026-01-06T00:00:00', '2026-01-13T09:00'],
  ];
  it.each(cases)('%s', (_name, timing, after, expected) => {
    expect(iso(nextSlot(timing, jst(after)))).toBe(expected);
  });
});

describe('previousSlot', () => {
  it.each([
    ['at the slot itself', daily(9), '2026-03-10T09:00:00', '2026-03-10T09:00'],
    ['just before → yesterday', daily(9), '2026-03-10T08:59:59', '2026-03-09T09:00'],
    ['monthly 31st in March sees February 28th', monthly(31, 9), '2026-03-30T00:00:00', '2026-02-28T09:00'],
    ['前営業日 moved into the previous month', monthly(1, 9, 'previous'), '2026-02-28T00:00:00', '2026-02-27T09:00'],
  ] as [string, ScheduleTiming, string, string][])('%s', (_n, timing, at, expected) => {
    expect(iso(previousSlot(timing, jst(at)))).toBe(expected);
  });
});

describe('missedSlot (catch-up runs once)', () => {
  it.each([
    ['nothing missed: the last fired is the latest slot', daily(9), '2026-03-10T09:00:00', '2026-03-10T15:00:00', null],
    ['a 3-day sleep over a daily slot → ONE slot, the latest', daily(9), '2026-03-07T09:00:00', '2026-03-10T12:00:00', '2026-03-10T09:00'],
    ['a 3-day sleep that ends before today’s slot → yesterday’s', daily(9), '2026-03-06T09:00:00', '2026-03-09T08:00:00', '2026-03-08T09:00'],
    ['weekly missed once', weekly(1, 9), '2026-03-02T09:00:00', '2026-03-10T00:00:00', '2026-03-09T09:00'],
    ['monthly 31st missed on 28 February (short month)', monthly(31, 9), '2026-01-31T09:00:00', '2026-03-01T08:00:00', '2026-02-28T09:00'],
    ['slept over 23時 → 0時: the 23時 slot is missed', daily(23), '2026-03-09T23:00:00', '2026-03-11T00:05:00', '2026-03-10T23:00'],
    ['woken over a holiday with 前営業日: the shifted slot counts', monthly(5, 9, 'previous'), '2026-04-03T09:00:00', '2026-05-07T09:00:00', '2026-05-01T09:00'],
  ] as [string, ScheduleTiming, string, string, string | null][])('%s', (_n, timing, last, now, expected) => {
    expect(iso(missedSlot(timing, jst(last), jst(now)))).toBe(expected);
  });

  it('no record yet: nothing is missed (the scheduler records a baseline)', () => {
    expect(missedSlot(daily(9), null, jst('2026-03-10T12:00:00'))).toBeNull();
  });
});

describe('business days', () => {
  it.each([
    ['2026-01-01T09:00:00', false], // 元日
    ['2026-01-02T09:00:00', true],
    ['2026-01-03T09:00:00', false], // Saturday
    ['2026-05-06T09:00:00', false], // 振替休日
    ['2026-05-07T09:00:00', true],
    ['2028-02-29T09:00:00', true], // leap day, Tuesday
  ] as [string, boolean][])('%s is a business day: %s', (at, expected) => {
    expect(isBusinessDay(jst(at))).toBe(expected);
  });

  it('keeps the hour when moving', () => {
    expect(iso(applyBusinessDayRule(jst('2026-05-03T23:00:00'), 'previous'))).toBe('2026-05-01T23:00');
  });
});
