// Issue 11's corrected re-export in Debian's Chromium against the real app service, runner, SQLite
// history and sandbox: what the clerk SEES. The month goes out; the clerk fixes one amount in the ERP
// and exports the month again under a new name (twice, by mistake, with another fix). The run detail
// shows each as 要確認（一部送信済み） with 「一部が送信済みです（7行中6行）」, the overlapping lines
// (line, earlier run, file, time) and three answers; すべて新規発行で送信 warns that the customers
// would receive those invoices twice; 差替発行 asks first, then the corrected invoices replace the old
// ones on the 楽楽明細 side (each once); 送信しない files the other under エラー. Files and lines are
// counted in the run and in the list.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPage, RunDetail } from '../../shared/run';
import type { SettingsView } from '../../shared/ipc/contract';
import type { AppHost } from './host/app-host';
import type { WindowSession } from './host/window-session';
import { goTo, textOf, waitForText } from './host/window-helpers';
import { clerkSettings, reportSetting, SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

let scenario: Scenario;
let host: AppHost;
let session: WindowSession;
let billId: string;
let firstRun: RunDetail;
let heldRun: RunDetail;

const invoke = <T>(channel: string, payload: unknown): Promise<T> => scenario.invoke<T>(channel, payload);

/** The sample month with one amount corrected: C0002's (line 4) or C0005's (line 8). */
async function correctedExport(name: string, customer: 'C0002' | 'C0005'): Promise<void> {
  const text = iconv.decode(await readFile(join(SAMPLES_DIR, 'billdata_20261130.csv')), 'cp932');
  const fixed = customer === 'C0002'
    ? text.replace('C0002,1,33000,2026年12月31日,2026年11月,資材レンタル料,No.000003,33000,', 'C0002,1,36300,2026年12月31日,2026年11月,資材レンタル料,No.000003,36300,')
    : text.replace('C0005,1,110000,', 'C0005,1,121000,').replace('No.000007,110000,', 'No.000007,121000,');
  expect(fixed).not.toBe(text);
  await writeFile(join(host.rootDir, 'billdata', name), iconv.encode(fixed, 'cp932'));
}

const liveInvoices = () => host.sandbox.documents().filter((d) => d.replacedBy === null);
const fileItem = (name: string) => session.page.locator(`section.run-detail li[data-file-name="${name}"]`);

beforeAll(async () => {
  scenario = await startScenario();
  ({ host, session } = scenario);
  const saved = await invoke<SettingsView>('settings:save', { settings: clerkSettings(host.rootDir, host.sandboxUrl, [reportSetting('請求書', 'billdata')]), newToken: host.sandboxToken });
  billId = saved.reports[0]?.id as string;
  for (const folder of ['clientmaster', 'billdata']) await mkdir(join(host.rootDir, folder), { recursive: true });
  await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(host.rootDir, 'clientmaster', 'clientmaster_20261130.csv'));
  await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_20261130.csv'));
  await invoke('agent:start', undefined);
  await session.open();
});

afterAll(async () => {
  await scenario?.close();
});

describe('a corrected re-export in the window', () => {
  it('is shown as 要確認（一部送信済み） with 7行中6行 and the overlapping lines, and three answers', async () => {
    const { page } = session;
    firstRun = await scenario.runFromTray({ kind: 'report', reportId: billId });
    expect(firstRun.outcome).toBe('success');
    await correctedExport('billdata_20261130_訂正.csv', 'C0002');
    await correctedExport('billdata_20261130_訂正2.csv', 'C0005');
    heldRun = await scenario.runFromTray({ kind: 'report', reportId: billId });
    expect(heldRun.outcome).toBe('attention');
    await page.goto(`${scenario.server.url}#/history/${heldRun.id}`);
    const item = fileItem('billdata_20261130_訂正.csv');
    expect(await textOf(item.locator('.badge').first())).toBe('要確認（一部送信済み）');
    expect(await textOf(item.getByTestId('overlap-summary'))).toBe('一部が送信済みです（7行中6行）');
    expect(await textOf(item.locator('.file-lines'))).toBe('7行');
    // The lines: where they are in this file, and which earlier file carried them (the changed line 4 is not listed).
    const rows = item.locator('.overlap-lines tbody tr');
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['2', '3', '5', '6', '7', '8']);
    const [, earlier, file, when] = await rows.first().locator('td').allTextContents();
    expect(earlier).toBe('実行の詳細');
    expect(file).toBe('billdata_20261130.csv');
    expect(when).toMatch(/^\d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2}$/);
    expect(await rows.first().getByRole('link').getAttribute('href')).toBe(`#/history/${firstRun.id}`);
    // What happened and what to do, in the note's words; then the three answers, 差替発行 first.
    expect(await textOf(item.locator('.cause'))).toContain('以前に送信した帳票データと同じ行が含まれているため');
    const choices = item.getByRole('group', { name: 'どうするか選んでください' });
    expect(await choices.getByRole('button').allTextContents()).toEqual(['差替発行として送信', '送信しない', 'すべて新規発行で送信…']);
    // Counted in the run: files and lines.
    expect(await textOf(page.getByRole('region', { name: '帳票データ（請求書）' }).locator('h3'))).toBe('帳票データ（請求書）（2件・14行）');
    expect(await textOf(page.locator('header [data-badge="attention"]'))).toBe('要確認 2件');
    await session.capture('history-overlap');
  });

  it('すべて新規発行で送信 warns that the customers would receive those invoices twice; declined, nothing is sent', async () => {
    const item = fileItem('billdata_20261130_訂正.csv');
    session.answerDialogs(false);
    await item.getByRole('button', { name: 'すべて新規発行で送信…' }).click();
    const warning = session.dialogs.at(-1);
    expect(warning?.message).toContain('送信済みの6行の帳票が、お客様にもう一度届きます（同じ請求書が二重に届きます）');
    expect(warning?.accepted).toBe(false);
    expect(host.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(1);
    expect(await item.getByRole('group', { name: 'どうするか選んでください' }).isVisible()).toBe(true);
    session.answerDialogs(true);
  });

  it('差替発行として送信 asks what the customers will see, then each invoice exists once, corrected', async () => {
    const { page } = session;
    const item = fileItem('billdata_20261130_訂正.csv');
    await item.getByRole('button', { name: '差替発行として送信' }).click();
    expect(session.dialogs.at(-1)?.message).toContain('お客様には訂正後の帳票が届き、前の帳票は差し替えられます');
    expect(await waitForText(item.getByTestId('overlap-resolved'), /差替発行として送信しました/)).toMatch(/^対応済み/);
    // The notice links to the run that sent it; it ends with the file imported as 差替発行.
    const link = page.locator('p.notice').getByRole('link', { name: 'その実行を見る' });
    const href = (await link.getAttribute('href')) ?? '';
    const runId = href.replace('#/history/', '');
    await expect.poll(async () => (await invoke<RunDetail | null>('history:get', { runId }))?.outcome ?? 'running', { timeout: 20_000 }).toBe('success');
    await link.click();
    const sent = fileItem('billdata_20261130_訂正.csv');
    expect(await waitForText(sent.locator('.badge').first(), /完了/)).toBe('完了');
    expect(await textOf(sent.locator('.issue-replace'))).toBe('差替発行');
    // On the 楽楽明細 side: five customers, one current invoice each, C0002's corrected.
    const perCustomer = new Map<string, number>();
    for (const d of liveInvoices()) perCustomer.set(d.customerCode, (perCustomer.get(d.customerCode) ?? 0) + 1);
    expect([...perCustomer.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(liveInvoices().find((d) => d.customerCode === 'C0002')?.lines[0]).toContain('36300');
  });

  it('送信しない files the other under エラー with a note; the run is settled', async () => {
    const { page } = session;
    await page.goto(`${scenario.server.url}#/history/${heldRun.id}`);
    const item = fileItem('billdata_20261130_訂正2.csv');
    await item.getByRole('button', { name: '送信しない' }).click();
    expect(await waitForText(item.getByTestId('overlap-resolved'), /送信しないことを選びました/)).toContain('「エラー」フォルダ');
    expect(await textOf(item.locator('.badge').first())).toBe('エラー');
    expect(await textOf(item.locator('.path'))).toMatch(/エラー/);
    expect(host.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(2);
    await expect.poll(async () => (await invoke<RunDetail>('history:get', { runId: heldRun.id })).outcome).not.toBe('attention');
    expect(await page.locator('header [data-badge="attention"]').count()).toBe(0);
  });

  it('the list counts each run’s files and lines', async () => {
    const { page } = session;
    await goTo(page, '実行履歴');
    const history = await invoke<HistoryPage>('history:list', {});
    const first = history.runs.find((r) => r.id === firstRun.id)!;
    expect(first.counts.lines).toBe(12);
    const row = page.locator(`tr[data-run-id="${firstRun.id}"]`);
    await row.waitFor();
    expect((await row.locator('td').allTextContents())[4]).toBe('ファイル2件・12行: 2件完了');
  });
});
