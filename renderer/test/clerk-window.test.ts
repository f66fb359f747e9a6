// Issue 13 in Debian's Chromium against the real app service, runner, SQLite history and sandbox:
// what the clerk SEES after each move. The window opens where main sends it (a notification's
// #/history/<runId>, the tray's #/history, a setting's #/settings/step4/<id>) and the header's
// badges lead to what they count; each failed or held file says what its _エラー内容.txt says; the
// 要確認 choice leads with checking 楽楽明細 and asks before a resend; a refusal clears once it is
// over; 今すぐ連携 shows n / m files with their lines, 中止, and the run it made.
import { copyFile, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVICE_RETRY_WAIT, importProcessName } from '../../shared/clerk-advice';
import type { RunDetail } from '../../shared/run';
import type { SettingsView } from '../../shared/ipc/contract';
import type { AppHost } from './host/app-host';
import type { StaticServer } from './host/static-server';
import type { WindowSession } from './host/window-session';
import { goTo, textOf, waitForText } from './host/window-helpers';
import { clerkSettings, reportSetting, SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

let scenario: Scenario;
let server: StaticServer;
let host: AppHost;
let session: WindowSession;
let saved: SettingsView;

const REPORTS = [
  // 承認しない: what it imports waits in 楽楽明細's 「承認依頼待ち」.
  reportSetting('請求書', 'billdata'),
  reportSetting('月末請求書', 'monthly', { approve: true, timing: { mode: 'schedule', every: 'month', day: 'last', hour: 9, businessDay: 'as-is' } }),
];

const invoke = <T>(channel: string, payload: unknown): Promise<T> => scenario.invoke<T>(channel, payload);

/** The sample bills with their month changed: new content each time (the same would be 同一内容). */
async function writeBills(name: string, month: string, change: (lines: string[]) => void = () => {}): Promise<void> {
  const text = iconv.decode(await readFile(join(SAMPLES_DIR, 'billdata_20261130.csv')), 'cp932').replaceAll('2026年11月', month);
  const lines = text.split('\r\n');
  change(lines);
  await writeFile(join(host.rootDir, 'billdata', name), iconv.encode(lines.join('\r\n'), 'cp932'));
}

const runFromTray = (reportId: string): Promise<RunDetail> => scenario.runFromTray({ kind: 'report', reportId });

/** The sections of an _エラー内容.txt: what happened (without the run id) and what to do. */
async function noteOf(folder: string, csvName: string): Promise<{ readonly summary: string; readonly whatToDo: string }> {
  const errorRoot = join(host.rootDir, folder, 'エラー');
  const noteName = csvName.replace(/\.csv$/, '_エラー内容.txt');
  // One dated folder per day; the run may have crossed midnight.
  const days = await readdir(errorRoot);
  const day = (await Promise.all(days.map(async (d) => ((await readdir(join(errorRoot, d))).includes(noteName) ? d : null)))).find((d) => d !== null);
  const text = (await readFile(join(errorRoot, day as string, noteName), 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.split('\r\n');
  const after = (heading: string) => lines[lines.indexOf(heading) + 1] ?? '';
  return { summary: after('【何が起きたか】').replace(/（実行 [^）]+）$/, ''), whatToDo: after('【どうすればよいか】') };
}

type Doc = { document: { activeElement: { id: string; textContent: string | null; tagName: string } | null } };

beforeAll(async () => {
  scenario = await startScenario();
  ({ server, host, session } = scenario);
  saved = await invoke<SettingsView>('settings:save', { settings: clerkSettings(host.rootDir, host.sandboxUrl, REPORTS), newToken: host.sandboxToken });
  for (const folder of ['clientmaster', 'billdata', 'monthly']) await mkdir(join(host.rootDir, folder), { recursive: true });
  await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(host.rootDir, 'clientmaster', 'clientmaster_20261130.csv'));
  await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_20261130.csv'));
  // Refused before sending: a line with fewer columns than the header.
  await writeFile(join(host.rootDir, 'billdata', 'billdata_ragged.csv'), iconv.encode('日付,顧客コード,請求金額\r\n2026年11月30日,C0001\r\n', 'cp932'));
  // Refused by 楽楽明細: a customer code it does not know.
  await writeBills('billdata_unknown.csv', '2026年10月', (lines) => {
    const i = lines.findIndex((l, n) => n > 0 && l.includes(',C0005,'));
    lines[i] = (lines[i] as string).replace(',C0005,', ',C9999,');
  });
  await invoke('agent:start', undefined);
  await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
});

afterAll(async () => {
  await scenario?.close();
});

const billId = () => saved.reports[0]?.id as string;
const monthlyId = () => saved.reports[1]?.id as string;
let firstRun: RunDetail;
let heldRun: RunDetail;
let maintRun: RunDetail;

describe('the window opens where it is sent', () => {
  it('a notification’s #/history/<runId> shows that run’s files; the tray’s #/history shows the list', async () => {
    const { page } = session;
    firstRun = await runFromTray(billId());
    expect(firstRun.outcome).toBe('partial');
    // A notification click opens the window at the run (a fresh window here).
    await page.goto(`${server.url}#/history/${firstRun.id}`);
    const detail = page.locator(`section.run-detail[data-run-id="${firstRun.id}"]`);
    await detail.getByRole('heading', { name: /^実行の詳細: 請求書 \d{4}\/\d{2}\/\d{2}/ }).waitFor();
    const shown = await detail.locator('li[data-file-name]').evaluateAll((items) => items.map((i) => i.getAttribute('data-file-name')));
    expect(shown.sort()).toEqual(firstRun.files.map((f) => f.fileName).sort());
    expect(await page.getByRole('navigation', { name: '画面' }).getByRole('button', { name: '実行履歴' }).getAttribute('aria-current')).toBe('page');

    // The tray's 実行履歴 on the window already open: main loads the new address into it.
    await page.goto(`${server.url}#/history`);
    await page.locator(`tr[data-run-id="${firstRun.id}"]`).waitFor();
    expect(await page.getByRole('heading', { name: '実行履歴', exact: true }).isVisible()).toBe(true);
    expect(await detail.count()).toBe(0);
    // Back goes to the run again, forward to the list.
    await page.goBack();
    await detail.getByRole('heading', { name: /^実行の詳細/ }).waitFor();
    await page.goForward();
    await page.locator(`tr[data-run-id="${firstRun.id}"]`).waitFor();
    // Moving inside the window writes the address, and focus lands on the new page's heading.
    await page.locator(`tr[data-run-id="${firstRun.id}"]`).getByRole('link', { name: /の詳細$/ }).click();
    await detail.getByRole('heading', { name: /^実行の詳細/ }).waitFor();
    expect(page.url()).toBe(`${server.url}#/history/${firstRun.id}`);
    expect(await page.evaluate(() => (globalThis as unknown as Doc).document.activeElement?.id)).toBe('run-detail-title');
    await goTo(page, '待機中のファイル');
    expect(page.url()).toBe(`${server.url}#/waiting`);
    await page.getByRole('heading', { name: '待機中のファイル' }).waitFor();
  });

  it('#/settings/step4/<id> opens that setting’s card in view; #/settings/step2 scrolls to Step2', async () => {
    const { page } = session;
    await page.goto(`${server.url}#/settings/step4/${monthlyId()}`);
    const toggle = page.getByRole('button', { name: '帳票データ連携設定2（月末請求書）を閉じる' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#f-reports-1-name').inputValue()).toBe('月末請求書');
    expect(await page.locator('[data-report-index="1"] h3').isVisible()).toBe(true);
    const inView = (selector: string) =>
      page.locator(selector).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < (globalThis as unknown as { innerHeight: number }).innerHeight;
      });
    await expect.poll(() => inView('[data-report-index="1"] h3')).toBe(true);
    // The other card stays a summary line.
    expect(await page.locator('[data-report-index="0"]').getByTestId('card-summary').isVisible()).toBe(true);
    await page.getByRole('navigation', { name: 'ステップ' }).getByRole('link', { name: 'Step2 エージェント' }).click();
    expect(page.url()).toBe(`${server.url}#/settings/step2`);
    await expect.poll(() => inView('#step2 h2')).toBe(true);
  });

  it('the header’s エラーあり and 要確認 badges open the list of what they count', async () => {
    const { page } = session;
    await goTo(page, '実行履歴');
    // エラーあり: 請求書's latest run had errors.
    const errors = page.locator('header [data-badge="errors"]');
    expect(await textOf(errors)).toBe('エラーあり 1件');
    await errors.click();
    await page.getByRole('heading', { name: '最新の実行でエラーがあった連携設定' }).waitFor();
    expect(page.url()).toBe(`${server.url}#/history?view=latest-errors`);
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')))).toEqual([firstRun.id]);

    // 要確認: the connection drops after 楽楽明細 received a file.
    await writeBills('billdata_held.csv', '2026年12月');
    host.sandbox.faults.dropAfterBody = 1;
    host.sandbox.faults.match = /^POST .*reports\/imports$/;
    const held = await runFromTray(billId());
    heldRun = held;
    host.sandbox.faults.match = null;
    expect(held.outcome).toBe('attention');
    const attention = page.locator('header [data-badge="attention"]');
    expect(await waitForText(attention, /要確認 1件/)).toBe('要確認 1件');
    await attention.click();
    expect(page.url()).toBe(`${server.url}#/history?outcome=attention`);
    await page.locator(`tr[data-run-id="${held.id}"]`).waitFor();
    expect(await page.locator('tbody tr td:nth-child(4)').allTextContents()).toEqual(['要確認']);
    expect(await page.getByLabel('結果').inputValue()).toBe('attention');
    // Its run is now 請求書's latest, and it has no errors: エラーあり is gone.
    await page.locator('header [data-badge="errors"]').waitFor({ state: 'detached' });
  });
});

describe('next steps everywhere', () => {
  it('each failed file shows the cause and 【どうすればよいか】 of its _エラー内容.txt; a lineless error is a sentence', async () => {
    const { page } = session;
    await page.goto(`${server.url}#/history/${firstRun.id}`);
    for (const name of ['billdata_ragged.csv', 'billdata_unknown.csv']) {
      const item = page.locator(`li[data-file-name="${name}"]`);
      const note = await noteOf('billdata', name);
      expect(note.summary.length, name).toBeGreaterThan(5);
      expect(await textOf(item.locator('.cause')), name).toBe(note.summary);
      expect(await textOf(item.locator('.what-to-do p')), name).toBe(note.whatToDo);
    }
    // フォルダを開く: the setting's folder, where エラー and its notes are; a missing one says so.
    const customers = page.getByRole('region', { name: '顧客データ' });
    const folder = join(host.rootDir, 'clientmaster');
    await rename(folder, `${folder}.moved`);
    try {
      await customers.getByRole('button', { name: '顧客データのフォルダを開く' }).click();
      expect(await textOf(customers.locator('.folder-error'))).toContain(`フォルダが見つかりません: ${folder}`);
    } finally {
      await rename(`${folder}.moved`, folder);
    }
    await customers.getByRole('button', { name: '顧客データのフォルダを開く' }).click();
    await customers.locator('.folder-error').waitFor({ state: 'detached' });
    // 楽楽明細 in maintenance for a while: the file never left; it waits as 再送待ち, the reason a
    // sentence (not a row), when the agent tries again said, and nothing asked of the clerk.
    await writeBills('billdata_maint.csv', '2027年1月');
    host.sandbox.faults.maintenance = '503';
    host.sandbox.faults.match = /^POST .*reports\/imports$/;
    maintRun = await runFromTray(billId());
    expect(maintRun.outcome).toBe('retry-wait');
    await page.goto(`${server.url}#/history/${maintRun.id}`);
    const item = page.locator('li[data-file-name="billdata_maint.csv"]');
    // (An automatic resend may be under way as the page opens; the history event brings it back.)
    expect(await waitForText(item.locator('.badge'), /^再送待ち$/)).toBe('再送待ち');
    expect(await textOf(item.locator('.cause'))).toMatch(/メンテナンス/);
    expect(await item.locator('table.problems').count()).toBe(0);
    expect(await textOf(item.getByTestId('retry-next'))).toMatch(/^次回の自動送信: \d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2}（これまで\d+回送信し、楽楽明細に届きませんでした）。\d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2}まで自動で再送します。$/);
    expect(await textOf(item.locator('.what-to-do p'))).toBe(ADVICE_RETRY_WAIT);
    expect(await waitForText(page.locator('header [data-badge="retry-wait"]'), /^再送待ち 1件（次回 /)).toMatch(/\d+:\d{2}）$/);
  });

  it('results read as a clerk says them: 承認待ち with where to approve, 同一内容のため送信せず', async () => {
    const { page } = session;
    // The maintenance ends: the waiting file goes by itself, and its run ends 完了; 請求書 is 承認しない.
    host.sandbox.faults.maintenance = null;
    host.sandbox.faults.match = null;
    await expect.poll(async () => (await invoke<RunDetail>('history:get', { runId: maintRun.id })).outcome, { timeout: 30_000 }).toBe('success');
    await page.locator('header [data-badge="retry-wait"]').waitFor({ state: 'detached' });
    const ok = await invoke<RunDetail>('history:get', { runId: maintRun.id });
    await page.goto(`${server.url}#/history/${ok.id}`);
    expect(await textOf(page.locator('.run-meta .badge'))).toBe('完了（承認待ち）');
    expect(await textOf(page.getByTestId('approval-note'))).toContain('楽楽明細の「承認依頼待ち」で承認してください');
    // The same bills exported again under another name.
    await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_again.csv'));
    const dup = await runFromTray(billId());
    expect(dup.outcome).toBe('nothing');
    await page.goto(`${server.url}#/history`);
    const row = page.locator(`tr[data-run-id="${dup.id}"]`);
    await row.waitFor();
    expect(await textOf(row.locator('td:nth-child(4)'))).toBe('同一内容のため送信せず');
    expect(await textOf(row.locator('td:nth-child(5)'))).toBe('ファイル1件: 同一内容1件');
  });
});

describe('a safer 要確認 choice', () => {
  it('leads with checking 楽楽明細 (name to copy, time sent), and asks before a resend what a duplicate means', async () => {
    const { page } = session;
    const run = heldRun;
    await page.goto(`${server.url}#/history/${run.id}`);
    const flow = page.getByRole('group', { name: '楽楽明細で確認する' });
    await page.locator('section.run-detail li[data-file-name]').first().waitFor();
    await flow.waitFor();
    // The safe way first: the check, the copy, 送信済みにする; 再送する last and secondary.
    expect(await flow.getByRole('button').allTextContents()).toEqual(['処理名をコピー', '送信済みにする', '再送する…']);
    expect(await flow.getByRole('button', { name: '再送する…' }).getAttribute('class')).toBe('secondary');
    // Exactly the name the import carried to 楽楽明細 (what the clerk finds in its 取込履歴): short,
    // the run's local start time and its number.
    const name = String(host.sandbox.imports().find((i) => i.fileName === 'billdata_held.csv')!.json.importProcessName);
    expect(name).toMatch(/^明細コネクタ \d{1,2}\/\d{1,2} \d{2}:\d{2} #\d+$/);
    expect(name).toBe(importProcessName(new Date(run.startedAt), Number(name.split('#')[1])));
    expect(await flow.getByLabel('次の処理名の取込があるか探します:').inputValue()).toBe(name);
    expect(await textOf(flow.locator('.hint'))).toMatch(/^送信した時間: \d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2}〜/);
    await flow.getByRole('button', { name: '処理名をコピー' }).click();
    expect(await textOf(flow.locator('.copy-result'))).toBe('コピーしました');
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(name);

    const sent = () => host.sandbox.imports().filter((i) => i.fileName === 'billdata_held.csv').length;
    expect(sent()).toBe(1);
    session.answerDialogs(false);
    await flow.getByRole('button', { name: '再送する…' }).click();
    await expect.poll(() => session.dialogs.at(-1)?.message).toContain(`「${name}」がないことを確認しましたか？`);
    expect(session.dialogs.at(-1)?.message).toContain('お客様に同じ請求書が二度届きます');
    expect(await flow.isVisible()).toBe(true);
    expect(sent()).toBe(1);
    session.answerDialogs(true);
    await flow.getByRole('button', { name: '再送する…' }).click();
    expect(await textOf(page.locator('.notice'))).toContain('再送信を受け付けました。');
    await expect.poll(sent).toBe(2);
    expect(await waitForText(page.getByTestId('held-resolved'), /再送信しました/)).toMatch(/^対応済み（\d{4}\/\d{2}\/\d{2}/);
  });
});

describe('stale messages clear', () => {
  it('「エージェントが停止しています」 goes once the agent is started again', async () => {
    const { page } = session;
    await invoke('agent:stop', undefined);
    await page.goto(`${server.url}#/waiting`);
    await page.locator('.agent-status', { hasText: 'エージェント停止中' }).waitFor();
    const bills = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定1（請求書）' }) });
    await bills.getByRole('button', { name: '帳票データ連携設定1（請求書）を今すぐ連携' }).click();
    expect(await textOf(bills.getByTestId('run-error'))).toMatch(/エージェントが停止しています/);
    await page.getByTestId('stopped-banner').getByRole('button', { name: '起動' }).click();
    await page.locator('.agent-status', { hasText: 'エージェント稼働中' }).waitFor();
    await bills.getByTestId('run-error').waitFor({ state: 'detached' });
  });
});

describe('progress', () => {
  it('今すぐ連携 shows n / m files and their lines, 中止 between files, and links to the run', async () => {
    const { page } = session;
    for (const [i, month] of ['2027年2月', '2027年3月', '2027年4月'].entries()) await writeBills(`billdata_p${i + 1}.csv`, month);
    await page.goto(`${server.url}#/waiting`);
    const bills = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定1（請求書）' }) });
    for (const i of [1, 2, 3]) await waitForText(bills.locator(`tr[data-waiting-file="billdata_p${i}.csv"]`), /送信できます/);
    // 楽楽明細 holds the first import's state answer until the run is cancelled.
    host.sandbox.faults.latencyMs = 600_000;
    host.sandbox.faults.match = /^GET .*reports\/imports\/\d+\/state$/;
    try {
      await bills.getByRole('button', { name: '帳票データ連携設定1（請求書）を今すぐ連携' }).click();
      await waitForText(bills.locator('[data-progress-file="billdata_p1.csv"] .badge'), /取込中/);
      expect(await textOf(bills.getByTestId('run-count'))).toMatch(/^連携しています: 0 \/ 3 ファイル・\d+行$/);
      expect(await textOf(bills.locator('[data-progress-file="billdata_p1.csv"] .muted'))).toMatch(/^\d+行$/);
      const cancel = bills.getByRole('button', { name: '帳票データ連携設定1（請求書）の連携を中止' });
      expect(await textOf(bills.locator('.cancel-note'))).toContain('次のファイルに進む前に');
      await cancel.click();
      expect(await waitForText(bills.getByTestId('run-finished'), /^中止: /)).toContain('中止しました');
    } finally {
      host.sandbox.faults.latencyMs = 0;
      host.sandbox.faults.match = null;
    }
    expect(await textOf(bills.getByTestId('run-count'))).toBe(`1 / 3 ファイル・${await linesOf('billdata_p1.csv')}行`);
    // Files 2 and 3 were never sent and still wait in the folder.
    expect(host.sandbox.imports().filter((i) => /billdata_p[23]\.csv/.test(i.fileName))).toHaveLength(0);
    await bills.locator('tr[data-waiting-file="billdata_p2.csv"]').waitFor();
    await bills.getByTestId('run-link').click();
    await page.getByRole('heading', { name: /^実行の詳細: 請求書/ }).waitFor();
    expect(await textOf(page.locator('.run-meta .badge'))).toBe('中止');
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});

async function linesOf(fileName: string): Promise<number> {
  const text = iconv.decode(await readFile(join(host.rootDir, 'billdata', fileName)).catch(() => Buffer.from('')), 'cp932');
  if (text === '') {
    // Moved aside already: count from the sandbox's copy.
    const sent = host.sandbox.imports().find((i) => i.fileName === fileName);
    return (sent?.text ?? '').split('\r\n').filter((l) => l !== '').length - 1;
  }
  return text.split('\r\n').filter((l) => l !== '').length - 1;
}
