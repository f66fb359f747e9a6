// 「サポート用情報を保存」 in Debian's Chromium against the real app service: the clerk clicks the
// button in 連携設定 → サポート, main's (stand-in) save dialog answers a path, and the window says
// where the zip went; the zip holds the settings and the history and not the token.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_ENTRIES } from '../../electron/core/support/support-bundle';
import { readZip } from '../../electron/core/support/test-support/read-zip';
import type { AppHost } from './host/app-host';
import type { WindowSession } from './host/window-session';
import { goTo, waitForText } from './host/window-helpers';
import { clerkSettings, reportSetting, startScenario, type Scenario } from './window-scenario';

let scenario: Scenario;
let host: AppHost;
let session: WindowSession;

beforeAll(async () => {
  scenario = await startScenario();
  ({ host, session } = scenario);
  await scenario.invoke('settings:save', { settings: clerkSettings(host.rootDir, host.sandboxUrl, [reportSetting('請求書', 'billdata')]), newToken: host.sandboxToken });
  await session.open();
});

afterAll(async () => {
  await scenario?.close();
});

describe('サポート用情報を保存 in the window', () => {
  it('saves the zip where the dialog said and shows the path; the token is not in it', async () => {
    const { page } = session;
    await goTo(page, '連携設定');
    const section = page.locator('#support');
    await section.getByRole('button', { name: 'サポート用情報を保存…' }).click();
    const shown = await waitForText(section.getByRole('status'), /保存しました/);
    const file = shown.replace(/^保存しました:\s*/, '').trim();
    expect(file).toMatch(/明細コネクタ_サポート用情報_\d{8}-\d{4}\.zip$/);
    expect(existsSync(file)).toBe(true);
    const entries = await readZip(file);
    expect(JSON.parse(entries.get(BUNDLE_ENTRIES.settings)!.toString('utf8')).reports[0].name).toBe('請求書');
    for (const [name, bytes] of entries) expect(bytes.toString('utf8').includes(host.sandboxToken), name).toBe(false);
    expect(session.problems).toEqual([]);
  });
});
