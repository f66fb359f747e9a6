import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyEntry, classifyName, isCandidateName, listCandidates } from './list-candidates';

describe('isCandidateName', () => {
  it('matches the prefix and .csv without case, as Windows does', () => {
    expect(isCandidateName('clientmaster_20261130.csv', 'clientmaster')).toBe(true);
    expect(isCandidateName('ClientMaster_20261130.CSV', 'clientmaster')).toBe(true);
    expect(isCandidateName('clientmaster.Csv', 'CLIENTMASTER')).toBe(true);
    expect(isCandidateName('請求データ_11月.csv', '請求データ')).toBe(true);
  });

  it('refuses other prefixes and other extensions', () => {
    expect(isCandidateName('billdata_1.csv', 'clientmaster')).toBe(false);
    expect(isCandidateName('x_clientmaster.csv', 'clientmaster')).toBe(false);
    expect(isCandidateName('clientmaster.xlsx', 'clientmaster')).toBe(false);
    expect(isCandidateName('clientmaster.csv.bak', 'clientmaster')).toBe(false);
  });

  it('ignores temporary and hidden files', () => {
    expect(isCandidateName('~$clientmaster.csv', 'clientmaster')).toBe(false);
    expect(isCandidateName('~$clientmaster.csv', '~$client')).toBe(false);
    expect(isCandidateName('clientmaster.csv.tmp', 'clientmaster')).toBe(false);
    expect(isCandidateName('clientmaster.tmp', 'clientmaster')).toBe(false);
    expect(isCandidateName('clientmaster.csv.part', 'clientmaster')).toBe(false);
    expect(isCandidateName('.clientmaster.csv', '.client')).toBe(false);
  });

  it('matches a decomposed (NFD) name against a composed prefix', () => {
    expect(isCandidateName('データ.csv'.normalize('NFD'), 'データ')).toBe(true);
  });
});

describe('classifyName', () => {
  it.each([
    ['billdata_1130.csv', 'candidate'],
    ['BILLDATA_1130.CSV', 'candidate'],
    ['請求データ_1130.csv', 'other-prefix'],
    ['billdata.CSV.txt', 'not-csv'],
    ['billdata_1130.csv.part', 'temporary'],
    ['billdata_1130.CSV.TMP', 'temporary'],
    ['billdata_1130.csv.crdownload', 'temporary'],
    ['billdata.xlsx', 'not-csv'],
    ['~$billdata_1130.csv', 'temporary'],
    ['.billdata_1130.csv', 'temporary'],
    // Explorer hides .lnk: this looks exactly like billdata_1130.csv. A shortcut is never followed,
    // whatever its name, so it is named as one.
    ['billdata_1130.csv.lnk', 'link'],
    ['BILLDATA_1130.CSV.LNK', 'link'],
    ['other.csv.lnk', 'link'],
    ['billdata_1130.url', 'link'],
  ])('%s → %s', (name, expected) => {
    expect(classifyName(name, 'billdata')).toBe(expected);
  });
});

describe('classifyEntry', () => {
  it.each([
    ['billdata_1130.csv', 'file', 'candidate'],
    ['billdata_1130.csv', 'symlink', 'link'],
    ['billdata_1130.csv', 'fifo', 'not-regular'],
    ['billdata_1130.csv', 'device', 'not-regular'],
    ['billdata_1130.csv', 'socket', 'not-regular'],
    ['処理済み', 'directory', 'folder'],
    ['notes.txt', 'symlink', 'not-csv'],
  ] as const)('%s (%s) → %s', (name, type, expected) => {
    expect(classifyEntry(name, 'billdata', type)).toBe(expected);
  });
});

describe('listCandidates', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meisai-list-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const put = async (name: string, content: string, mtimeSec: number) => {
    const p = join(dir, name);
    await writeFile(p, content);
    await utimes(p, mtimeSec, mtimeSec);
    return p;
  };

  it('lists matching regular files oldest first, then by name, with size and mtime', async () => {
    await put('bill_c.csv', 'ccc', 2_000);
    await put('bill_b.csv', 'bb', 1_000);
    await put('BILL_a.CSV', 'a', 2_000);
    await put('other.csv', 'x', 500);
    await put('~$bill_z.csv', 'lock', 10);
    await put('bill_tmp.csv.tmp', 'x', 10);
    await put('bill_p.part', 'x', 10);
    await put('.bill_hidden.csv', 'x', 10);
    await put('bill_notes.txt', 'x', 10);
    // The agent's own subfolders, even with a matching-looking name, are not files to send.
    await mkdir(join(dir, '処理済み'));
    await mkdir(join(dir, 'bill_folder.csv'));

    const r = await listCandidates(dir, 'bill');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((c) => c.name)).toEqual(['bill_b.csv', 'BILL_a.CSV', 'bill_c.csv']);
    expect(r.value[0]).toEqual({ name: 'bill_b.csv', path: join(dir, 'bill_b.csv'), size: 2, mtimeMs: 1_000_000 });
  });

  it('returns an empty list for an empty folder', async () => {
    const r = await listCandidates(dir, 'bill');
    expect(r).toEqual({ ok: true, value: [] });
  });

  it('reports a missing folder as an error value in Japanese, not a throw', async () => {
    const missing = join(dir, 'なし');
    const r = await listCandidates(missing, 'bill');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('files.folder-missing');
    expect(r.error.message).toBe(`フォルダが見つかりません: ${missing}`);
  });

  it('reports a file given as the folder as an error value', async () => {
    const p = await put('bill.csv', 'x', 1);
    const r = await listCandidates(p, 'bill');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('フォルダが見つかりません');
  });

  it('handles 10,000 files in one folder', async () => {
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 10_000; i++) {
      const name = i % 2 === 0 ? `bill_${String(i).padStart(5, '0')}.csv` : `other_${i}.csv`;
      writes.push(writeFile(join(dir, name), 'x'));
      if (writes.length >= 200) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
    const r = await listCandidates(dir, 'BILL_');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(5_000);
    for (let i = 1; i < r.value.length; i++) {
      const a = r.value[i - 1]!;
      const b = r.value[i]!;
      expect(a.mtimeMs < b.mtimeMs || (a.mtimeMs === b.mtimeMs && a.name < b.name)).toBe(true);
    }
  });
});
