// 再送待ち and customers-before-documents in Debian's Chromium against the real app service, runner,
// SQLite history and sandbox: what the clerk sees while 楽楽明細 is in maintenance (the header's
// 再送待ち badge with the next attempt, leading to the runs that wait; each file with its next
// attempt and reason) and once it is over (the badge gone, the same run 完了); and documents held
// (保留) by a refused customer file, released with 「顧客データを待たずに送信する」 after a question.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVICE_CUSTOMER_HOLD, CUSTOMER_HOLD_REASON } from '../../shared/clerk-advice';
import type { RunDetail } from '../../shared/run';
import type { SettingsView } from '../../shared/ipc/contract';
import type { AppHost } from './host/app-host';
import type { StaticServer } from './host/static-server';
import type { WindowSession } from './host/window-session';
import { textOf, waitForText } from './host/window-helpers';
import { clerkSettings, reportSetting, SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

const BAD_SAMPLES = join(SAMPLES_DIR, '../../test/fixtures/samples/bad');

let scenario: Scenario;
let server: StaticServer;
let host: AppHost;
let session: WindowSession;
let saved: SettingsView;

const invoke = <T>(channel: string, payload: unknown): Promise<T> => scenario.invoke<T>(channel, payload);
const billId = () => saved.reports[0]?.id as string;
const place = (from: string, folder: string, name: string) => copyFile(from, join(host.rootDir, folder, name));

beforeAll(async () => {
  scenario = await startScenario();
  ({ server, host, session } = scenario);
  saved = await invoke<SettingsView>('settings:save', { settings: clerkSettings(host.rootDir, host.sandboxUrl, [reportSetting('請求書', 'billdata')]), newToken: host.sandboxToken });
  for (const folder of ['clientmaster', 'billdata']) await mkdir(join(host.rootDir, folder), { recursive: true });
  await invoke('agent:start', undefined);
  await session.open();
});

afterAll(async () => {
  await scenario?.close();
});

describe('再送待ち', () => {
  it('the header counts the waiting files with the next attempt and leads to their runs; once 楽楽明細 is back the same run ends 完了', async () => {
    const { page } = session;
    await place(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), 'clientmaster', 'clientmaster_20261130.csv');
    await place(join(SAMPLES_DIR, 'billdata_20261130.csv'), 'billdata', 'billdata_20261130.csv');
    host.sandbox.faults.maintenance = 'html';
    const run = await scenario.runFromTray({ kind: 'report', reportId: billId() });
    expect(run.outcome).toBe('retry-wait');

    const badge = page.locator('header [data-badge="retry-wait"]');
    expect(await waitForText(badge, /^再送待ち 2件（次回 \d+\/\d+\(.\) \d+:\d{2}）$/)).toBeTruthy();
    await badge.click();
    expect(page.url()).toBe(`${server.url}#/history?outcome=retry-wait`);
    const row = page.locator(`tr[data-run-id="${run.id}"]`);
    expect(await waitForText(row.locator('td:nth-child(4)'), /再送待ち/)).toBe('再送待ち');
    expect(await textOf(row.locator('td:nth-child(5)'))).toMatch(/2件再送待ち/);
    await row.getByRole('link', { name: /の詳細$/ }).click();
    const customers = page.locator('li[data-file-name="clientmaster_20261130.csv"]');
    const bills = page.locator('li[data-file-name="billdata_20261130.csv"]');
    expect(await waitForText(customers.locator('.badge'), /^再送待ち$/)).toBe('再送待ち');
    expect(await textOf(customers.locator('.cause'))).toBe('楽楽明細がメンテナンス中でした（データは届いていません）。');
    expect(await textOf(customers.getByTestId('retry-next'))).toMatch(/^次回の自動送信: .+（これまで\d+回送信し、楽楽明細に届きませんでした）。.+まで自動で再送します。$/);
    // The documents wait behind their customers, never sent into the maintenance.
    expect(await textOf(bills.locator('.cause'))).toBe('先に送る顧客データが再送待ちのため、顧客データの送信の後に送ります。');
    expect(await textOf(bills.getByTestId('retry-next'))).toContain('まだ送信していません');
    await session.capture('history-retry-wait');

    // Maintenance over: nothing to click. The same run ends 完了 and the badge goes.
    host.sandbox.faults.maintenance = null;
    await badge.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await waitForText(page.locator('.run-meta .badge'), /^完了/)).toMatch(/^完了/);
    expect(await waitForText(bills.locator('.badge'), /^完了$/)).toBe('完了');
    expect((await invoke<RunDetail>('history:get', { runId: run.id })).message).toBe('請求書: 2件完了');
    expect(host.sandbox.imports().map((i) => i.kind)).toEqual(['customers', 'reports']);
  });
});

describe('customers before documents', () => {
  it('a refused customer file holds the documents (保留); 「顧客データを待たずに送信する」 asks first, then sends them', async () => {
    const { page } = session;
    // A new customer export the pre-flight refuses, and next month's bills.
    await place(join(BAD_SAMPLES, 'clientmaster_not_cp932.csv'), 'clientmaster', 'clientmaster_20261231.csv');
    // December's bills: new content (November's again would be 同一内容).
    const november = iconv.decode(await readFile(join(SAMPLES_DIR, 'billdata_20261130.csv')), 'cp932');
    await writeFile(join(host.rootDir, 'billdata', 'billdata_20261231.csv'), iconv.encode(november.replaceAll('2026年11月', '2026年12月'), 'cp932'));
    const run = await scenario.runFromTray({ kind: 'report', reportId: billId() });
    expect(run.files.map((f) => [f.kind, f.state.state])).toEqual([['customers', 'failed'], ['report', 'skipped']]);

    await page.goto(`${server.url}#/history/${run.id}`);
    const held = page.locator('li[data-file-name="billdata_20261231.csv"]');
    expect(await textOf(held.locator('.badge'))).toBe('保留');
    expect(await textOf(held.locator('.cause'))).toContain(CUSTOMER_HOLD_REASON);
    expect(await textOf(held.locator('.cause'))).toContain('clientmaster_20261231.csv');
    expect(await textOf(held.locator('.what-to-do p'))).toBe(ADVICE_CUSTOMER_HOLD);
    const release = held.getByRole('button', { name: '顧客データを待たずに送信する' });
    await session.capture('history-customer-hold');

    // No: nothing sent, still held.
    const billImports = () => host.sandbox.imports().filter((i) => i.fileName === 'billdata_20261231.csv').length;
    session.answerDialogs(false);
    await release.click();
    await expect.poll(() => session.dialogs.at(-1)?.message).toContain('登録されていない顧客コードの行はエラーになります');
    expect(billImports()).toBe(0);
    // Yes: the documents go now, in a run of their own, linked from the notice.
    session.answerDialogs(true);
    await release.click();
    expect(await waitForText(page.locator('.notice'), /顧客データ「clientmaster_20261231\.csv」を待たずに送信します。/)).toContain('その実行を見る');
    await expect.poll(billImports, { timeout: 30_000 }).toBe(1);
    await page.locator('.notice').getByRole('link', { name: 'その実行を見る' }).click();
    expect(await waitForText(page.locator('section.run-detail li[data-file-name="billdata_20261231.csv"] .badge'), /^完了$/)).toBe('完了');
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
