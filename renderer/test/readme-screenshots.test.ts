// The README's pictures, taken from a clerk's ordinary month on the real app service, runner, SQLite
// history and sandbox (nothing put into a store by hand): settings saved with a scheduled 請求書 and a
// 支払通知書 sent ファイル配置時; runs that ended 完了, 要確認 (the connection dropped after 楽楽明細
// had the file), 要確認（一部送信済み） (a corrected re-export) and 再送待ち (楽楽明細 in maintenance);
// a file waiting for the schedule beside two the agent will not send. Each screen is taken at the
// window sizes a clerk's PC gives it (1280×800, 1024×640), light and dark, and each picture checks
// what the clerk would notice going wrong: a sideways scroll bar, the screen's heading off screen or
// covered, the 要確認 explanation out of sight.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldCause } from '../../shared/clerk-advice';
import type { SettingsView } from '../../shared/ipc/contract';
import type { HistoryPage, RunDetail } from '../../shared/run';
import type { AppHost } from './host/app-host';
import { copyToDocs } from './host/docs-screenshots';
import { SCREENSHOT_DIR, type WindowSession } from './host/window-session';
import { goTo, textOf, waitForText } from './host/window-helpers';
import { clerkSettings, reportSetting, SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

const REPORTS = [
  reportSetting('請求書', 'billdata', { timing: { mode: 'schedule', every: 'month', day: 'last', hour: 9, businessDay: 'previous' } }),
  reportSetting('支払通知書', 'paydata', { reportTypeId: 15, filePrefix: 'paydata', timing: { mode: 'arrival' } }),
];

let scenario: Scenario;
let host: AppHost;
let session: WindowSession;
let saved: SettingsView;
let heldRun: RunDetail;
const taken: string[] = [];

const invoke = <T>(channel: string, payload: unknown): Promise<T> => scenario.invoke<T>(channel, payload);
const billId = () => saved.reports[0]?.id as string;

/** A sample export with its month changed: new content (the same content again would be 同一内容). */
async function writeExport(sample: string, folder: string, name: string, month: string, change: (text: string) => string = (t) => t): Promise<void> {
  const text = iconv.decode(await readFile(join(SAMPLES_DIR, sample)), 'cp932').replaceAll('2026年11月', month);
  const changed = change(text);
  await writeFile(join(host.rootDir, folder, name), iconv.encode(changed, 'cp932'));
}

/** Waits for the run a placed file started on its own (ファイル配置時) to end, and returns it. */
async function arrivalRunEnded(fileName: string, outcome: RunDetail['outcome']): Promise<RunDetail> {
  let found: RunDetail | null = null;
  await expect
    .poll(
      async () => {
        const page = await invoke<HistoryPage>('history:list', {});
        for (const run of page.runs.filter((r) => r.trigger === 'arrival')) {
          const detail = await invoke<RunDetail>('history:get', { runId: run.id });
          if (detail.files.some((f) => f.fileName === fileName)) found = detail;
        }
        return found?.outcome ?? 'none';
      },
      { timeout: 30_000 },
    )
    .toBe(outcome);
  return found as unknown as RunDetail;
}

beforeAll(async () => {
  scenario = await startScenario();
  ({ host, session } = scenario);
  // As a clerk leaves Step 2: started at sign-in, told of each run's result.
  const settings = clerkSettings(host.rootDir, host.sandboxUrl, REPORTS);
  saved = await invoke<SettingsView>('settings:save', { settings: { ...settings, agent: { ...settings.agent, startAtLogin: true, notifications: true } }, newToken: host.sandboxToken });
  for (const folder of ['clientmaster', 'billdata', 'paydata']) await mkdir(join(host.rootDir, folder), { recursive: true });
  // The window is open all along, as on a clerk's desk: 待機中のファイル follows each run's progress.
  await session.open();
});

afterAll(async () => {
  await scenario?.close();
});

// expect.poll (waiting for runs) works only inside a test: the month is the first one.
it('a clerk’s month: 完了 twice, 要確認, 要確認（一部送信済み）, and files waiting for the schedule', async () => {
  // 完了 (ファイル配置時): the customer master and November's payments arrive; the payments'
  // setting sends the customers first, then its own file.
  await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(host.rootDir, 'clientmaster', 'clientmaster_20261130.csv'));
  await copyFile(join(SAMPLES_DIR, 'paydata_20261130.csv'), join(host.rootDir, 'paydata', 'paydata_20261130.csv'));
  const payments = await arrivalRunEnded('paydata_20261130.csv', 'success');
  expect(payments.files.map((f) => [f.fileName, f.state.state])).toEqual([
    ['clientmaster_20261130.csv', 'done'],
    ['paydata_20261130.csv', 'done'],
  ]);

  // 完了 (手動): November's bills, sent from the tray ahead of the month-end schedule.
  await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_20261130.csv'));
  expect((await scenario.runFromTray({ kind: 'report', reportId: billId() })).outcome).toBe('success');

  // 要確認（一部送信済み）: November's bills exported again with C0002's amount corrected.
  await writeExport('billdata_20261130.csv', 'billdata', 'billdata_20261130_訂正.csv', '2026年11月', (t) =>
    t.replace('C0002,1,33000,2026年12月31日,2026年11月,資材レンタル料,No.000003,33000,', 'C0002,1,36300,2026年12月31日,2026年11月,資材レンタル料,No.000003,36300,'),
  );
  const overlap = await scenario.runFromTray({ kind: 'report', reportId: billId() });
  expect(overlap.files.map((f) => f.state.state)).toEqual(['overlap']);

  // 要確認: December's bills; the connection drops after 楽楽明細 received them.
  await writeExport('billdata_20261130.csv', 'billdata', 'billdata_20261231.csv', '2026年12月');
  host.sandbox.faults.match = /^POST .*reports\/imports$/;
  host.sandbox.faults.dropAfterBody = 1;
  heldRun = await scenario.runFromTray({ kind: 'report', reportId: billId() });
  host.sandbox.faults.match = null;
  expect(heldRun.files.map((f) => f.state.state)).toEqual(['held']);

  // Waiting for the month-end schedule: January's bills; beside them, two files the agent will not
  // send (a name that does not start with 「billdata」, and a name that does not end in .csv).
  await writeExport('billdata_20261130.csv', 'billdata', 'billdata_20270131.csv', '2027年1月');
  await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', '請求データ_1130.csv'));
  await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata.CSV.txt'));
});

type Doc = {
  document: {
    scrollingElement: { scrollWidth: number; clientWidth: number };
    elementFromPoint(x: number, y: number): unknown;
  };
  innerWidth: number;
  innerHeight: number;
};

/** How far the page scrolls sideways (0: not at all). */
const sidewaysScroll = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const s = (globalThis as unknown as Doc).document.scrollingElement;
    return s.scrollWidth - s.clientWidth;
  });

/**
 * Whether the element is wholly inside the window and not covered (the element at its centre is it
 * or inside it): what "the clerk can see it" means for a heading or a paragraph.
 */
async function onScreen(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const w = globalThis as unknown as Doc;
    const r = (el as unknown as { getBoundingClientRect(): { top: number; bottom: number; left: number; right: number } }).getBoundingClientRect();
    if (r.top < 0 || r.left < 0 || r.bottom > w.innerHeight || r.right > w.innerWidth || r.bottom <= r.top) return false;
    const hit = w.document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return hit === el || (el as unknown as { contains(n: unknown): boolean }).contains(hit);
  });
}

/** The lines an element's text takes on screen (distinct line boxes of its contents). */
const linesOf = (locator: Locator): Promise<number[]> =>
  locator.evaluateAll((els) =>
    els.map((el) => {
      const doc = (globalThis as unknown as { document: { createRange(): { selectNodeContents(n: unknown): void; getClientRects(): ArrayLike<{ top: number; height: number }> } } }).document;
      const range = doc.createRange();
      range.selectNodeContents(el);
      return new Set(Array.from(range.getClientRects()).filter((r) => r.height > 0).map((r) => Math.round(r.top))).size;
    }),
  );

interface Screen {
  /** The first part of the file name: settings-step1 → settings-step1-1280-light.png. */
  readonly name: string;
  /** Brings the screen up as the clerk does (and scrolls where they would); after each resize too. */
  show(page: Page): Promise<void>;
  /** What must be on screen: the heading first. */
  mustSee(page: Page): readonly Locator[];
  /** What else the clerk would see go wrong on this screen. */
  alsoCheck?(page: Page, name: string): Promise<void>;
}

/** The screen at each size and scheme: checked, then written to test-output/screenshots. */
async function takeScreen(screen: Screen): Promise<void> {
  const { page } = session;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await screen.show(page);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      const name = `${screen.name}-${viewport.width}-${scheme}`;
      expect(await sidewaysScroll(page), `${name}: scrolls sideways`).toBeLessThanOrEqual(0);
      for (const locator of screen.mustSee(page)) expect(await onScreen(locator), `${name}: ${String(locator)} on screen`).toBe(true);
      await screen.alsoCheck?.(page, name);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
      taken.push(name);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const scrollTop = (page: Page) => page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));

/** A step as its link in the form's step list shows it: scrolled to the step's heading. */
function settingsStep(n: 1 | 2 | 3 | 4, title: string, extra: (page: Page) => readonly Locator[] = () => []): Screen {
  return {
    name: `settings-step${n}`,
    async show(page) {
      await scrollTop(page);
      if (n > 1) await page.getByRole('navigation', { name: 'ステップ' }).getByRole('link', { name: new RegExp(`^Step${n} `) }).click();
      await page.getByRole('heading', { name: title, exact: true }).waitFor();
      // The link scrolls on the next frame.
      await page.evaluate(() => new Promise((r) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => r(null))));
    },
    mustSee: (page) => [page.getByRole('heading', { name: title, exact: true }), ...extra(page)],
  };
}

describe('README screenshots, 1280×800 and 1024×640, light and dark', () => {
  it('連携設定 Step1–4: the saved settings, with 接続テスト passed and a field’s help opened', async () => {
    const { page } = session;
    await goTo(page, '連携設定');
    await page.getByRole('button', { name: '接続テスト' }).click();
    const ok = page.locator('.connection-result [data-outcome="ok"]');
    expect(await textOf(ok)).toMatch(/接続できました/);
    await takeScreen(settingsStep(1, 'Step1. 「楽楽明細」API接続設定', () => [ok]));
    await takeScreen(settingsStep(2, 'Step2. エージェント設定'));
    // The manual's words for one field, opened with its 「？」.
    await page.locator('button.help-button[data-help-for="f-customers-settingId-help"]').click();
    const help = page.locator('#f-customers-settingId-help');
    expect(await textOf(help)).toContain('取込設定IDとは');
    await takeScreen(settingsStep(3, 'Step3. 顧客データ連携設定', () => [help.locator('p').first()]));
    // Saved settings read one line each; the scheduled one says when it runs next.
    const cards = page.locator('[data-report-index] [data-testid="card-summary"]');
    expect(await cards.nth(0).locator('dd').nth(1).textContent()).toBe('毎月末日 9時（土日祝日は前営業日）');
    expect(await cards.nth(1).locator('dd').nth(1).textContent()).toBe('ファイル配置時');
    // The scheduled one opened: its 連携タイミング in words and its next run, from main's scheduler.
    await page.getByRole('button', { name: '帳票データ連携設定1（請求書）を開いて編集' }).click();
    const timingHint = page.locator('[data-report-index="0"] fieldset#f-reports-0-timing-mode > .hint');
    expect(await textOf(timingHint)).toContain('設定内容: 毎月末日 9時（土日祝日は前営業日）');
    const nextRun = page.locator('[data-report-index="0"] [data-testid="next-run"]');
    expect(await textOf(nextRun)).toMatch(/^次回の実行: \d{4}年\d{1,2}月\d{1,2}日\(.\) 09:00$/);
    await takeScreen(settingsStep(4, 'Step4. 帳票データ連携設定', () => [nextRun]));
    expect(await textOf(page.getByTestId('save-status'))).toBe('変更はありません。');
  });

  it('実行履歴: 完了, 要確認, 要確認（一部送信済み） and 再送待ち side by side', async () => {
    const { page } = session;
    // 楽楽明細 goes into maintenance as December's payments arrive: their run waits to resend, and
    // stays waiting while the pictures are taken.
    host.sandbox.faults.maintenance = 'html';
    await writeExport('paydata_20261130.csv', 'paydata', 'paydata_20261231.csv', '2026年12月');
    await arrivalRunEnded('paydata_20261231.csv', 'retry-wait');
    await goTo(page, '実行履歴');
    const heading = page.getByRole('heading', { name: '実行履歴', exact: true });
    await heading.waitFor();
    const results = page.locator('tbody tr td:nth-child(4)');
    await waitForText(results, /再送待ち/);
    // 承認しない settings: what 楽楽明細 imported waits there for approval (完了（承認待ち）).
    // Polled: the 再送待ち run is retried every second or two, and its row is redrawn each time.
    await expect.poll(async () => new Set(await results.allTextContents())).toEqual(new Set(['完了（承認待ち）', '要確認', '再送待ち']));
    expect(await textOf(page.locator('header [data-badge="retry-wait"]'))).toMatch(/^再送待ち 1件/);
    await takeScreen({
      name: 'history',
      show: scrollTop,
      mustSee: () => [heading, page.locator('tbody tr').first()],
      // Neither 「詳細」 nor a setting's name (支払通知書) is broken a character or two a line.
      async alsoCheck(_page, name) {
        expect(await linesOf(page.locator('tbody tr td:last-child a')), `${name}: 詳細`).toEqual([1, 1, 1, 1, 1]);
        expect(await linesOf(page.locator('tbody tr td:nth-child(2)')), `${name}: 連携設定`).toEqual([1, 1, 1, 1, 1]);
      },
    });
  });

  it('実行履歴 → a 要確認 run’s detail: what happened and how to check 楽楽明細, on screen', async () => {
    const { page } = session;
    await page.locator(`tr[data-run-id="${heldRun.id}"]`).getByRole('link', { name: /の詳細$/ }).click();
    const heading = page.getByRole('heading', { name: /^実行の詳細: 請求書/ });
    await heading.waitFor();
    const held = page.locator('section.run-detail li[data-file-name="billdata_20261231.csv"]');
    const state = heldRun.files[0]?.state;
    const importName = state?.state === 'held' ? (state.importName ?? '') : '';
    expect(importName).toMatch(/^明細コネクタ \d{2}\/\d{2} \d{2}:\d{2} #\d+$/);
    const cause = held.locator('.cause');
    expect(await textOf(cause)).toBe(heldCause(state?.state === 'held' ? state.reason : '', importName));
    const check = held.getByRole('group', { name: '楽楽明細で確認する' });
    expect(await check.locator('input.import-name').inputValue()).toBe(importName);
    await takeScreen({ name: 'history-detail', show: scrollTop, mustSee: () => [heading, held.locator('.badge').first(), cause] });
  });

  it('待機中のファイル: a file waiting for the month-end schedule, two the agent will not send, a run waiting to resend', async () => {
    const { page } = session;
    await goTo(page, '待機中のファイル');
    const heading = page.getByRole('heading', { name: '待機中のファイル', exact: true });
    const bills = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定1（請求書）' }) });
    expect(await waitForText(bills.locator('tr[data-waiting-file="billdata_20270131.csv"]'), /送信できます/)).toBeTruthy();
    expect(await textOf(bills.getByTestId('schedule-note'))).toMatch(/次回のスケジュール実行（.+）で送信します/);
    const ignored = bills.getByTestId('ignored-files');
    expect(await ignored.locator('tr[data-ignored-file]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { ignoredFile: string } }).dataset.ignoredFile).sort())).toEqual(
      ['billdata.CSV.txt', '請求データ_1130.csv'].sort(),
    );
    // Below: December's payments, whose run waits for 楽楽明細's maintenance to end.
    const payments = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定2（支払通知書）' }) });
    expect(await waitForText(payments.locator('[data-progress-file="paydata_20261231.csv"] .badge'), /再送待ち/)).toBe('再送待ち');
    await takeScreen({ name: 'waiting', show: scrollTop, mustSee: () => [heading, bills.locator('tr[data-waiting-file="billdata_20270131.csv"]')] });
  });

  it('ran without console errors or CSP violations, and the README gets the pictures when asked', async () => {
    expect(session.problems).toEqual([]);
    expect(taken).toHaveLength(7 * VIEWPORTS.length * SCHEMES.length);
    await copyToDocs(taken);
  });
});
