// One browser session on the built settings window: Debian's Chromium driven by playwright-core,
// the page bridged to the app service, and the screenshot helper that writes each screen in light
// and dark into test-output/screenshots/ (kept after the run for a person to look at).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { installBridge, type BridgeHandle, type Dispatch, type SubscribeAll } from './page-bridge';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));

export interface WindowSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly bridge: BridgeHandle;
  /** Console errors, page errors and CSP violations seen so far: a clean window has none. */
  readonly problems: string[];
  /** Every confirm() the window asked, with the answer given. */
  readonly dialogs: { message: string; accepted: boolean }[];
  /** The answer the next confirm() gets (default: yes). */
  answerDialogs(accept: boolean): void;
  open(): Promise<void>;
  capture(name: string): Promise<void>;
  /** One section of the screen (e.g. `#step1`), light and dark. */
  captureElement(selector: string, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openWindowSession(url: string, dispatch: Dispatch, subscribeAll: SubscribeAll): Promise<WindowSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // --lang: date inputs and the like in the format a Japanese Windows shows them.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=ja-JP'],
  });
  // The window's own size in the app, in Japanese. Window and main share one clock and time zone in
  // the app, so the page gets this process's zone: next-run times and date filters must agree.
  const context = await browser.newContext({
    viewport: { width: 1000, height: 800 },
    locale: 'ja-JP',
    timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: { message: string; accepted: boolean }[] = [];
  let accept = true;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push({ message: d.message(), accepted: accept });
    void (accept ? d.accept() : d.dismiss());
  });
  const bridge = await installBridge(page, dispatch, subscribeAll);
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample));`);
  return {
    browser,
    context,
    page,
    bridge,
    problems,
    dialogs,
    answerDialogs(a) {
      accept = a;
    },
    async open() {
      await page.goto(url);
      await page.getByRole('heading', { name: /明細コネクタ/ }).waitFor();
    },
    async capture(name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${scheme}.png`), fullPage: true });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    },
    async captureElement(selector, name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      // A window as tall as the page, so the sticky save bar sits below the section, not over it.
      const viewport = page.viewportSize() ?? { width: 1000, height: 800 };
      const height = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
      await page.setViewportSize({ width: viewport.width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.locator(selector).screenshot({ path: join(SCREENSHOT_DIR, `${name}-${scheme}.png`) });
      }
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize(viewport);
    },
    async close() {
      bridge.detach();
      await context.close();
      await browser.close();
    },
  };
}
