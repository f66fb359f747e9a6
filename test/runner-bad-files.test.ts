// Every bad sample of test/fixtures/samples/bad plus our own (binary, over the limits, deleted before
// reading, locked, missing folder, disk full): the expected verdict, and the clerk's file is kept.
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { err } from '../shared/result';
import { describeFsError } from '../electron/core/files/fs-errors';
import { createFixture, type Fixture } from './helpers/runner-fixture';

let fx: Fixture;
afterEach(async () => {
  await fx?.close();
});

async function note(fx: Fixture, folder: string, name: string): Promise<string> {
  const files = await fx.tree(folder);
  const txt = files.find((f) => f.startsWith('エラー/') && f.endsWith(`${name.replace(/\.csv$/, "")}_エラー内容.txt`));
  expect(txt, `a .txt beside ${name} in ${folder}/エラー (have: ${files.join(', ')})`).toBeDefined();
  return readFile(join(fx.root, folder, txt!), 'utf8');
}


describe('bad files from test/fixtures/samples/bad', () => {
  it('clientmaster_utf8bom.csv: converted to CP932 and sent', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'bad/clientmaster_utf8bom.csv');
    const s = await fx.run({ kind: 'customers' });
    expect(s.outcome).toBe('success');
    const [imp] = fx.sandbox.imports();
    expect(imp!.processStatus).toBe('complete');
    expect(imp!.text).toContain('株式会社さくら商事');
    expect(imp!.text.startsWith('\uFEFF')).toBe(false);
    expect((await fx.tree('clientmaster'))[0]).toMatch(/^処理済み\/.*clientmaster_utf8bom\.csv$/);
  });

  it('clientmaster_not_cp932.csv: refused before sending, naming line 2 and 顧客名; kept in エラー with a .txt', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'bad/clientmaster_not_cp932.csv');
    const s = await fx.run({ kind: 'customers' });
    expect(s.outcome).toBe('failed');
    expect(fx.sandbox.requestCount()).toBe(0);
    const row = fx.engine.db.reader.getRun(s.id)!.files[0]!;
    expect(row.state.state).toBe('failed');
    expect(row.problems[0]).toMatchObject({ line: 2, column: '顧客名' });
    const text = await note(fx, 'clientmaster', 'clientmaster_not_cp932.csv');
    expect(text).toContain('2行目');
    expect(text).toContain('顧客名');
    expect(text).toContain('送信していません');
    expect(await fx.tree('clientmaster')).toHaveLength(2);
  });

  it.each([
    ['billdata_broken_quote.csv', '2行目', '引用符'],
    ['billdata_ragged.csv', '3行目', '見出し 11列'],
  ])('%s: refused, naming the line; kept in エラー with a .txt; nothing sent', async (name, line, words) => {
    fx = await createFixture();
    await fx.place('billdata', `bad/${name}`);
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('failed');
    expect(fx.sandbox.requestCount()).toBe(0);
    const text = await note(fx, 'billdata', name);
    expect(text).toContain(line);
    expect(text).toContain(words);
  });

  it.each(['billdata_header_only.csv', 'billdata_empty.csv'])('%s: recorded as データなし, no API call, file kept in 処理済み', async (name) => {
    fx = await createFixture();
    await fx.place('billdata', `bad/${name}`);
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('nothing');
    expect(s.message).toBe('請求書: データなし1件');
    expect(fx.sandbox.requestCount()).toBe(0);
    expect(fx.engine.db.reader.getRun(s.id)!.files[0]!.state.state).toBe('no-data');
    expect((await fx.tree('billdata'))[0]).toMatch(new RegExp(`^処理済み/\\d{4}-\\d{2}-\\d{2}/${name}$`));
  });
});

describe('our own bad files', () => {
  it('a binary file is refused and kept', async () => {
    fx = await createFixture();
    await fx.write('billdata', 'billdata_binary.csv', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0xfe]), randomBytes(2000)]));
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('failed');
    expect(fx.sandbox.requestCount()).toBe(0);
    await note(fx, 'billdata', 'billdata_binary.csv');
  });

  it('a document file of 3 MB + 1 byte is refused with the limit it passed, never split', async () => {
    fx = await createFixture();
    const header = 'a,b,c';
    let body = `${header}\r\n`;
    const line = `${'x'.repeat(1000)},1,2\r\n`;
    while (body.length + line.length <= 3 * 1024 * 1024) body += line;
    body += 'y'.repeat(3 * 1024 * 1024 + 1 - body.length - 6) + ',1,2\r\n';
    expect(Buffer.byteLength(body)).toBe(3 * 1024 * 1024 + 1);
    await fx.write('billdata', 'billdata_big.csv', body);
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('failed');
    expect(fx.sandbox.requestCount()).toBe(0);
    expect(await note(fx, 'billdata', 'billdata_big.csv')).toMatch(/3 ?MB|3,145,728/);
  });

  it('a document file of 10,001 lines is refused; a customer file of 10,001 lines is sent as two imports', async () => {
    fx = await createFixture();
    const docHeader = '日付,顧客コード,ページ,ご請求金額,振込期限日,請求年月,明細名称,請求明細No.,明細金額,備考,登録番号';
    const iconv = await import('iconv-lite');
    const doc = iconv.default.encode(`${docHeader}\r\n${'2026-11-30,C0001,1,1000,2026-12-31,2026-11,x,No.1,1000,,T1\r\n'.repeat(10_000)}`, 'cp932');
    await fx.write('billdata', 'billdata_10001.csv', doc);
    const custHeader = '顧客コード,顧客名,郵便番号,住所１,住所２,会社名,担当者名,メールアドレス';
    let cust = `${custHeader}\r\n`;
    for (let i = 1; i <= 10_000; i++) cust += `K${String(i).padStart(5, '0')},顧客${i},100-0001,東京都,,会社${i},担当,k${i}@example.jp\r\n`;
    await fx.write('clientmaster', 'clientmaster_10001.csv', iconv.default.encode(cust, 'cp932'));

    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    const rows = fx.engine.db.reader.getRun(s.id)!.files;
    const custRows = rows.filter((r) => r.kind === 'customers');
    expect(custRows.map((r) => [r.partIndex, r.partTotal, r.state.state])).toEqual([
      [1, 2, 'done'],
      [2, 2, 'done'],
    ]);
    const imports = fx.sandbox.imports();
    expect(imports.filter((i) => i.kind === 'customers').map((i) => i.processStatus)).toEqual(['complete', 'complete']);
    expect(fx.sandbox.customers()).toHaveLength(10_000);
    // Each part repeats the header line.
    for (const i of imports) expect(i.text.startsWith(custHeader)).toBe(true);
    expect(imports.filter((i) => i.kind === 'reports')).toHaveLength(0);
    expect(rows.find((r) => r.kind === 'report')!.state.state).toBe('failed');
    expect(await note(fx, 'billdata', 'billdata_10001.csv')).toMatch(/10,000|10000/);
    expect((await fx.tree('clientmaster')).some((f) => f.startsWith('処理済み/') && f.endsWith('clientmaster_10001.csv'))).toBe(true);
  });

  it('a file deleted between listing and reading is skipped, nothing sent', async () => {
    fx = await createFixture({
      files: (base) => ({
        ...base,
        async read(path) {
          await rm(path);
          return base.read(path);
        },
      }),
    });
    await fx.place('billdata', 'billdata_20261130.csv');
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(fx.sandbox.requestCount()).toBe(0);
    const row = fx.engine.db.reader.getRun(s.id)!.files[0]!;
    expect(row.state).toMatchObject({ state: 'skipped' });
    expect(row.state.state === 'skipped' && row.state.reason).toContain('見つかりません');
  });

  it('a locked file (Excel) is skipped with 「Excelなど」 and stays where it was', async () => {
    fx = await createFixture({
      files: (base) => ({
        ...base,
        // Windows answers EBUSY to reading a file Excel holds; Linux cannot lock for root.
        read: async (path) => err(describeFsError(Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' }), 'ファイルを読む', path)),
      }),
    });
    await fx.place('billdata', 'billdata_20261130.csv');
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('failed');
    const row = fx.engine.db.reader.getRun(s.id)!.files[0]!;
    expect(row.state.state === 'skipped' && row.state.reason).toContain('Excelなど');
    expect(await fx.tree('billdata')).toEqual(['billdata_20261130.csv']);
    expect(fx.sandbox.requestCount()).toBe(0);
  });

  it('a file Excel holds open (EBUSY on opening it for writing) is skipped with 「Excelなどで開かれています」', async () => {
    fx = await createFixture({
      opener: async (path) => {
        if (path.endsWith('billdata_20261130.csv')) throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
      },
    });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.counts).toMatchObject({ done: 1, skipped: 1 });
    expect(s.outcome).toBe('partial');
    const row = fx.engine.db.reader.getRun(s.id)!.files.find((f) => f.kind === 'report')!;
    expect(row.state.state === 'skipped' && row.state.reason).toContain('Excelなどで開かれています');
    expect(await fx.tree('billdata')).toEqual(['billdata_20261130.csv']);
    expect(fx.sandbox.imports().map((i) => i.kind)).toEqual(['customers']);
  });

  it('a missing folder stops the run with a clear message', async () => {
    fx = await createFixture();
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('failed');
    expect(s.message).toContain('フォルダが見つかりません');
    expect(fx.sandbox.requestCount()).toBe(0);
  });

  it('a full disk while staging stops that file with a clear message and leaves it in place', async () => {
    fx = await createFixture({
      files: (base) => ({
        ...base,
        writeStaged: async (name) => err(describeFsError(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }), '作業用のコピーを作る', name)),
      }),
    });
    await fx.place('billdata', 'billdata_20261130.csv');
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    const row = fx.engine.db.reader.getRun(s.id)!.files[0]!;
    expect(row.state.state === 'skipped' && row.state.reason).toContain('ディスクの空き容量');
    expect(await fx.tree('billdata')).toEqual(['billdata_20261130.csv']);
  });

  it('a move refused (permission) after an import leaves the file in place, the import recorded as done', async () => {
    fx = await createFixture({
      files: (base) => ({
        ...base,
        archive: async (path) => err(describeFsError(Object.assign(new Error('EACCES'), { code: 'EACCES' }), 'ファイルを移動する', path)),
      }),
    });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.counts.done).toBe(2);
    expect(await fx.tree('billdata')).toEqual(['billdata_20261130.csv']);
    expect(fx.logger.text()).toContain('cannot move file');
    // The next run does not send it again: 同一内容.
    fx.reopen({ files: undefined });
    const again = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(again.message).toContain('同一内容');
    expect(fx.sandbox.imports()).toHaveLength(2);
  });
});
