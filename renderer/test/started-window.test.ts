// Issue 10's "started, folders, nothing silent" half in Debian's Chromium against the real app
// service, agent, watcher, runner and sandbox — what the clerk SEES: the first save that completes
// the settings makes the folders and starts the agent (and says both); a stopped agent is a warning
// across the header with 起動, and 次回の実行 says it will not run; 待機中のファイル lists the files
// that will not be sent with the reason, and when the waiting ones go; a file of the history is
// shown where it is now.
import { copyFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../shared/ipc/contract';
import type { AgentStatus, RunDetail } from '../../shared/run';
import type { AppHost } from './host/app-host';
import type { WindowSession } from './host/window-session';
import { field, goTo, textOf, waitForText } from './host/window-helpers';
import { SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

let scenario: Scenario;
let host: AppHost;
let session: WindowSession;

const invoke = <T>(channel: string, payload: unknown): Promise<T> => scenario.invoke<T>(channel, payload);
const saved = async () => (await invoke<SettingsView | null>('settings:get', undefined))!;
const billId = async () => (await saved()).reports[0]!.id;

beforeAll(async () => {
  scenario = await startScenario();
  ({ host, session } = scenario);
  await session.open();
});

afterAll(async () => {
  await scenario?.close();
});

describe('started means started', () => {
  it('before any save the header says the agent is stopped and that saving Step1–4 starts it', async () => {
    const banner = session.page.getByTestId('stopped-banner');
    expect(await textOf(banner)).toContain('エージェントが停止しています。');
    expect(await textOf(banner)).toContain('Step1〜4を入力して保存すると、エージェントが起動します');
  });

  it('the first save makes the missing folders and starts the agent, and says so', async () => {
    const { page } = session;
    await field(page, 'meisai.url').fill(host.sandboxUrl);
    await field(page, 'meisai.apiToken').fill(host.sandboxToken);
    await page.getByRole('button', { name: 'フォルダを選択…' }).click();
    await expect.poll(() => field(page, 'agent.root').inputValue()).toBe(host.rootDir);
    await field(page, 'customers.folder').fill('clientmaster');
    await field(page, 'customers.filePrefix').fill('clientmaster');
    await page.getByRole('button', { name: '＋ 帳票データ連携設定を追加' }).click();
    await page.locator('#f-reports-0-timing-mode-schedule').check();
    await field(page, 'reports.0.timing.every').selectOption('month');
    await field(page, 'reports.0.timing.day').selectOption('25');
    await field(page, 'reports.0.timing.hour').selectOption('9');
    await field(page, 'reports.0.name').fill('請求書');
    await field(page, 'reports.0.reportTypeId').fill('14');
    await field(page, 'reports.0.folder').fill('billdata');
    await field(page, 'reports.0.filePrefix').fill('billdata');
    // Said before saving: the folders that do not exist yet will be made.
    expect(await textOf(page.locator('.folders-note'))).toContain('まだないフォルダ');

    await page.getByRole('button', { name: '保存', exact: true }).click();
    expect(await waitForText(page.getByTestId('save-status'), /保存しました。/)).toBe('保存しました。');
    const created = await page.getByTestId('created-folders').locator('li').allTextContents();
    expect(created).toEqual([join(host.rootDir, 'clientmaster'), join(host.rootDir, 'billdata')]);
    for (const f of created) expect((await stat(f)).isDirectory()).toBe(true);
    expect(await textOf(page.getByTestId('agent-started'))).toBe('エージェントを起動しました。スケジュール実行とファイル配置時の連携を行います。');
    // The header follows: running, no warning.
    await page.locator('.agent-status', { hasText: 'エージェント稼働中' }).waitFor();
    expect(await page.getByTestId('stopped-banner').count()).toBe(0);
    const status = await invoke<AgentStatus>('agent:status', undefined);
    expect(status.agent.state).toBe('idle');
  });

  it('stopped: a warning across the header with 起動, and 次回の実行 says it will not run; 起動 clears both', async () => {
    const { page } = session;
    await invoke('agent:stop', undefined); // the tray's 停止
    const banner = page.getByTestId('stopped-banner');
    expect(await waitForText(banner, /停止中は/)).toContain('停止中は、スケジュール実行もファイル配置時の連携も行われません');
    const summary = page.locator('[data-report-index="0"]').getByTestId('card-summary');
    expect(await waitForText(summary, /停止中のため実行されません/)).toMatch(/次回の実行停止中のため実行されません（起動すると \d{4}年\d{1,2}月25日\(.\) 09:00）/);
    await session.captureElement('.app-header', 'header-stopped');

    await banner.getByRole('button', { name: '起動' }).click();
    await page.locator('.agent-status', { hasText: 'エージェント稼働中' }).waitFor();
    await banner.waitFor({ state: 'detached' });
    expect(await waitForText(summary, /\d{4}年/)).not.toContain('停止中');
  });
});

describe('nothing silent', () => {
  it('待機中のファイル lists the files that will not be sent, each with why, and when the waiting ones go', async () => {
    const { page } = session;
    const bills = join(host.rootDir, 'billdata');
    await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(host.rootDir, 'clientmaster', 'clientmaster_20261130.csv'));
    await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(bills, 'billdata_20261130.csv'));
    // What a clerk's export may look like when it will not go.
    await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(bills, '請求データ_1130.csv'));
    await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(bills, 'billdata.CSV.txt'));
    await writeFile(join(bills, '~$billdata_1201.csv'), '');
    await goTo(page, '待機中のファイル');
    const group = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定1（請求書）' }) });
    await waitForText(group.locator('tr[data-waiting-file="billdata_20261130.csv"]'), /送信できます/);
    const ignored = group.getByTestId('ignored-files');
    await ignored.locator('tr[data-ignored-file="~$billdata_1201.csv"]').waitFor();
    const rows = await ignored.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-ignored-file'), tr.lastElementChild?.textContent ?? '']));
    expect(Object.fromEntries(rows)).toEqual({
      '請求データ_1130.csv': 'ファイル名が「billdata」で始まっていません（ファイル名は前方一致です）',
      'billdata.CSV.txt': '拡張子が「.csv」ではありません',
      '~$billdata_1201.csv': '一時ファイルです（Excelなどが作業中に作るファイルや、コピー途中のファイル）',
    });
    expect(await textOf(ignored.locator('h4'))).toBe('このフォルダにあっても送信しないファイル（3件）');
    // The waiting file goes at the next slot — or now.
    const note = await textOf(group.getByTestId('schedule-note'));
    expect(note).toMatch(/このフォルダのファイルは、次回のスケジュール実行（\d{4}\/\d{2}\/25\(.\) 09:00）で送信します。すぐに送る場合は「今すぐ連携」を押してください。$/);
    expect(await group.getByRole('button', { name: '帳票データ連携設定1（請求書）を今すぐ連携' }).isEnabled()).toBe(true);
    await session.captureElement('section.waiting-group[data-target]:nth-of-type(2)', 'waiting-ignored');
  });

  it('ファイルを表示 shows one file of a run where it is now', async () => {
    const { page } = session;
    const run = await scenario.runFromTray({ kind: 'report', reportId: await billId() });
    const bill = run.files.find((f) => f.fileName === 'billdata_20261130.csv')!;
    expect(bill.currentPath).toContain('処理済み');
    await page.goto(`${session.page.url().split('#')[0]}#/history/${run.id}`);
    const item = page.locator(`section.run-detail[data-run-id="${run.id}"] li[data-file-name="billdata_20261130.csv"]`);
    await item.getByRole('button', { name: 'billdata_20261130.csv をフォルダで表示' }).click();
    await expect.poll(() => host.shownFiles.at(-1)).toBe(bill.currentPath);
    expect(await item.getByTestId('show-file-note').count()).toBe(0);
    const detail = await invoke<RunDetail>('history:get', { runId: run.id });
    expect(detail.files.map((f) => f.fileName)).toContain('billdata_20261130.csv');
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
