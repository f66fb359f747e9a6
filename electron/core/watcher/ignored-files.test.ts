// Why a file of a watched folder will not be sent, as a table; the listing itself is covered by the
// watcher's tests on real folders.
import { describe, expect, it } from 'vitest';
import { ignoredFor, ignoredReason, type FolderEntry } from './ignored-files';

const file = (name: string, mtimeMs: number | null = 1000, kind: FolderEntry['kind'] = 'file'): FolderEntry => ({ name, kind, mtimeMs });

describe('ignoredReason', () => {
  it.each([
    [file('billdata_1130.csv'), null],
    [file('BILLDATA_1130.CSV'), null],
    [file('請求データ_1130.csv'), 'other-prefix'],
    [file('billdata.CSV.txt'), 'not-csv'],
    [file('billdata_1130.xlsx'), 'not-csv'],
    [file('~$billdata_1130.csv'), 'temporary'],
    [file('billdata_1130.csv.tmp'), 'temporary'],
    [file('billdata_1130.csv.lnk'), 'link'],
    [file('billdata_1130.csv', 1000, 'link'), 'link'],
    [file('billdata_fifo.csv', 1000, 'other'), 'not-a-file'],
  ])('%o → %s', (entry, reason) => {
    expect(ignoredReason(entry, 'billdata')).toBe(reason);
  });
});

describe('ignoredFor', () => {
  it('newest first, without names another setting of the folder takes, at most `limit`, with the total', () => {
    const folder = { entries: [file('a.txt', 1), file('b.txt', 3), file('billdata_1.csv', 9), file('other_1.csv', 5), file('c.txt', null)] };
    const r = ignoredFor(folder, 'billdata', (name) => name === 'other_1.csv', 2);
    expect(r.ignored.map((i) => i.fileName)).toEqual(['b.txt', 'a.txt']);
    expect(r.ignoredTotal).toBe(3);
    expect(r.ignored[0]).toEqual({ fileName: 'b.txt', reason: 'not-csv', modifiedAt: new Date(3).toISOString() });
  });

  it('a folder that could not be listed has nothing to say here (the folder problem says it)', () => {
    expect(ignoredFor(null, 'x', () => false)).toEqual({ ignored: [], ignoredTotal: 0 });
  });
});
