import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable, padDisplay, truncateDisplay } from './text-table';

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['請求書', 6],
    ['ｱｲｳ', 3],
    ['ＡＢ', 4],
    ['髙﨑', 4],
    ['𠮷', 2],
    ['①', 2],
    ['C0001 顧客', 10],
    ['', 0],
  ])('%s → %i', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('formatTable', () => {
  it('aligns columns holding Japanese text by display width', () => {
    const out = formatTable(
      [{ header: '設定' }, { header: 'ファイル' }, { header: '件数', align: 'right' }],
      [
        ['顧客データ', 'clientmaster_20261130.csv', '5'],
        ['請求書', 'billdata.csv', '12'],
      ],
    );
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    // Every line's second column starts at the same display column.
    const starts = lines.map((l) => {
      const idx = l.search(/(ファイル|clientmaster|billdata|-{5,}\s+-)/);
      return displayWidth(l.slice(0, idx));
    });
    expect(new Set(starts.slice(0, 1).concat(starts.slice(2))).size).toBe(1);
    expect(lines[2]!.endsWith(' 5')).toBe(true);
    expect(lines[3]!.endsWith('12')).toBe(true);
    expect(lines.every((l) => !/\s$/.test(l))).toBe(true);
  });

  it('pads on the requested side', () => {
    expect(padDisplay('請求', 6)).toBe('請求  ');
    expect(padDisplay('請求', 6, 'right')).toBe('  請求');
    expect(padDisplay('請求書です', 4)).toBe('請求書です');
  });
});

describe('truncateDisplay', () => {
  it('keeps short text and cuts long text to the display width with …', () => {
    expect(truncateDisplay('請求書', 6)).toBe('請求書');
    expect(truncateDisplay('請求書データ', 7)).toBe('請求書…');
    expect(displayWidth(truncateDisplay('あいうえおかきくけこ', 9))).toBeLessThanOrEqual(9);
    expect(truncateDisplay('abcdef', 4)).toBe('abc…');
  });
});
