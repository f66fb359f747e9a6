// Main's wiring of updates and the support bundle, with a stand-in Electron and a stand-in updater
// over the real core (temporary data folder, history, the sandbox on loopback): the tray's items,
// the notification when an update is ready, the install on 終了 only after the agent has stopped
// (never during a run), the agent back as it was after an update restart, and 「サポート用情報を保存」
// from the tray and from the window.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, SANDBOX_TOKEN, type SandboxHandle } from '../core/sandbox/sandbox-server';
import { BUNDLE_ENTRIES } from '../core/support/support-bundle';
import { readZip, unmaskedHeaderValues } from '../core/support/test-support/read-zip';
import { createMain, type MainHandle } from './main-app';
import { createFakeElectron, FakeBrowserWindow, FakeTray, type FakeElectron } from './test-support/fake-electron';
import { testMainOptions, testSettingsInput } from './test-support/main-options';
import { FakeUpdater } from './test-support/fake-updater';
import type { UpdateDisabledReason } from './updater';

const SAMPLES = join(import.meta.dirname, '..', '..', 'resources', 'samples');

let dir: string;
let root: string;
let sandbox: SandboxHandle;
let electron: FakeElectron;
let main: MainHandle;
let updater: FakeUpdater;

const settingsInput = () => testSettingsInput(sandbox.baseUrl(), root);

async function start(options: { updates?: 'on' | UpdateDisabledReason } = {}) {
  electron = createFakeElectron({ packaged: false });
  updater = new FakeUpdater();
  const on = (options.updates ?? 'on') === 'on';
  main = createMain(electron, testMainOptions(dir, SANDBOX_TOKEN, {
    version: '0.1.0',
    openUpdater: async () => (on ? { updater } : { updater: null, disabledReason: options.updates as UpdateDisabledReason }),
  }));
  expect(await main.ready).toBe('running');
}

const fromWindow = () => {
  const w = main.window() as unknown as FakeBrowserWindow;
  return { id: w.webContents.id, frame: w.webContents.mainFrame };
};
const tray = () => FakeTray.instances.at(-1)!;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'main-updates-'));
  root = join(dir, 'userdata');
  await mkdir(join(root, 'clientmaster'), { recursive: true });
  await mkdir(join(root, 'billdata'), { recursive: true });
  await mkdir(join(dir, 'renderer'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>明細コネクタ</title>');
  sandbox = await startSandbox({ importDelayMs: 10 });
});

afterEach(async () => {
  main.updates()?.dispose();
  await main?.service()?.dispose();
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('updates in the tray app', () => {
  it('says in the menu when the build has no update URL', async () => {
    await start({ updates: 'no-url' });
    expect(tray().item('更新を確認（更新の配布先が設定されていないため使えません）')?.enabled).toBe(false);
  });

  it('更新を確認 → downloaded → the clerk is told → 終了 stops the agent, then installs silently', async () => {
    await start();
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    expect(tray().item('更新を確認')?.enabled).toBe(true);
    updater.next = { kind: 'update', version: '0.2.0', download: 'ok' };
    tray().clickMenu('更新を確認');
    await until(() => main.updates()?.view().state.kind === 'ready', 'update ready');
    expect(main.notifications().map((n) => n.title)).toContain('明細コネクタ: 更新の準備ができました（バージョン 0.2.0）');
    expect(tray().item('再起動して更新（バージョン 0.2.0）')?.enabled).toBe(true);

    // The first complete save started the agent (nothing to click).
    await until(() => main.service()!.status().agent.state === 'idle', 'agent started');
    let agentAtInstall = '';
    updater.onInstall = () => void (agentAtInstall = main.service()!.status().agent.state);
    expect(await main.requestQuit({ confirm: true })).toBe(true);
    expect(updater.installs).toEqual([{ silent: true, runAfter: false, at: expect.any(Number) }]);
    expect(agentAtInstall).toBe('stopped');
    expect(electron.quitCalls).toHaveLength(1);
  });

  it('never installs during a run: 再起動して更新 waits, and 終了 installs only once the run has been stopped', async () => {
    await start();
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    updater.next = { kind: 'update', version: '0.2.0', download: 'ok' };
    await main.updates()!.check();
    await until(() => main.updates()?.view().state.kind === 'ready', 'update ready');
    // The first complete save started the agent; the menu offers 今すぐ連携 once the tray has been
    // redrawn for it.
    await until(() => tray().labels()[0] === '状態: 稼働中', 'tray shows the agent started');
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    sandbox.faults.latencyMs = 400;
    tray().clickMenu('今すぐ連携', '顧客データのみ');
    await until(() => main.service()!.busy(), 'run in flight');
    expect(await main.updates()!.restartToUpdate()).toBe(false);
    expect(updater.installs).toEqual([]);
    expect(electron.quitCalls).toHaveLength(0);

    let busyAtInstall: boolean | null = null;
    updater.onInstall = () => void (busyAtInstall = main.service()!.busy());
    electron.messageBoxResponse = 0; // 終了する
    expect(await main.requestQuit({ confirm: true })).toBe(true);
    expect(updater.installs).toHaveLength(1);
    expect(busyAtInstall).toBe(false);
  });

  it('after its own update restart, the app starts the agent as it was, without opening the window', async () => {
    // The earlier version: settings saved, the agent started, then 再起動して更新 wrote its mark.
    await start();
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    main.updates()!.dispose();
    await main.service()!.dispose();
    await writeFile(join(dir, 'data', 'update.json'), JSON.stringify({ restart: { agentWasRunning: true, at: new Date().toISOString() } }));
    // The new version, started by the installer (not at login, not by the clerk).
    await start();
    await until(() => main.service()!.status().agent.state === 'idle', 'agent started again');
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(main.window()).toBeNull();
    expect(existsSync(join(dir, 'data', 'update.json'))).toBe(false);
  });
});

describe('サポート用情報を保存 in the tray app', () => {
  it('from the tray: asks where, writes the zip without the token, and says where it went', async () => {
    await start();
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    electron.saveDialogPath = join(dir, 'support.zip');
    tray().clickMenu('サポート用情報を保存…');
    await until(() => main.notifications().some((n) => n.body.startsWith('サポート用情報を保存しました')), 'saved notice');
    expect(electron.saveDialogs.at(-1)?.defaultPath).toMatch(/^明細コネクタ_サポート用情報_\d{8}-\d{4}\.zip$/);
    const entries = await readZip(join(dir, 'support.zip'));
    expect([...entries.keys()]).toEqual(expect.arrayContaining([BUNDLE_ENTRIES.about, BUNDLE_ENTRIES.settings, BUNDLE_ENTRIES.history, BUNDLE_ENTRIES.waiting, BUNDLE_ENTRIES.folders]));
    for (const [name, bytes] of entries) {
      expect(bytes.toString('utf8').includes(SANDBOX_TOKEN), name).toBe(false);
      expect(unmaskedHeaderValues(bytes.toString('utf8')), name).toEqual([]);
    }
    const about = JSON.parse(entries.get(BUNDLE_ENTRIES.about)!.toString('utf8')) as { face: string; app: string };
    expect(about).toMatchObject({ face: 'トレイアプリ', app: '0.1.0' });
  });

  it('from the window (support:save-bundle): null when the clerk cancels, the path when saved', async () => {
    await start();
    electron.saveDialogPath = null;
    expect(await electron.invoke('support:save-bundle', undefined, fromWindow())).toEqual({ ok: true, value: null });
    electron.saveDialogPath = join(dir, 'from-window.zip');
    expect(await electron.invoke('support:save-bundle', undefined, fromWindow())).toEqual({ ok: true, value: { saved: join(dir, 'from-window.zip') } });
    expect(existsSync(join(dir, 'from-window.zip'))).toBe(true);
  });
});
