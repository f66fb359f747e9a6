import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTimeShort, formatSpan, normalizeNumberText, parseDateInput, toHalfWidth } from './clerk-format';

describe('typing normalised', () => {
  it.each([
    ['１４', '14'],
    ['　１４　', '14'],
    [' 14 ', '14'],
    ['ＡＢ－１', 'AB-1'],
  ])('%s → %s', (typed, kept) => expect(normalizeNumberText(typed)).toBe(kept));

  it('keeps Japanese text as it is', () => expect(toHalfWidth('請求書　１')).toBe('請求書 1'));
});

describe('dates and sizes for a clerk', () => {
  it('writes a time as 2026/11/30(月) 09:00, and a span on one day with one date', () => {
    const at = new Date(2026, 10, 30, 9, 5).toISOString();
    const later = new Date(2026, 10, 30, 9, 7).toISOString();
    const nextDay = new Date(2026, 11, 1, 0, 1).toISOString();
    expect(formatDateTimeShort(at)).toBe('2026/11/30(月) 09:05');
    expect(formatSpan(at, later)).toBe('2026/11/30(月) 09:05〜09:07');
    expect(formatSpan(at, nextDay)).toBe('2026/11/30(月) 09:05〜2026/12/01(火) 00:01');
  });

  it.each([
    [855, '855 バイト'],
    [1023, '1,023 バイト'],
    [1229, '1.2 KB'],
    [3 * 1024 * 1024 + 200_000, '3.2 MB'],
  ])('%i bytes → %s', (n, text) => expect(formatBytes(n)).toBe(text));
});

describe('parseDateInput', () => {
  it.each([
    ['', null],
    ['2026/11/30', '2026-11-30'],
    ['2026/1/5', '2026-01-05'],
    ['2026-11-30', '2026-11-30'],
    ['20261130', '2026-11-30'],
    ['２０２６／１１／３０', '2026-11-30'],
    ['2026年11月30日', '2026-11-30'],
  ])('%s → %s', (typed, iso) => expect(parseDateInput(typed)).toEqual({ ok: true, iso }));

  it.each([['11/30'], ['2026/13/01'], ['2026/02/30'], ['きのう']])('%s is refused with the format to use', (typed) => {
    const r = parseDateInput(typed);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/2026\/|日付/);
  });
});
