// The settings window in Debian's Chromium against the real main-side handlers (settings store,
// token store, history database, agent, runner, sandbox): only Electron's IPC transport is replaced.
// Scenarios: every validation error at its field with nothing saved; 接続テスト OK and wrong token;
// Step 1–4 filled from empty, saved and still there after a reload; unsaved changes ask first.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../shared/ipc/contract';
import type { AgentStatus } from '../../shared/run';
import { formatDateTime } from '../src/form/describe-timing';
import type { AppHost } from './host/app-host';
import type { WindowSession } from './host/window-session';
import { errorBeside, field, goTo, textOf, waitForText } from './host/window-helpers';
import { fillFields, SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

let scenario: Scenario;
let host: AppHost;
let session: WindowSession;

beforeAll(async () => {
  scenario = await startScenario();
  ({ host, session } = scenario);
});

afterAll(async () => {
  await scenario?.close();
});

async function savedSettings(): Promise<SettingsView | null> {
  const r = (await host.dispatch('settings:get', undefined, true)) as { ok: boolean; value: SettingsView | null };
  expect(r.ok).toBe(true);
  return r.value;
}

describe('settings window', () => {
  it('shows each validation error beside its field, in Japanese, and saves nothing', async () => {
    const { page } = session;
    await session.open();
    expect(await savedSettings()).toBeNull();

    await fillFields(page, {
      'meisai.url': 'http://example.com/acme/backadmin',
      'meisai.apiToken': 'abc-123',
      'agent.proxyUrl': 'proxy.local:8080',
      'customers.settingId': 'abc',
      'customers.folder': 'client/master',
    });
    await page.getByRole('button', { name: '＋ 帳票データ連携設定を追加' }).click();
    await fillFields(page, { 'reports.0.reportTypeId': '0', 'reports.0.approvalFlowId': '承認' });
    await page.getByRole('button', { name: '保存', exact: true }).click();

    const expected: Record<string, RegExp> = {
      'meisai.url': /「楽楽明細」URLは「https:\/\/」で始まる必要があります/,
      'meisai.apiToken': /APIトークンは英数字だけです/,
      'agent.root': /ファイルの配置場所を入力してください/,
      'agent.proxyUrl': /プロキシURLは http:\/\/ または https:\/\/ で始まるURL/,
      'customers.settingId': /取込設定IDは1以上の整数で入力してください/,
      'customers.folder': /フォルダ名に「\\ \/ : \* \? " < > \|」は使えません/,
      'customers.filePrefix': /ファイル名を入力してください/,
      'reports.0.name': /帳票名を入力してください/,
      'reports.0.reportTypeId': /帳票種別IDは1以上の整数で入力してください/,
      'reports.0.folder': /フォルダ名を入力してください/,
      'reports.0.filePrefix': /ファイル名を入力してください/,
      'reports.0.approvalFlowId': /承認フローIDは1以上の整数で入力してください/,
    };
    for (const [path, message] of Object.entries(expected)) {
      expect(await textOf(errorBeside(page, path)), path).toMatch(message);
      expect(await field(page, path).getAttribute('aria-invalid'), path).toBe('true');
      expect(await field(page, path).getAttribute('aria-describedby'), path).toContain(`${path.replace(/\./g, '-')}-error`);
    }
    // The summary lists the same problems, in the order of the form, and says nothing was saved.
    const summary = page.locator('#error-summary');
    expect(await textOf(summary.locator('h2'))).toContain(`（${Object.keys(expected).length}件）。保存していません。`);
    const items = await summary.locator('li').allTextContents();
    expect(items[0]).toMatch(/^Step1: 「楽楽明細」URL/);
    expect(items.at(-1)).toMatch(/^Step4 帳票データ連携設定1: 承認フローID/);
    // The summary's links move focus to the field.
    await summary.getByRole('link', { name: /取込設定ID/ }).click();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('f-customers-settingId');

    expect(await savedSettings()).toBeNull();
    // Fixing a field clears its error at once (errors follow the typing after the first save).
    await field(page, 'customers.settingId').fill('');
    await errorBeside(page, 'customers.settingId').waitFor({ state: 'detached' });
    await session.capture('settings-errors');
  });

  it('tests the connection against the sandbox: OK, wrong token, wrong URL, maintenance, naming the route', async () => {
    const { page } = session;
    await field(page, 'meisai.url').fill(`${host.sandboxUrl}backadmin`);
    // The normalised URL is shown as the clerk types: /backadmin removed.
    expect(await textOf(page.getByTestId('url-preview'))).toContain(host.sandboxUrl);
    await field(page, 'meisai.apiToken').fill(host.sandboxToken);
    await page.getByRole('button', { name: '接続テスト' }).click();
    const ok = page.locator('.connection-result [data-outcome="ok"]');
    expect(await textOf(ok)).toMatch(/接続できました/);
    expect(await textOf(ok)).toContain(`接続先: ${host.sandboxUrl}`);
    expect(await textOf(ok)).toMatch(/経路: /);

    await field(page, 'meisai.apiToken').fill('WrongToken0123456789');
    await page.getByRole('button', { name: '接続テスト' }).click();
    const bad = page.locator('.connection-result [data-outcome="bad-token"]');
    expect(await textOf(bad)).toMatch(/APIトークンが正しくありません/);
    // A tenant that does not exist (wrong account in the URL), then 楽楽明細 under maintenance.
    await field(page, 'meisai.apiToken').fill(host.sandboxToken);
    await field(page, 'meisai.url').fill(host.sandboxUrl.replace('/sandbox/', '/nosuchaccount/'));
    await page.getByRole('button', { name: '接続テスト' }).click();
    expect(await textOf(page.locator('.connection-result [data-outcome="bad-url"]'))).toMatch(/「楽楽明細」URLが正しくありません/);
    await field(page, 'meisai.url').fill(host.sandboxUrl);
    host.sandbox.faults.maintenance = '503';
    try {
      await page.getByRole('button', { name: '接続テスト' }).click();
      expect(await textOf(page.locator('.connection-result [data-outcome="maintenance"]'))).toMatch(/「楽楽明細」はメンテナンス中です/);
    } finally {
      host.sandbox.faults.maintenance = null;
    }
    // The token typed is masked unless the clerk asks to see it.
    expect(await field(page, 'meisai.apiToken').getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: '表示' }).click();
    expect(await field(page, 'meisai.apiToken').getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: '隠す' }).click();
    expect(await savedSettings()).toBeNull();
  });

  it('fills Step 1–4 from empty, saves, and shows the same settings after a reload', async () => {
    const { page } = session;
    await page.reload();
    await page.getByRole('heading', { name: /Step1/ }).waitFor();
    // Step1
    await field(page, 'meisai.url').fill(`${host.sandboxUrl}backadmin/index`);
    await field(page, 'meisai.apiToken').fill(host.sandboxToken);
    // Step2: the folder picker answers with the host's folder (the OS dialog is main's business).
    // The agent's id is made when the settings are first saved.
    expect(await field(page, 'agent.id').inputValue()).toBe('（保存時に作成されます）');
    await page.getByRole('button', { name: 'フォルダを選択…' }).click();
    await waitForValue(field(page, 'agent.root'), host.rootDir);
    await page.getByLabel('サインイン時に自動で起動する').uncheck();
    await page.getByLabel('ネットワークドライブのため、フォルダを定期的に確認する').check();
    // Step3
    const hint = page.locator('#f-customers-settingId-hint');
    expect(await textOf(hint)).toContain('取込設定IDの値が最も小さい取込フォーマット設定が適用されます');
    await field(page, 'customers.folder').fill('clientmaster');
    await field(page, 'customers.filePrefix').fill('clientmaster');
    await page.locator('#f-customers-overwriteInUse-yes').check();
    await page.locator('#f-customers-overwriteWithBlank-no').check();
    // Step4: three settings, then a duplicate removed and a reorder, as a clerk tidies up.
    const add = page.getByRole('button', { name: '＋ 帳票データ連携設定を追加' });
    await add.click();
    await page.locator('#f-reports-0-timing-mode-manual').check();
    await field(page, 'reports.0.name').fill('請求書');
    await field(page, 'reports.0.reportTypeId').fill('14');
    await field(page, 'reports.0.folder').fill('billdata');
    await field(page, 'reports.0.filePrefix').fill('billdata');
    await page.locator('#f-reports-0-approve-yes').check();
    await field(page, 'reports.0.approvalFlowId').fill('1');
    expect(await textOf(page.locator('.field', { has: field(page, 'reports.0.approvalFlowId') }).locator('.warning'))).toContain('「承認をスキップする」にチェックを入れている承認フローIDだけが使えます');

    await add.click();
    await page.locator('#f-reports-1-timing-mode-schedule').check();
    await field(page, 'reports.1.timing.every').selectOption('month');
    await field(page, 'reports.1.timing.day').selectOption('31');
    await field(page, 'reports.1.timing.hour').selectOption('9');
    await field(page, 'reports.1.timing.businessDay').selectOption('previous');
    const timingHint = page.locator('[data-report-index="1"] fieldset#f-reports-1-timing-mode > .hint');
    expect(await textOf(timingHint)).toContain('設定内容: 毎月31日 9時（31日がない月は末日・土日祝日は前営業日）');
    expect(await textOf(timingHint)).toContain('31日がない月（2月・4月・6月・9月・11月）は、その月の末日に実行します。');
    await field(page, 'reports.1.name').fill('支払通知書');
    await field(page, 'reports.1.reportTypeId').fill('15');
    await field(page, 'reports.1.folder').fill('paydata');
    await field(page, 'reports.1.filePrefix').fill('pay');
    await page.locator('#f-reports-1-firstLine-read').check();

    await page.getByRole('button', { name: '帳票データ連携設定2（支払通知書）を複製' }).click();
    expect(await field(page, 'reports.2.name').inputValue()).toBe('支払通知書（コピー）');
    await page.getByRole('button', { name: '帳票データ連携設定3（支払通知書（コピー））を削除' }).click();
    expect(session.dialogs.at(-1)?.message).toContain('帳票データ連携設定3');
    await page.locator('[data-report-index="2"]').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '帳票データ連携設定2（支払通知書）を上へ移動' }).click();
    expect(await field(page, 'reports.0.name').inputValue()).toBe('支払通知書');
    await page.getByRole('button', { name: '帳票データ連携設定1（支払通知書）を下へ移動' }).click();
    expect(await field(page, 'reports.0.name').inputValue()).toBe('請求書');

    await page.getByRole('button', { name: '保存', exact: true }).click();
    expect(await waitForText(page.getByTestId('save-status'), /保存しました。/)).toBe('保存しました。');

    const saved = await savedSettings();
    expect(saved?.meisai.url).toBe(host.sandboxUrl);
    expect(saved?.meisai.token).toMatchObject({ saved: true, last4: host.sandboxToken.slice(-4) });
    expect(saved?.agent).toMatchObject({ root: host.rootDir, startAtLogin: false, pollFolders: true, notifications: true, proxyUrl: null });
    expect(saved?.customers).toMatchObject({ settingId: null, folder: 'clientmaster', filePrefix: 'clientmaster', overwriteInUse: true, overwriteWithBlank: false, firstLine: 'skip' });
    expect(saved?.reports.map((r) => r.name)).toEqual(['請求書', '支払通知書']);
    expect(saved?.reports[0]).toMatchObject({ reportTypeId: 14, approve: true, approvalFlowId: 1, timing: { mode: 'manual' } });
    expect(saved?.reports[1]).toMatchObject({ reportTypeId: 15, folder: 'paydata', filePrefix: 'pay', firstLine: 'read', timing: { mode: 'schedule', every: 'month', day: 31, hour: 9, businessDay: 'previous' } });

    // The clerk's exports arrive in the folders Step3/Step4 name.
    for (const folder of ['clientmaster', 'billdata', 'paydata']) await mkdir(join(host.rootDir, folder), { recursive: true });
    await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(host.rootDir, 'clientmaster', 'clientmaster_20261130.csv'));
    await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_20261130.csv'));
    // The save that completed the settings started the agent: the scheduler knows the next run.
    const started = (await host.dispatch('agent:status', undefined, true)) as { ok: boolean; value: AgentStatus };
    expect(started.ok && started.value.agent.state).toBe('idle');
    const nextAt = started.value.nextRuns.find((n) => n.reportId === saved?.reports[1]?.id)?.at;
    expect(nextAt).toBeTruthy();

    await page.reload();
    await page.getByRole('heading', { name: /Step1/ }).waitFor();
    await waitForValue(field(page, 'meisai.url'), host.sandboxUrl);
    expect(await field(page, 'agent.id').inputValue()).toBe(saved?.agent.id);
    // The saved token is never shown again, only its last 4 characters.
    expect(await field(page, 'meisai.apiToken').inputValue()).toBe('');
    expect(await textOf(page.locator('#f-meisai-apiToken-status'))).toContain(`保存済み（末尾 ${host.sandboxToken.slice(-4)}）`);
    expect(await page.content()).not.toContain(host.sandboxToken);
    expect(await field(page, 'agent.root').inputValue()).toBe(host.rootDir);
    expect(await page.getByLabel('サインイン時に自動で起動する').isChecked()).toBe(false);
    expect(await field(page, 'customers.folder').inputValue()).toBe('clientmaster');
    // Under ファイル名: the waiting files its prefix matches right now, following the typing.
    const matching = page.locator('#f-customers-filePrefix-hint');
    expect(await waitForText(matching, /clientmaster_20261130\.csv/)).toContain('いま当てはまるファイル（1件）');
    await field(page, 'customers.filePrefix').fill('clientmaster_2025');
    expect(await textOf(matching)).toBe('いま「clientmaster_2025」で始まるファイルはありません。');
    await field(page, 'customers.filePrefix').fill('clientmaster');
    // Saved document settings read as one line each (its next run from main's scheduler); the
    // fields open on demand.
    const card2 = page.locator('[data-report-index="1"]');
    expect(await card2.getByTestId('card-summary').locator('dd').allTextContents()).toEqual([
      '支払通知書',
      '毎月31日 9時（31日がない月は末日・土日祝日は前営業日）',
      'paydata（pay…）',
      formatDateTime(nextAt as string),
    ]);
    expect(await field(page, 'reports.0.name').count()).toBe(0);
    await page.getByRole('button', { name: '帳票データ連携設定1（請求書）を開いて編集' }).click();
    await page.getByRole('button', { name: '帳票データ連携設定2（支払通知書）を開いて編集' }).click();
    expect(await page.getByRole('button', { name: '帳票データ連携設定2（支払通知書）を閉じる' }).getAttribute('aria-expanded')).toBe('true');
    expect(await waitForText(page.locator('#f-reports-0-filePrefix-hint'), /billdata_20261130\.csv/)).toContain('（1件）');
    expect(await page.locator('#f-customers-overwriteInUse-yes').isChecked()).toBe(true);
    expect(await field(page, 'reports.0.name').inputValue()).toBe('請求書');
    expect(await field(page, 'reports.0.approvalFlowId').inputValue()).toBe('1');
    expect(await field(page, 'reports.1.timing.day').inputValue()).toBe('31');
    expect(await page.locator('#f-reports-1-firstLine-read').isChecked()).toBe(true);
    // Its next run comes from the agent's status (main's scheduler), in Japanese.
    const nextRun = await textOf(page.locator('[data-report-index="1"] [data-testid="next-run"]'));
    expect(nextRun).toBe(`次回の実行: ${formatDateTime(nextAt as string)}`);
    expect(nextRun).toMatch(/^次回の実行: \d{4}年\d{1,2}月\d{1,2}日\(.\) 09:00$/);
    expect(await textOf(page.getByTestId('save-status'))).toBe('変更はありません。');

    // 接続テスト with the saved token (nothing typed): the result stays on screen for the picture.
    await page.getByRole('button', { name: '接続テスト' }).click();
    expect(await textOf(page.locator('.connection-result [data-outcome="ok"]'))).toMatch(/接続できました/);
    await session.capture('settings');
    for (const step of ['step1', 'step2', 'step3', 'step4'] as const) await session.captureElement(`#${step}`, `settings-${step}`);
  });

  it('asks before leaving with unsaved changes, and keeps them when the clerk says no', async () => {
    const { page } = session;
    await field(page, 'customers.filePrefix').fill('clientmaster_2026');
    expect(await textOf(page.getByTestId('save-status'))).toBe('保存していない変更があります。');
    session.answerDialogs(false);
    await goTo(page, '実行履歴');
    expect(session.dialogs.at(-1)).toEqual({ message: '連携設定に保存していない変更があります。変更を破棄して移動しますか？', accepted: false });
    expect(await field(page, 'customers.filePrefix').inputValue()).toBe('clientmaster_2026');
    session.answerDialogs(true);
    await goTo(page, '実行履歴');
    await page.getByRole('heading', { name: '実行履歴', exact: true }).waitFor();
    await goTo(page, '連携設定');
    // Discarded: the saved value is back, and main still has it.
    await waitForValue(field(page, 'customers.filePrefix'), 'clientmaster');
    expect((await savedSettings())?.customers.filePrefix).toBe('clientmaster');
  });

  it('works from the keyboard with a visible focus, and reflows at 200% zoom', async () => {
    const { page } = session;
    await page.reload();
    await page.getByRole('heading', { name: /Step1/ }).waitFor();
    type Doc = { document: { activeElement: { id: string; textContent: string | null; tagName: string } | null } };
    const focused = () =>
      page.evaluate(() => {
        const el = (globalThis as unknown as Doc).document.activeElement;
        const style = el === null ? null : (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } }).getComputedStyle(el);
        return { id: el?.id ?? '', text: el?.textContent ?? '', tag: el?.tagName ?? '', outline: style === null ? 'none' : `${style.outlineStyle} ${style.outlineWidth}` };
      });
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('本文へ移動');
    await page.keyboard.press('Tab');
    const nav = await focused();
    expect(nav.text).toBe('連携設定');
    // The focus ring is drawn (3px), not left to the browser's default or removed.
    expect(nav.outline).toBe('solid 3px');
    // Tab order follows the form: the URL field comes before the token field, which comes before 表示.
    const order: string[] = [];
    for (let i = 0; i < 20 && !order.includes('f-meisai-apiToken'); i++) {
      await page.keyboard.press('Tab');
      order.push((await focused()).id);
    }
    expect(order.indexOf('f-meisai-url')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('f-meisai-url')).toBeLessThan(order.indexOf('f-meisai-apiToken'));
    // Radio groups move with the arrow keys.
    await page.getByRole('button', { name: '帳票データ連携設定1（請求書）を開いて編集' }).click();
    await page.locator('#f-reports-0-timing-mode-manual').focus();
    await page.keyboard.press('ArrowRight');
    expect((await focused()).id).toBe('f-reports-0-timing-mode-schedule');
    await page.keyboard.press('ArrowLeft');
    // 200% zoom of the 1000 px window = the same page laid out in 500 CSS px: nothing may need
    // sideways scrolling.
    await page.setViewportSize({ width: 500, height: 800 });
    const overflow = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBe(0);
    await session.capture('settings-zoom200');
    await page.setViewportSize({ width: 1000, height: 800 });
    expect(await textOf(page.getByTestId('save-status'))).toBe('変更はありません。');
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});

async function waitForValue(locator: Locator, value: string): Promise<void> {
  await locator.waitFor();
  for (;;) {
    if ((await locator.inputValue()) === value) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
