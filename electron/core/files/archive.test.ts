import { readFile, readdir, rename, writeFile, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../ports/clock';
import {
  ERROR_FOLDER_NAME,
  PROCESSED_FOLDER_NAME,
  archiveFile,
  archiveFolder,
  errorNotePath,
  formatErrorNote,
  numberedName,
  writeErrorNote,
} from './archive';
import { driveClock, fsError, makeTempDir } from './test-helpers';

const NOW = new Date(2026, 10, 30, 18, 5, 0); // 2026-11-30 local time

describe('naming', () => {
  it('dated folder in local time', () => {
    expect(archiveFolder(join('/in', 'a.csv'), 'processed', new Date(2026, 0, 5, 23, 59))).toBe(join('/in', '処理済み', '2026-01-05'));
    expect(archiveFolder(join('/in', 'a.csv'), 'error', new Date(2024, 1, 29, 0, 0))).toBe(join('/in', 'エラー', '2024-02-29'));
  });
  it('numbers a clashing name before the extension', () => {
    expect(numberedName('請求.csv', 1)).toBe('請求.csv');
    expect(numberedName('請求.csv', 2)).toBe('請求 (2).csv');
    expect(numberedName('a.b.CSV', 3)).toBe('a.b (3).CSV');
    expect(errorNotePath(join('x', '請求.csv'))).toBe(join('x', '請求_エラー内容.txt'));
  });
});

describe('archiveFile on real folders', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('archive')));
  afterEach(() => cleanup());
  const clock = () => new ManualClock(NOW);

  it('moves a processed file into 処理済み/YYYY-MM-DD', async () => {
    const src = join(dir, 'bill.csv');
    await writeFile(src, 'data');
    const r = await archiveFile(src, { kind: 'processed', now: NOW, clock: clock() });
    const expected = join(dir, PROCESSED_FOLDER_NAME, '2026-11-30', 'bill.csv');
    expect(r).toEqual({ ok: true, value: { archivedPath: expected } });
    expect(await readFile(expected, 'utf8')).toBe('data');
    expect(await readdir(dir)).toEqual([PROCESSED_FOLDER_NAME]);
  });

  it('moves a refused file into エラー/YYYY-MM-DD', async () => {
    const src = join(dir, 'bill.csv');
    await writeFile(src, 'bad');
    const r = await archiveFile(src, { kind: 'error', now: NOW, clock: clock() });
    expect(r.ok && r.value.archivedPath).toBe(join(dir, ERROR_FOLDER_NAME, '2026-11-30', 'bill.csv'));
  });

  it('a name clash never overwrites: (2), then (3)', async () => {
    const folder = join(dir, PROCESSED_FOLDER_NAME, '2026-11-30');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'bill.csv'), 'earlier');
    for (const content of ['second', 'third']) {
      const src = join(dir, 'bill.csv');
      await writeFile(src, content);
      const r = await archiveFile(src, { kind: 'processed', now: NOW, clock: clock() });
      expect(r.ok).toBe(true);
    }
    expect(await readFile(join(folder, 'bill.csv'), 'utf8')).toBe('earlier');
    expect(await readFile(join(folder, 'bill (2).csv'), 'utf8')).toBe('second');
    expect(await readFile(join(folder, 'bill (3).csv'), 'utf8')).toBe('third');
  });

  it('retries a busy file with doubling waits on the Clock, then moves it', async () => {
    const src = join(dir, 'bill.csv');
    await writeFile(src, 'data');
    const c = clock();
    let busy = 2;
    const { value, waits } = await driveClock(
      c,
      archiveFile(src, {
        kind: 'processed',
        now: NOW,
        clock: c,
        fs: {
          rename: async (a, b) => {
            if (busy-- > 0) throw fsError('EBUSY');
            await rename(a, b);
          },
        },
      }),
    );
    expect(value.ok).toBe(true);
    expect(waits).toEqual([500, 1_000]);
    const folder = join(dir, PROCESSED_FOLDER_NAME, '2026-11-30');
    expect(await readdir(folder)).toEqual(['bill.csv']); // no placeholder left behind
  });

  it('gives up after a bounded number of tries, leaving the file where it was', async () => {
    const src = join(dir, 'bill.csv');
    await writeFile(src, 'data');
    const c = clock();
    const { value, waits } = await driveClock(
      c,
      archiveFile(src, {
        kind: 'processed',
        now: NOW,
        clock: c,
        maxAttempts: 4,
        fs: {
          rename: async () => {
            throw fsError('EBUSY');
          },
        },
      }),
    );
    expect(waits).toEqual([500, 1_000, 2_000]);
    expect(value.ok).toBe(false);
    if (!value.ok) {
      expect(value.error.code).toBe('fs.busy');
      expect(value.error.message).toContain('処理済み');
      expect(value.error.message).toContain(src);
    }
    expect(await readFile(src, 'utf8')).toBe('data');
    expect(await readdir(join(dir, PROCESSED_FOLDER_NAME, '2026-11-30'))).toEqual([]);
  });

  it('across drives (EXDEV) copies, flushes, then removes the original', async () => {
    const src = join(dir, 'bill.csv');
    await writeFile(src, 'data');
    const r = await archiveFile(src, {
      kind: 'processed',
      now: NOW,
      clock: clock(),
      fs: {
        rename: async () => {
          throw fsError('EXDEV');
        },
      },
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(await readFile(r.value.archivedPath, 'utf8')).toBe('data');
    expect(await readdir(dir)).toEqual([PROCESSED_FOLDER_NAME]);
  });

  it('across drives, when the original cannot be removed, the copy is dropped and the original kept', async () => {
    const src = join(dir, 'bill.csv');
    await writeFile(src, 'data');
    const r = await archiveFile(src, {
      kind: 'processed',
      now: NOW,
      clock: clock(),
      maxAttempts: 1,
      fs: {
        rename: async () => {
          throw fsError('EXDEV');
        },
        unlink: async (p) => {
          if (p === src) throw fsError('EPERM', 'unlink');
          await unlink(p);
        },
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('fs.permission');
    expect(await readFile(src, 'utf8')).toBe('data');
    expect(await readdir(join(dir, PROCESSED_FOLDER_NAME, '2026-11-30'))).toEqual([]);
  });

  it('a file already gone is an error value', async () => {
    const r = await archiveFile(join(dir, 'gone.csv'), { kind: 'error', now: NOW, clock: clock() });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('files.gone');
      expect(r.error.message).toContain('見つかりません');
    }
  });
});

describe('error note', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('note')));
  afterEach(() => cleanup());

  const note = {
    fileName: 'clientmaster_not_cp932.csv',
    problems: [
      { line: 2, column: '顧客名', message: '「clientmaster_not_cp932.csv」2行目「顧客名」列: 「𠮷」（U+20BB7）はShift_JIS（CP932）にない文字です。' },
      { message: '楽楽明細のエラー', code: 'E1234' },
      { line: 5, column: '顧客コード', message: '顧客コードが登録されていません。' },
    ],
    summary: '送信前の確認で問題が見つかったため、送信しませんでした。',
    whatToDo: '問題の箇所を直して、元のフォルダに保存し直してください。',
    at: new Date(2026, 10, 30, 9, 5, 7),
  };

  it('formats what went wrong, where, and what to do', () => {
    const text = formatErrorNote(note);
    expect(text).toContain('ファイル: clientmaster_not_cp932.csv');
    expect(text).toContain('日時: 2026-11-30 09:05:07');
    // A pre-flight message already names its place: not said twice.
    expect(text).toContain('・「clientmaster_not_cp932.csv」2行目「顧客名」列: 「𠮷」');
    expect(text).not.toContain('2行目「顧客名」列: 「clientmaster_not_cp932.csv」');
    // An API message does not: the place is put in front.
    expect(text).toContain('・5行目「顧客コード」列: 顧客コードが登録されていません。');
    expect(text).toContain('・楽楽明細のエラー（E1234）');
    expect(text).toContain('【どうすればよいか】\r\n問題の箇所を直して');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
  });

  it('writes UTF-8 with BOM beside the CSV and never overwrites an earlier note', async () => {
    const csv = join(dir, 'clientmaster_not_cp932.csv');
    await writeFile(csv, 'x');
    const a = await writeErrorNote(csv, note);
    const b = await writeErrorNote(csv, note);
    expect(a).toEqual({ ok: true, value: { notePath: join(dir, 'clientmaster_not_cp932_エラー内容.txt') } });
    expect(b).toEqual({ ok: true, value: { notePath: join(dir, 'clientmaster_not_cp932_エラー内容 (2).txt') } });
    const bytes = await readFile(join(dir, 'clientmaster_not_cp932_エラー内容.txt'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(formatErrorNote(note));
  });

  it('a folder that does not exist is an error value in Japanese', async () => {
    const r = await writeErrorNote(join(dir, 'nope', 'a.csv'), note);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('エラー内容のメモを書く');
  });
});
