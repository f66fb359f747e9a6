// Where a click sends the clerk, end to end: the real main process (createMain, with Electron's
// stand-in) decides what to load into the settings window, and the built window in Debian's Chromium
// shows it. The URL main loads is handed to the page as it is, so this checks what the clerk SEES
// after a notification click and a tray menu choice — not only the URL main chose (that alone once
// passed while the window showed 連携設定 for every address).
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/run';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from '../../electron/core/sandbox/sandbox-server';
import { createMain, type MainHandle } from '../../electron/main/main-app';
import { createFakeElectron, FakeNotification, FakeTray, type FakeBrowserWindow, type FakeElectron } from '../../electron/main/test-support/fake-electron';
import { testMainOptions } from '../../electron/main/test-support/main-options';
import { APP_ENTRY_URL } from '../../electron/main/window-security';
import { buildRenderer } from './host/build-renderer';
import { serveStatic, type StaticServer } from './host/static-server';
import { openWindowSession, type WindowSession } from './host/window-session';
import { textOf } from './host/window-helpers';
import { SAMPLES_DIR } from './window-scenario';


let dir: string;
let root: string;
let outDir: string;
let server: StaticServer;
let sandbox: SandboxHandle;
let electron: FakeElectron;
let main: MainHandle;
let session: WindowSession;

const tray = () => FakeTray.instances.at(-1)!;

/** The page loads exactly the address main last loaded into its settings window. */
async function followMain(): Promise<string> {
  const url = (main.window() as unknown as FakeBrowserWindow).urls.at(-1) ?? '';
  expect(url.startsWith(APP_ENTRY_URL)).toBe(true);
  const hash = url.slice(APP_ENTRY_URL.length);
  await session.page.goto(`${server.url}${hash}`);
  return hash;
}

/** Waits for something main does on its own (a run, a notification); works in hooks too. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'main-routing-'));
  root = join(dir, 'userdata');
  for (const folder of ['clientmaster', 'billdata']) await mkdir(join(root, folder), { recursive: true });
  await mkdir(join(dir, 'renderer'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>明細コネクタ</title>');
  outDir = await mkdtemp(join(tmpdir(), 'main-routing-renderer-'));
  await buildRenderer(outDir);
  server = await serveStatic(outDir);
  sandbox = await startSandbox({ importDelayMs: 10 });
  electron = createFakeElectron({ packaged: false, wasOpenedAtLogin: false });
  main = createMain(electron, testMainOptions(dir, SANDBOX_TOKEN));
  expect(await main.ready).toBe('running');
  const service = main.service()!;
  // The page talks to main's own app service, as the preload would.
  session = await openWindowSession(server.url, (channel, payload, senderOk) => service.dispatch(channel, payload, senderOk), (listener) => service.events.onAny(listener));
  const saved = await service.handlers['settings:save']({
    settings: {
      version: 1,
      meisai: { url: sandbox.baseUrl() },
      agent: { root, startAtLogin: false, notifications: true, pollFolders: false, proxyUrl: null },
      customers: { settingId: null, folder: 'clientmaster', filePrefix: 'clientmaster', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
      reports: [{ name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', firstLine: 'skip', approve: false, approvalFlowId: null, timing: { mode: 'manual' } }],
    },
    newToken: null,
  });
  expect(saved.ok).toBe(true);
  await until(() => service.status().agent.state === 'idle', 'the agent started by the save');
});

afterAll(async () => {
  await session?.close();
  await main?.service()?.dispose();
  await sandbox?.close();
  await server?.close();
  await rm(outDir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('the window opens where main sends it', () => {
  it('a finished run’s notification, clicked, shows that run’s files', async () => {
    await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_20261130.csv'));
    tray().clickMenu('今すぐ連携', '請求書');
    await until(() => FakeNotification.shown.some((n) => n.options.title === '請求書: 連携が完了しました'), 'the run’s notification');
    const list = await main.service()!.handlers['history:list']({});
    const run = (list.ok ? list.value.runs[0] : undefined) as RunSummary;
    expect(run.outcome).toBe('success');

    FakeNotification.shown.find((n) => n.options.title === '請求書: 連携が完了しました')!.click();
    expect(await followMain()).toBe(`#/history/${run.id}`);
    const detail = session.page.locator(`section.run-detail[data-run-id="${run.id}"]`);
    await detail.getByRole('heading', { name: /^実行の詳細: 請求書/ }).waitFor();
    const files = await detail.locator('li[data-file-name]').evaluateAll((items) => items.map((i) => i.getAttribute('data-file-name')).sort());
    expect(files).toEqual(['billdata_20261130.csv', 'clientmaster_20261130.csv']);
  });

  it('the tray’s 実行履歴 shows the list, and 設定を開く shows 連携設定', async () => {
    tray().clickMenu('実行履歴');
    expect(await followMain()).toBe('#/history');
    await session.page.getByRole('heading', { name: '実行履歴', exact: true }).waitFor();
    expect(await session.page.locator('tr[data-run-id]').count()).toBeGreaterThan(0);
    expect(await session.page.locator('section.run-detail').count()).toBe(0);

    tray().clickMenu('設定を開く');
    await followMain();
    await session.page.getByRole('heading', { name: /Step1/ }).waitFor();
    expect(await textOf(session.page.getByRole('navigation', { name: '画面' }).locator('[aria-current="page"]'))).toBe('連携設定');
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
