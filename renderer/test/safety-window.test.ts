// The window's face of issue 11's true messages, in Debian's Chromium against the real handlers,
// runner and sandbox: a 帳票種別ID 楽楽明細 does not have is shown as the setting's error (naming the
// setting and the field, pointing to the settings screen), not as a CSV column, and the file is
// said to be — and is — still in its folder.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVICE_FIX_SETTING, HEADLINE_SETTING } from '../../shared/clerk-advice';
import type { AppHost } from './host/app-host';
import type { WindowSession } from './host/window-session';
import { textOf } from './host/window-helpers';
import { clerkSettings, reportSetting, SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

let scenario: Scenario;
let host: AppHost;
let session: WindowSession;
let billId = '';

beforeAll(async () => {
  scenario = await startScenario();
  ({ host, session } = scenario);
  const saved = await scenario.invoke<{ reports: { id: string }[] }>('settings:save', {
    settings: clerkSettings(host.rootDir, host.sandboxUrl, [reportSetting('請求書', 'billdata', { reportTypeId: 99 })]),
    newToken: host.sandboxToken,
  });
  billId = saved.reports[0]!.id;
  for (const folder of ['clientmaster', 'billdata']) await mkdir(join(host.rootDir, folder), { recursive: true });
  await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(host.rootDir, 'clientmaster', 'clientmaster_20261130.csv'));
  await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_20261130.csv'));
  await scenario.invoke('agent:start', undefined);
  await session.open();
});

afterAll(async () => {
  await scenario?.close();
});

describe('a setting 楽楽明細 refuses', () => {
  it('is shown as the setting\'s error with where to fix it, and the file is still in its folder', async () => {
    const run = await scenario.runFromTray({ kind: 'report', reportId: billId });
    expect(run.outcome).toBe('partial');
    expect(run.message).toContain('元のフォルダのまま1件');
    const { page } = session;
    await page.goto(`${scenario.server.url}#/history/${run.id}`);
    const item = page.locator('li[data-file-name="billdata_20261130.csv"]');
    await item.waitFor();
    expect(await textOf(item.locator('.badge'))).toBe('エラー');
    expect(await textOf(item.locator('.cause'))).toBe(HEADLINE_SETTING);
    expect(await textOf(item.locator('.problem-sentences li'))).toContain('帳票データ連携設定1 請求書 の 帳票種別ID（99）が楽楽明細にありません');
    expect(await item.locator('table.problems').count()).toBe(0);
    expect(await textOf(item.locator('.what-to-do p'))).toBe(ADVICE_FIX_SETTING);
    expect((await readdir(join(host.rootDir, 'billdata'))).filter((n) => n.endsWith('.csv'))).toEqual(['billdata_20261130.csv']);
  });
});
