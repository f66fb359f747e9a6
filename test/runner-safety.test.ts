// Never the wrong content (issue 11), with the real runner, the sandbox over real HTTP and real
// folders: a re-export during polling and an exporter writing in pages are never filed unsent; a
// link is never uploaded and its target never touched; foreign encodings are refused by name; a
// token echoed by the server is never stored; an unusable import id is an answer for the clerk, not
// a crash; a refused setting is named and its file stays where it is.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { lstat, mkdir, readFile, readdir, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../shared/run';
import { memoryIo } from '../electron/cli/cli-io';
import { main } from '../electron/cli/main';
import { listFolder } from '../electron/core/files';
import { defaultSandboxAccount, SANDBOX_TOKEN } from '../electron/core/sandbox/sandbox-server';
import { runFinishedNotification } from '../electron/main/notification-text';
import { createFixture, fixtureSettings, SHIPPED_SAMPLES, type Fixture } from './helpers/runner-fixture';

let fx: Fixture;
afterEach(async () => {
  await fx?.close();
});

const HEADER = '日付,顧客コード,ページ,ご請求金額,振込期限日,請求年月,明細名称,請求明細No.,明細金額,備考,登録番号';
const line = (n: number, customer = `C000${((n - 1) % 5) + 1}`, amount = 1000 * n) =>
  `2026年11月30日,${customer},1,${amount},2026年12月31日,2026年11月,明細${n},No.${String(n).padStart(6, '0')},${amount},,T1234567890123`;
const cp932 = (text: string): Buffer => iconv.encode(text, 'cp932');
const csv = (lines: readonly string[]): Buffer => cp932(`${[HEADER, ...lines].join('\r\n')}\r\n`);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const dataLines = (b: Uint8Array): string[] => iconv.decode(Buffer.from(b), 'cp932').split('\r\n').slice(1).filter((l) => l !== '');
const BILL = { kind: 'report', reportId: 'bill' } as const;

/** When the document's import id is recorded (`sent`), before the first poll: the moment to act "while it is polled". */
const atSent = (act: () => void) => (p: RunProgress) => {
  if (p.type === 'file-state' && p.kind === 'report' && p.state.state === 'sent') act();
};

/** Every data line of every file filed under billdata/処理済み reached 楽楽明細. */
async function processedWereSent(f: Fixture): Promise<void> {
  const imported = new Set(f.sandbox.imports().filter((i) => i.kind === 'reports' && i.processStatus === 'complete').flatMap((i) => i.text.split('\r\n').slice(1).filter((l) => l !== '')));
  for (const rel of (await f.tree('billdata')).filter((p) => p.startsWith('処理済み/') && p.endsWith('.csv'))) {
    for (const l of dataLines(await readFile(join(f.root, 'billdata', rel)))) expect(imported.has(l), `${rel}: 「${l}」 filed but never sent`).toBe(true);
  }
}

describe('claim before send, verify before filing', () => {
  it('a re-export under the same name while A is polled: A is filed, B stays and is sent (or held by the overlap guard), never filed unsent', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    const a = csv([line(1), line(2), line(3)]);
    const b = csv([line(1), line(2), line(3, 'C0003', 99999)]);
    const path = await fx.write('billdata', 'billdata_1130.csv', a);
    const s = await fx.run(BILL, atSent(() => writeFileSync(path, b)));
    expect(s.outcome).toBe('success');
    // A went to 楽楽明細 and A is what 処理済み holds; B waits in the folder, where the clerk put it.
    const tree = await fx.tree('billdata');
    const filed = tree.filter((p) => p.startsWith('処理済み/'));
    expect(filed).toHaveLength(1);
    expect(sha(await readFile(join(fx.root, 'billdata', filed[0]!)))).toBe(sha(a));
    expect(sha(await readFile(path))).toBe(sha(b));

    const next = await fx.run(BILL);
    const row = fx.engine.history.getRun(next.id)!.files.find((f) => f.kind === 'report')!;
    if (row.state.state === 'done') {
      expect(fx.sandbox.imports().some((i) => i.kind === 'reports' && i.sha256 === sha(b))).toBe(true);
    } else {
      // After the overlap guard (issue 11, part "content"): held for the clerk, not filed.
      expect(['held', 'overlap']).toContain(row.state.state);
      expect((await fx.tree('billdata')).filter((p) => p.startsWith('処理済み/'))).toHaveLength(1);
    }
    await processedWereSent(fx);
  });

  it('where no 処理中 can be made, a re-export written into the very file is caught before filing: what was sent is filed, the new content goes back', async () => {
    fx = await createFixture({ files: (base) => ({ ...base, claim: async () => ({ status: 'in-place', reason: 'test: no 処理中 here' }) }) });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    const a = csv([line(1), line(2)]);
    const b = csv([line(1), line(2), line(3)]);
    const path = await fx.write('billdata', 'billdata_1130.csv', a);
    const s = await fx.run(BILL, atSent(() => writeFileSync(path, b)));
    const rows = fx.engine.history.getRun(s.id)!.files.filter((f) => f.kind === 'report');
    expect(rows.map((r) => r.state.state)).toEqual(['done', 'skipped']);
    expect(rows[1]!.state).toMatchObject({ state: 'skipped', cause: 'changed', reason: expect.stringContaining('送信後にファイルが変更されました') });
    expect(rows[1]!.currentPath).toBe(path);
    expect(s.outcome).toBe('success');
    // 処理済み keeps exactly what 楽楽明細 received, with a note; B is in the folder.
    const tree = await fx.tree('billdata');
    const filed = tree.filter((p) => p.startsWith('処理済み/') && p.endsWith('.csv'));
    expect(filed).toHaveLength(1);
    expect(sha(await readFile(join(fx.root, 'billdata', filed[0]!)))).toBe(sha(a));
    expect(tree.some((p) => p.startsWith('処理済み/') && p.endsWith('_送信した内容.txt'))).toBe(true);
    expect(sha(await readFile(path))).toBe(sha(b));
    await processedWereSent(fx);
  });

  it('an exporter writing header + two lines, pausing past the stability window, then the rest: never filed as 処理済み with lines unsent', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await mkdir(join(fx.root, 'billdata'), { recursive: true });
    const path = join(fx.root, 'billdata', 'billdata_paged.csv');
    // The exporter keeps its handle: on Linux nothing stops it, the file is renamed under it.
    const fd = openSync(path, 'w');
    writeSync(fd, cp932(`${HEADER}\r\n${line(1)}\r\n${line(2)}\r\n`));
    const rest = [line(3), line(4), line(5), line(6)];
    const s = await fx.run(BILL, atSent(() => {
      writeSync(fd, cp932(`${rest.join('\r\n')}\r\n`));
      closeSync(fd);
    }));
    expect(fx.engine.history.getRun(s.id)!.files.filter((f) => f.kind === 'report').map((f) => [f.state.state, f.state.state === 'skipped' ? f.state.cause : null])).toEqual([['done', null], ['skipped', 'changed']]);
    // The whole file is back in the folder, where the next run finds it.
    expect(dataLines(await readFile(path))).toEqual([line(1), line(2), ...rest]);
    await processedWereSent(fx);

    const next = await fx.run(BILL);
    const row = fx.engine.history.getRun(next.id)!.files.find((f) => f.kind === 'report')!;
    if (row.state.state === 'done') {
      const imported = new Set(fx.sandbox.imports().filter((i) => i.kind === 'reports').flatMap((i) => i.text.split('\r\n')));
      for (const l of [line(1), line(2), ...rest]) expect(imported.has(l)).toBe(true);
    } else expect(['held', 'overlap']).toContain(row.state.state);
    await processedWereSent(fx);
  });

  it('a header-only moment is never recorded as データなし and filed: it waits for the longer quiet window', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await mkdir(join(fx.root, 'billdata'), { recursive: true });
    const path = join(fx.root, 'billdata', 'billdata_paged.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, cp932(`${HEADER}\r\n`));
    const first = await fx.run(BILL);
    expect(fx.engine.history.getRun(first.id)!.files.filter((f) => f.kind === 'report')).toEqual([]);
    expect(await fx.tree('billdata')).toEqual(['billdata_paged.csv']);
    writeSync(fd, cp932(`${line(1)}\r\n${line(2)}\r\n`));
    closeSync(fd);
    const second = await fx.run(BILL);
    expect(fx.engine.history.getRun(second.id)!.files.filter((f) => f.kind === 'report').map((f) => f.state.state)).toEqual(['done']);
    await processedWereSent(fx);

    // A header-only file nobody has touched for long is データなし, as before.
    const old = await fx.write('billdata', 'billdata_empty_month.csv', csv([]));
    await utimes(old, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const third = await fx.run(BILL);
    expect(fx.engine.history.getRun(third.id)!.files.filter((f) => f.kind === 'report').map((f) => f.state.state)).toEqual(['no-data']);
  });

  it('a claim refused because a program holds the file (Windows EBUSY) leaves it where it is, 「Excelなどで開かれています」', async () => {
    fx = await createFixture({
      files: (base) => ({
        ...base,
        claim: async (p) => (p.endsWith('billdata_1130.csv') ? { status: 'locked', error: { code: 'files.locked', message: `Excelなどで開かれています: ${p}。ファイルを閉じると、次の確認で送信します。` } } : base.claim(p)),
      }),
    });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.write('billdata', 'billdata_1130.csv', csv([line(1)]));
    const s = await fx.run(BILL);
    const row = fx.engine.history.getRun(s.id)!.files.find((f) => f.kind === 'report')!;
    expect(row.state.state === 'skipped' && row.state.reason).toContain('Excelなどで開かれています');
    expect((await fx.tree('billdata')).filter((p) => p.endsWith('.csv'))).toEqual(['billdata_1130.csv']);
    expect(fx.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(0);
  });
});

describe('only regular files inside the folder', () => {
  it('a link named like a matching file to a file outside the folder is never uploaded, and its target is untouched; .lnk and FIFOs are listed with the reason', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    const outside = join(fx.work, 'outside');
    await mkdir(outside);
    const target = join(outside, 'secret.csv');
    const secret = csv([line(1), line(2)]);
    await writeFile(target, secret);
    const before = await stat(target);
    const folder = join(fx.root, 'billdata');
    await mkdir(folder, { recursive: true });
    await symlink(target, join(folder, 'billdata_link.csv'));
    await writeFile(join(folder, 'billdata_short.csv.lnk'), 'L\0\0\0');
    execFileSync('mkfifo', [join(folder, 'billdata_fifo.csv')]);

    const s = await fx.run(BILL);
    expect(fx.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(0);
    expect(fx.engine.history.getRun(s.id)!.files.filter((f) => f.kind === 'report')).toEqual([]);
    // The target: same bytes, same time; the link still where it was, still a link.
    expect(sha(await readFile(target))).toBe(sha(secret));
    expect((await stat(target)).mtimeMs).toBe(before.mtimeMs);
    expect((await lstat(join(folder, 'billdata_link.csv'))).isSymbolicLink()).toBe(true);
    expect((await readdir(folder)).sort()).toEqual(['billdata_fifo.csv', 'billdata_link.csv', 'billdata_short.csv.lnk']);

    const listed = await listFolder(folder, 'billdata');
    expect(listed.ok && listed.value.candidates).toEqual([]);
    expect(listed.ok && listed.value.ignored.map((e) => [e.name, e.class])).toEqual([
      ['billdata_fifo.csv', 'not-regular'],
      ['billdata_link.csv', 'link'],
      ['billdata_short.csv.lnk', 'link'],
    ]);
    expect(listed.ok && listed.value.ignored.find((e) => e.name.endsWith('.lnk'))!.reason).toContain('ショートカット');
  });

  it('`validate` on a FIFO answers at once (never waits for a writer), and refuses a link', async () => {
    fx = await createFixture();
    const fifo = join(fx.work, 'named.csv');
    execFileSync('mkfifo', [fifo]);
    const io = memoryIo();
    expect(await main(['validate', fifo], io)).toBe(1);
    expect(io.out()).toContain('通常のファイルではない');
    const real = join(fx.work, 'real.csv');
    await writeFile(real, csv([line(1)]));
    await symlink(real, join(fx.work, 'link.csv'));
    const io2 = memoryIo();
    expect(await main(['validate', join(fx.work, 'link.csv')], io2)).toBe(1);
    expect(io2.out()).toContain('シンボリックリンク');
  });
});

describe('encodings 楽楽明細 cannot take, through the runner', () => {
  it('EUC-JP, ISO-2022-JP and UTF-16 are refused by name, with how to export Shift_JIS or UTF-8; nothing sent', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    const text = `${HEADER}\r\n${line(1)}\r\n`;
    await fx.write('billdata', 'billdata_euc.csv', iconv.encode(text, 'euc-jp'));
    await fx.write('billdata', 'billdata_jis.csv', Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'JIS', from: 'UNICODE' })));
    await fx.write('billdata', 'billdata_utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]));
    const s = await fx.run(BILL);
    expect(fx.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(0);
    const rows = fx.engine.history.getRun(s.id)!.files.filter((f) => f.kind === 'report');
    const said = Object.fromEntries(rows.map((r) => [r.fileName, r.state.state === 'failed' ? r.state.problems[0]!.message : r.state.state]));
    expect(said['billdata_euc.csv']).toContain('文字コードはEUC-JPです');
    expect(said['billdata_jis.csv']).toContain('文字コードはISO-2022-JP');
    expect(said['billdata_utf16.csv']).toContain('文字コードはUTF-16 LE');
    for (const m of Object.values(said)) expect(m).toMatch(/Shift_JIS.*UTF-8|UTF-8.*Shift_JIS/);
    // Refused before sending: in エラー with the note naming the encoding.
    const note = (await fx.tree('billdata')).find((p) => p.endsWith('billdata_euc_エラー内容.txt'))!;
    expect(await readFile(join(fx.root, 'billdata', note), 'utf8')).toContain('EUC-JP');
  });
});

describe('untrusted answers', () => {
  it('a token echoed inside an error description is never stored (history.db, its WAL, the note) nor printed (--json)', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    fx.sandbox.faults.match = /^POST .*reports\/imports$/;
    fx.sandbox.faults.echoTokenInError = 1;
    const s = await fx.run(BILL);
    const row = fx.engine.history.getRun(s.id)!.files.find((f) => f.kind === 'report')!;
    expect(row.state.state).toBe('failed');
    expect(JSON.stringify(row)).toContain('[REDACTED]');
    expect(JSON.stringify(fx.engine.history.getRun(s.id))).not.toContain(SANDBOX_TOKEN);
    for (const name of await readdir(fx.paths.dataDir)) {
      if (!name.startsWith('history.db')) continue;
      expect((await readFile(join(fx.paths.dataDir, name))).includes(SANDBOX_TOKEN), name).toBe(false);
    }
    const note = (await fx.tree('billdata')).find((p) => p.endsWith('_エラー内容.txt'))!;
    const noteText = await readFile(join(fx.root, 'billdata', note), 'utf8');
    expect(noteText).toContain('[REDACTED]');
    expect(noteText).not.toContain(SANDBOX_TOKEN);

    // The same through the CLI's --json, on its own data folder and its own ファイルの配置場所 (a fresh
    // data folder over a root that already has 処理済み would rightly read as a lost history).
    fx.sandbox.faults.echoTokenInError = 1;
    const cliRoot = join(fx.work, 'cli-root');
    await mkdir(join(cliRoot, 'billdata'), { recursive: true });
    await writeFile(join(cliRoot, 'billdata', 'billdata_again.csv'), await readFile(join(SHIPPED_SAMPLES, 'billdata_20261130.csv')));
    const config = join(fx.work, 'settings.json');
    await writeFile(config, JSON.stringify(fixtureSettings('https://rbsample.eco-serv.jp/abc1234/', cliRoot)));
    const io = memoryIo({ MEISAI_API_TOKEN: SANDBOX_TOKEN });
    expect(await main(['run', '--config', config, '--setting', '請求書', '--json', '--base-url', fx.sandbox.baseUrl(), '--data-dir', join(fx.work, 'cli-data')], io)).toBe(1);
    expect(io.out()).toContain('[REDACTED]');
    expect(io.out()).not.toContain(SANDBOX_TOKEN);
  });

  it('importId -1: a document becomes 要確認 with a clear reason and the clerk\'s action; later runs go on; a customer file is simply sent again', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    fx.sandbox.faults.match = /^POST .*reports\/imports$/;
    fx.sandbox.faults.replaceImportId = -1;
    const s = await fx.run(BILL);
    expect(s.outcome).toBe('attention');
    const row = fx.engine.history.getRun(s.id)!.files.find((f) => f.kind === 'report')!;
    expect(row.state.state).toBe('held');
    expect(row.state.state === 'held' && row.state.reason).toContain('取込IDが正しくありません: importId -1');
    expect(row.state.state === 'held' && row.state.reason).toContain('「送信済みにする」');
    expect(row.state.state === 'held' && row.state.reason).not.toContain('通信が途切れました');
    expect((await fx.tree('billdata')).some((p) => p.startsWith('エラー/') && p.endsWith('_エラー内容.txt'))).toBe(true);
    // Nothing stored the id: the next runs neither crash nor poll it.
    expect(fx.engine.history.findUnfinishedFiles()).toEqual([]);
    await fx.write('billdata', 'billdata_1201.csv', csv([line(1)]));
    const next = await fx.run(BILL);
    expect(fx.engine.history.getRun(next.id)!.files.map((f) => [f.fileName, f.state.state]), next.message).toEqual([['billdata_1201.csv', 'done']]);
    expect(next.outcome).toBe('success');
    // The clerk's answer settles it.
    expect(fx.engine.runner.markSent(row.id).ok).toBe(true);
    expect(fx.engine.history.attentionCount()).toBe(0);

    fx.sandbox.faults.match = /^POST .*customers\/imports$/;
    fx.sandbox.faults.replaceImportId = 'abc';
    await fx.write('clientmaster', 'clientmaster_1201.csv', cp932('顧客コード,顧客名,郵便番号,住所１,住所２,会社名,担当者名,メールアドレス\r\nC0006,新しい顧客,100-0001,東京都,,会社,担当,c6@example.jp\r\n'));
    const customers = await fx.run({ kind: 'customers' });
    expect(customers.outcome).toBe('success');
    // Refused id, then sent again within the run (an upsert): two imports, the second one complete.
    expect(fx.sandbox.imports().filter((i) => i.fileName === 'clientmaster_1201.csv').map((i) => i.processStatus)).toEqual(['complete', 'complete']);
  });
});

describe('true messages', () => {
  it('a 帳票種別ID 楽楽明細 does not have: the setting and the field are named, the file stays in its folder, Step 4 is pointed to', async () => {
    fx = await createFixture({ settings: (s) => ({ ...s, reports: s.reports.map((r) => (r.id === 'bill' ? { ...r, reportTypeId: 99 } : r)) }) });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    const s = await fx.run(BILL);
    const row = fx.engine.history.getRun(s.id)!.files.find((f) => f.kind === 'report')!;
    expect(row.state).toMatchObject({ state: 'failed', cause: 'setting' });
    const message = row.state.state === 'failed' ? row.state.problems[0]!.message : '';
    expect(message).toContain('帳票データ連携設定1 請求書 の 帳票種別ID（99）が楽楽明細にありません');
    expect(message).toContain('Step4');
    expect(message).not.toContain('「reportTypeId」列');
    // Left where the clerk put it: no move, no note, and the messages say so.
    expect((await fx.tree('billdata')).filter((p) => !p.startsWith('処理中'))).toEqual(['billdata_20261130.csv']);
    expect(s.message).toContain('元のフォルダのまま1件');
    expect(s.message).toContain('帳票種別ID（99）');
    const notice = runFinishedNotification(s)!;
    expect(notice.body).not.toContain('「エラー」フォルダ');
  });

  it('a 取込設定ID 楽楽明細 does not have is named as the customer setting\'s', async () => {
    fx = await createFixture({ settings: (s) => ({ ...s, customers: { ...s.customers, settingId: 999 } }) });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    const s = await fx.run({ kind: 'customers' });
    const row = fx.engine.history.getRun(s.id)!.files[0]!;
    expect(row.state.state === 'failed' && row.state.problems[0]!.message).toContain('顧客データ連携設定 の 取込設定ID（999）が楽楽明細にありません');
    expect((await fx.tree('clientmaster')).filter((p) => !p.startsWith('処理中'))).toEqual(['clientmaster_20261130.csv']);
  });

  it('maintenance: the file waits claimed in 処理中 for its resend, and the summary and the notification say so, never 「エラー」', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    fx.sandbox.faults.maintenance = '503';
    const s = await fx.run({ kind: 'customers' });
    expect(s.outcome).toBe('retry-wait');
    expect(s.message).toContain('1件再送待ち（「処理中」フォルダに1件）');
    expect(s.message).not.toContain('「エラー」フォルダ');
    expect(runFinishedNotification(s)!.body).toContain('「処理中」フォルダに1件');
    expect(runFinishedNotification(s)!.body).not.toContain('「エラー」フォルダ');
    expect(await fx.tree('clientmaster')).toEqual(['処理中/clientmaster_20261130.csv']);
  });

  it('a wrong token: the file never moved, and neither the summary nor the notification sends the clerk to 「エラー」', async () => {
    // The tenant knows another token than the one the agent sends.
    fx = await createFixture({ sandbox: { accounts: [defaultSandboxAccount({ token: 'T'.repeat(64) })] } });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    const s = await fx.run({ kind: 'customers' });
    expect(s.outcome).toBe('failed');
    expect(s.message).toContain('元のフォルダのまま1件');
    expect(s.message).not.toContain('「エラー」フォルダ');
    expect(runFinishedNotification(s)!.body).not.toContain('「エラー」フォルダ');
    expect((await fx.tree('clientmaster')).filter((p) => !p.startsWith('処理中'))).toEqual(['clientmaster_20261130.csv']);
  });

  it('the 同一内容 note gives the earlier import\'s time in local time and the button\'s words', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    await fx.run(BILL);
    await fx.place('billdata', 'billdata_20261130.csv', 'billdata_copy.csv');
    await fx.run(BILL);
    const note = (await fx.tree('billdata')).find((p) => p.endsWith('_同一内容.txt'))!;
    const text = await readFile(join(fx.root, 'billdata', note), 'utf8');
    expect(text).toMatch(/（\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}）で取り込み済みです/);
    expect(text).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
    expect(text).toContain('「同じ内容でも送信する」');
    expect(text).not.toContain('強制送信');
  });
});
