// The settings form a clerk fills on a laptop, in Debian's Chromium against the real app service:
// how many Tab stops it takes (help texts are not stops), that at 1024×640 the sticky save bar never
// hides the field in focus, colour contrast of at least 4.5:1 in light and dark (axe-core, plus the
// placeholders axe does not look at), full-width IDs normalised, every problem in one 保存, and
// dates that stay on one line.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../shared/ipc/contract';
import type { AppHost } from './host/app-host';
import type { StaticServer } from './host/static-server';
import type { WindowSession } from './host/window-session';
import { errorBeside, field, textOf, waitForText } from './host/window-helpers';
import { clerkSettings, fillFields, reportSetting, SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

const AXE_SOURCE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let scenario: Scenario;
let server: StaticServer;
let host: AppHost;
let session: WindowSession;
let axeSource: string;

/** A clerk's documents: three settings, one of them scheduled. */
const REPORTS = [
  reportSetting('請求書', 'billdata'),
  reportSetting('支払通知書', 'paydata', { timing: { mode: 'schedule', every: 'month', day: 25, hour: 9, businessDay: 'previous' } }),
  reportSetting('納品書', 'delivery', { timing: { mode: 'arrival' } }),
];

const invoke = <T>(channel: string, payload: unknown): Promise<T> => scenario.invoke<T>(channel, payload);

type FocusInfo = { readonly key: string; readonly label: string; readonly help: boolean; readonly inBar: boolean; readonly top: number; readonly bottom: number; readonly barTop: number };

/** Where focus is now: a key to see the cycle close, and its box against the save bar's. */
function focusInfo(page: Page): Promise<FocusInfo | null> {
  return page.evaluate(() => {
    type El = { id: string; tagName: string; className: string; textContent: string | null; getBoundingClientRect(): { top: number; bottom: number }; closest(s: string): unknown; getAttribute(n: string): string | null };
    const doc = (globalThis as unknown as { document: { activeElement: El | null; body: El; querySelector(s: string): El | null } }).document;
    const el = doc.activeElement;
    if (el === null || el === doc.body) return null;
    const r = el.getBoundingClientRect();
    const bar = doc.querySelector('.save-bar')?.getBoundingClientRect();
    const label = el.id || el.getAttribute('aria-label') || (el.textContent ?? '').trim().slice(0, 30);
    return {
      key: `${el.tagName}#${el.id}|${el.getAttribute('aria-label') ?? ''}|${(el.textContent ?? '').trim().slice(0, 30)}`,
      label,
      help: el.className.includes('help-button') || el.tagName === 'SUMMARY',
      inBar: el.closest('.save-bar') !== null,
      top: r.top,
      bottom: r.bottom,
      barTop: bar?.top ?? Number.POSITIVE_INFINITY,
    };
  });
}

/** Tabs from the top of the page until focus comes round again; every stop on the way. */
async function tabStops(page: Page): Promise<FocusInfo[]> {
  // From the first stop of the page (the skip link), as after opening the window.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.locator('.skip-link').focus();
  const first = await focusInfo(page);
  const stops: FocusInfo[] = first === null ? [] : [first];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const info = await focusInfo(page);
    if (info === null || (stops.length > 0 && info.key === stops[0]?.key)) break;
    stops.push(info);
  }
  return stops;
}

async function openEveryCard(page: Page): Promise<void> {
  for (;;) {
    const closed = page.getByRole('button', { name: /を開いて編集$/ });
    if ((await closed.count()) === 0) return;
    await closed.first().click();
  }
}

/** axe-core's colour-contrast rule on the page as it is now, in light and in dark. */
async function contrastViolations(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Injected through the debugger protocol, so the page's CSP (no inline script) stays as shipped.
    await page.evaluate(`${axeSource}\n;0`);
    const result = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: string[]; any: { message: string }[] }[] }[]; passes: { nodes: unknown[] }[] }> } }).axe;
      const r = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'rule', values: ['color-contrast'] } });
      return { violations: r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any.map((a) => a.message).join(' ')}`)), checked: r.passes.reduce((a, p) => a + p.nodes.length, 0) };
    });
    expect(result.checked, `${where} ${scheme}: axe checked nothing`).toBeGreaterThan(10);
    found.push(...result.violations.map((v) => `${where} ${scheme}: ${v}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Placeholder text against its field, which axe does not check: the ratio of the worst one. */
async function worstPlaceholderContrast(page: Page): Promise<number> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { querySelectorAll(s: string): ArrayLike<unknown> };
      getComputedStyle(e: unknown, pseudo?: string): { color: string; backgroundColor: string };
    };
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    const luminance = (css: string) => {
      const [r = 0, gr = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return 0.2126 * channel(r) + 0.7152 * channel(gr) + 0.0722 * channel(b);
    };
    let worst = Number.POSITIVE_INFINITY;
    for (const input of Array.from(g.document.querySelectorAll('input[placeholder]'))) {
      const fg = luminance(g.getComputedStyle(input, '::placeholder').color);
      const bg = luminance(g.getComputedStyle(input).backgroundColor);
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      worst = Math.min(worst, ratio);
    }
    return worst;
  });
}

beforeAll(async () => {
  axeSource = await readFile(AXE_SOURCE_PATH, 'utf8');
  scenario = await startScenario();
  ({ server, host, session } = scenario);
  await invoke<SettingsView>('settings:save', { settings: clerkSettings(host.rootDir, host.sandboxUrl, REPORTS), newToken: host.sandboxToken });
  for (const folder of ['clientmaster', 'billdata', 'paydata', 'delivery']) await mkdir(join(host.rootDir, folder), { recursive: true });
  await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(host.rootDir, 'clientmaster', 'clientmaster_20261130.csv'));
  await invoke('agent:start', undefined);
});

afterAll(async () => {
  await scenario?.close();
});

describe('a calmer form', () => {
  it('takes the keyboard through the fields, not through 説明: Tab stops counted for the whole form', async () => {
    const { page } = session;
    await page.goto(`${server.url}#/settings`);
    await page.getByRole('heading', { name: /Step1/ }).waitFor();
    const closed = await tabStops(page);
    await openEveryCard(page);
    const open = await tabStops(page);
    // The figures for the report (the first landing had 97 stops, 32 of them 説明).
    console.info(`Tab stops: ${closed.length} with the saved cards closed, ${open.length} with every card open`);
    expect(open.filter((s) => s.help)).toEqual([]);
    expect(closed.length).toBeLessThan(open.length);
    // Every field of every card is reachable.
    for (const i of [0, 1, 2]) expect(open.some((s) => s.label === `f-reports-${i}-approvalFlowId`), `card ${i}`).toBe(true);
    // The help is still there for a screen reader (described by) and a mouse (the ？ button).
    expect(await field(page, 'reports.0.reportTypeId').getAttribute('aria-describedby')).toContain('f-reports-0-reportTypeId-help');
    const help = page.locator('#f-reports-0-reportTypeId-help');
    expect(await help.isHidden()).toBe(true);
    await page.locator('[data-help-for="f-reports-0-reportTypeId-help"]').click();
    expect(await textOf(help)).toContain('帳票種別IDの確認方法については、「帳票の設定」を参照ください。');
    await page.getByLabel('説明をすべて表示（マニュアルの説明）').check();
    expect(await page.locator('#f-customers-settingId-help').isVisible()).toBe(true);
    await page.getByLabel('説明をすべて表示（マニュアルの説明）').uncheck();
  });

  it('at 1024×640 the sticky save bar never hides the field in focus', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1024, height: 640 });
    try {
      await page.reload();
      await page.getByRole('heading', { name: /Step1/ }).waitFor();
      await openEveryCard(page);
      const stops = await tabStops(page);
      expect(stops.length).toBeGreaterThan(60);
      const hidden = stops.filter((s) => !s.inBar && (s.bottom > s.barTop || s.top < 0)).map((s) => `${s.label} (${Math.round(s.top)}–${Math.round(s.bottom)}, bar at ${Math.round(s.barTop)})`);
      expect(hidden).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1000, height: 800 });
    }
  });

  it('placeholders read as examples and look like placeholders', async () => {
    const { page } = session;
    await page.reload();
    await page.getByRole('button', { name: '＋ 帳票データ連携設定を追加' }).click();
    expect(await field(page, 'reports.3.reportTypeId').getAttribute('placeholder')).toBe('例: 14');
    expect(await field(page, 'reports.3.folder').getAttribute('placeholder')).toBe('例: billdata');
    expect(await field(page, 'reports.3.name').getAttribute('placeholder')).toBe('例: 請求書');
    const style = await field(page, 'reports.3.name').evaluate((el) => {
      const g = globalThis as unknown as { getComputedStyle(e: unknown, p?: string): { color: string; fontStyle: string } };
      return { placeholder: g.getComputedStyle(el, '::placeholder'), text: g.getComputedStyle(el) };
    });
    expect(style.placeholder.fontStyle).toBe('italic');
    expect(style.placeholder.color).not.toBe(style.text.color);
  });

  it('normalises full-width IDs (１４ → 14) and trims them, and saves them so', async () => {
    const { page } = session;
    await fillFields(page, { 'reports.3.name': '見積書', 'reports.3.reportTypeId': '１４', 'reports.3.folder': 'estimate', 'reports.3.filePrefix': 'estimate', 'reports.3.approvalFlowId': '　３　' });
    await page.keyboard.press('Tab');
    expect(await field(page, 'reports.3.reportTypeId').inputValue()).toBe('14');
    expect(await field(page, 'reports.3.approvalFlowId').inputValue()).toBe('3');
    await field(page, 'customers.settingId').fill('７');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    expect(await waitForText(page.getByTestId('save-status'), /保存しました。/)).toBe('保存しました。');
    const saved = await invoke<SettingsView>('settings:get', undefined);
    expect(saved.reports[3]).toMatchObject({ name: '見積書', reportTypeId: 14, approvalFlowId: 3 });
    expect(saved.customers.settingId).toBe(7);
  });

  it('one 保存 shows every problem, the overlap of two settings included', async () => {
    const { page } = session;
    await page.getByRole('button', { name: '＋ 帳票データ連携設定を追加' }).click();
    // A copy of 請求書's folder and prefix (both would claim the same files), no name, a bad ID.
    await fillFields(page, { 'reports.4.reportTypeId': 'abc', 'reports.4.folder': 'billdata', 'reports.4.filePrefix': 'billdata_2026', 'agent.proxyUrl': 'proxy:8080' });
    // A saved card emptied and closed again: its error opens it.
    await page.getByRole('button', { name: '帳票データ連携設定3（納品書）を開いて編集' }).click();
    await field(page, 'reports.2.folder').fill('');
    await page.getByRole('button', { name: '帳票データ連携設定3（納品書）を閉じる' }).click();
    expect(await field(page, 'reports.2.folder').count()).toBe(0);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const summary = page.locator('#error-summary');
    expect(await textOf(summary.locator('h2'))).toContain('（5件）。保存していません。');
    expect(await textOf(errorBeside(page, 'reports.2.folder'))).toMatch(/フォルダ名を入力してください/);
    expect(await textOf(errorBeside(page, 'reports.4.filePrefix'))).toMatch(/Step4 帳票データ連携設定1（フォルダ「billdata」、ファイル名「billdata」）と重なっています/);
    expect(await textOf(errorBeside(page, 'reports.4.name'))).toMatch(/帳票名を入力してください/);
    expect(await textOf(errorBeside(page, 'reports.4.reportTypeId'))).toMatch(/帳票種別IDは1以上の整数/);
    expect(await textOf(errorBeside(page, 'agent.proxyUrl'))).toMatch(/プロキシURL/);
    // With the errors on screen: contrast in both themes (error colours included).
    expect(await contrastViolations(page, 'settings with errors')).toEqual([]);
    session.answerDialogs(true);
    await page.getByRole('button', { name: '変更を破棄' }).click();
  });

  it('has contrast of at least 4.5:1 in light and dark on every screen (axe-core), placeholders too', async () => {
    const { page } = session;
    await page.goto(`${server.url}#/settings`);
    await page.getByRole('heading', { name: /Step1/ }).waitFor();
    await openEveryCard(page);
    await page.getByLabel('説明をすべて表示（マニュアルの説明）').check();
    const violations = await contrastViolations(page, 'settings');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const ratio = await worstPlaceholderContrast(page);
      console.info(`Worst placeholder contrast, ${scheme}: ${ratio.toFixed(2)}:1`);
      expect(ratio, `placeholders ${scheme}`).toBeGreaterThanOrEqual(4.5);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('説明をすべて表示（マニュアルの説明）').uncheck();

    // A run with a failed file, for the history screens.
    await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_20261130.csv'));
    await writeFile(join(host.rootDir, 'billdata', 'billdata_ragged.csv'), Buffer.from('a,b\r\n1\r\n'));
    const saved = await invoke<SettingsView>('settings:get', undefined);
    const { id: runId } = await scenario.runFromTray({ kind: 'report', reportId: saved.reports[0]?.id as string });

    await page.goto(`${server.url}#/waiting`);
    await page.locator('section.waiting-group[data-target]').first().waitFor();
    violations.push(...(await contrastViolations(page, 'waiting')));
    await page.goto(`${server.url}#/history`);
    await page.locator(`tr[data-run-id="${runId}"]`).waitFor();
    violations.push(...(await contrastViolations(page, 'history')));
    await page.goto(`${server.url}#/history/${runId}`);
    // A failed file with its advice (the customers of 取込設定ID 7 fail first on this tenant).
    await page.locator('li[data-file-name] .what-to-do').first().waitFor();
    violations.push(...(await contrastViolations(page, 'run detail')));
    expect(violations).toEqual([]);
  });

  it('dates read 2026/11/30 and stay on one line at 1024 px', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1024, height: 640 });
    try {
      for (const hash of ['#/history', '#/waiting']) {
        await page.goto(`${server.url}${hash}`);
        await page.locator('td.date-cell').first().waitFor();
        const cells = await page.locator('td.date-cell').evaluateAll((tds) =>
          tds.map((td) => {
            const doc = (globalThis as unknown as { document: { createRange(): { selectNodeContents(n: unknown): void; getClientRects(): ArrayLike<{ top: number }> } } }).document;
            const range = doc.createRange();
            range.selectNodeContents(td);
            const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
            return { text: td.textContent ?? '', lines: lines.size };
          }),
        );
        for (const c of cells) {
          expect(c.text, hash).toMatch(/^\d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2}$/);
          expect(c.lines, `${hash} ${c.text}`).toBe(1);
        }
      }
    } finally {
      await page.setViewportSize({ width: 1000, height: 800 });
    }
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
