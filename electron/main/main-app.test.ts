// The main process wired to a stand-in for Electron and to the real core (temp data folder, history
// database, the sandbox over loopback HTTP): tray clicks reach the agent, 起動 shows
// 「起動が完了しました」, IPC refuses foreign senders and bad payloads, quit asks while a run is in flight.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { ManualClock } from '../core/ports/clock';
import { MemoryLogger } from '../core/ports/logger';
import { startSandbox, SANDBOX_TOKEN, type SandboxHandle } from '../core/sandbox/sandbox-server';
import { dataPathsFor } from '../core/settings';
import { createMain, type MainHandle } from './main-app';
import { createFakeElectron, FakeBrowserWindow, FakeNotification, FakeTray, type FakeElectron } from './test-support/fake-electron';
import { TEST_ICONS, testMainOptions, testSettingsInput } from './test-support/main-options';
import { APP_ENTRY_URL } from './window-security';

const SAMPLES = join(import.meta.dirname, '..', '..', 'resources', 'samples');

let dir: string;
let root: string;
let sandbox: SandboxHandle;
let electron: FakeElectron;
let main: MainHandle;
let logger: MemoryLogger;

const settingsInput = () => testSettingsInput(sandbox.baseUrl(), root);

async function start(options: { packaged?: boolean; wasOpenedAtLogin?: boolean; argv?: string[]; token?: string | null; clock?: ManualClock } = {}) {
  electron = createFakeElectron({ packaged: options.packaged ?? false, wasOpenedAtLogin: options.wasOpenedAtLogin ?? false });
  main = createMain(electron, testMainOptions(dir, options.token ?? null, {
    ...(options.argv ? { argv: options.argv } : {}),
    // A path with a space: the login item must quote it.
    execPath: '/opt/My Apps/meisai-connector',
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
  }));
  expect(await main.ready).toBe('running');
}

/** The window's own main frame, as Electron reports it. */
function fromWindow() {
  const w = main.window() as unknown as FakeBrowserWindow;
  return { id: w.webContents.id, frame: w.webContents.mainFrame };
}

const tray = () => FakeTray.instances.at(-1)!;

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}

/** The runs in the history, newest first, as [trigger, outcome]. */
async function runsSoFar(): Promise<[string, string][]> {
  const r = await main.service()!.handlers['history:list']({});
  return r.ok ? r.value.runs.map((run) => [run.trigger, run.outcome]) : [];
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'main-app-'));
  root = join(dir, 'userdata');
  await mkdir(join(root, 'clientmaster'), { recursive: true });
  await mkdir(join(root, 'billdata'), { recursive: true });
  await mkdir(join(dir, 'renderer'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>明細コネクタ</title>');
  sandbox = await startSandbox({ importDelayMs: 10 });
  logger = new MemoryLogger();
});

afterEach(async () => {
  await main?.service()?.dispose();
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('main process wiring', () => {
  it('first start: tray 停止中, settings window opened locked down, IPC for every channel', async () => {
    await start();
    expect(tray().labels()).toContain('設定がまだありません（設定を開く）');
    expect(tray().image).toMatch(/tray-stopped\.png$/);
    expect(tray().item('起動')?.enabled).toBe(false);
    const w = FakeBrowserWindow.instances[0]!;
    expect(w.urls).toEqual([`${APP_ENTRY_URL}#/settings`]);
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect([...electron.handlers.keys()]).toContain('settings:save');
    expect([...electron.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());

    // Navigation is stopped; an https link goes to the browser, nothing else does.
    const nav = { prevented: false, preventDefault() { this.prevented = true; } };
    w.webContents.emit('will-navigate', nav, 'https://rbsample.eco-serv.jp/abc/');
    expect(nav.prevented).toBe(true);
    expect(electron.externalOpened).toEqual(['https://rbsample.eco-serv.jp/abc/']);
    expect(w.webContents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.externalOpened).toHaveLength(1);

    // Closing with unsaved changes asks; 戻って保存する keeps the window, 保存せずに閉じる closes it.
    electron.messageBoxResponse = 1;
    const keep = { prevented: false, preventDefault() { this.prevented = true; } };
    w.webContents.emit('will-prevent-unload', keep);
    expect(keep.prevented).toBe(false);
    expect(electron.messageBoxes.at(-1)?.message).toBe('保存していない変更があります。閉じますか？');
    electron.messageBoxResponse = 0;
    const discard = { prevented: false, preventDefault() { this.prevented = true; } };
    w.webContents.emit('will-prevent-unload', discard);
    expect(discard.prevented).toBe(true);

    // The renderer is served from app:// with the CSP header, and nothing outside its folder is.
    const serve = electron.protocolHandlers.get('app')!;
    const page = await serve(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(`default-src 'none'`);
    expect((await serve(new Request('app://meisai/%2e%2e%2fdata%2fsettings.json'))).status).toBe(404);
  });

  it('IPC: foreign senders, iframes and bad payloads are refused; the window’s own calls work', async () => {
    await start();
    const own = fromWindow();
    const foreign = (await electron.invoke('settings:get', undefined, { id: 999, frame: own.frame })) as { ok: boolean; error?: { code: string } };
    expect(foreign.error?.code).toBe('ipc.foreign-sender');
    const iframe = (await electron.invoke('settings:get', undefined, { id: own.id, frame: { url: APP_ENTRY_URL, parent: own.frame } })) as { error?: { code: string } };
    expect(iframe.error?.code).toBe('ipc.foreign-sender');
    const elsewhere = (await electron.invoke('settings:get', undefined, { id: own.id, frame: { url: 'https://evil.example/', parent: null } })) as { error?: { code: string } };
    expect(elsewhere.error?.code).toBe('ipc.foreign-sender');
    const bad = (await electron.invoke('run:now', { target: { kind: 'report', reportId: '../x' } }, own)) as { error?: { code: string } };
    expect(bad.error?.code).toBe('ipc.invalid-payload');
    const saved = (await electron.invoke('settings:save', { settings: settingsInput(), newToken: SANDBOX_TOKEN }, own)) as { ok: boolean };
    expect(saved.ok).toBe(true);
    // Events reach the window.
    expect(FakeBrowserWindow.instances[0]!.webContents.sent.map((s) => s.channel)).toContain('settings:changed');
  });

  it('the first complete save starts the agent (起動が完了しました); 停止 and 起動 from the tray; 今すぐ連携 runs; the notification opens that run', async () => {
    await start({ token: SANDBOX_TOKEN });
    expect(tray().item('起動')?.enabled).toBe(false); // nothing saved yet
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    await until(() => main.service()!.status().agent.state === 'idle', 'agent started by the save');
    await until(() => FakeNotification.shown.some((n) => n.options.body === '起動が完了しました'), 'start notification');
    expect(tray().item('起動')?.enabled).toBe(false);

    tray().clickMenu('停止');
    await until(() => main.service()!.status().agent.state === 'stopped', 'agent stopped');
    expect(tray().item('今すぐ連携（起動してから）')?.enabled).toBe(false);
    tray().clickMenu('起動');
    await until(() => main.service()!.status().agent.state === 'idle', 'agent started');
    expect(tray().labels()[0]).toBe('状態: 稼働中');
    expect(tray().image).toMatch(/tray-active\.png$/);
    expect(tray().tooltip).toContain('明細コネクタ（稼働中）');

    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    tray().clickMenu('今すぐ連携', '顧客データのみ');
    await until(() => FakeNotification.shown.some((n) => n.options.title === '顧客データ: 連携が完了しました'), 'run notification');
    const done = FakeNotification.shown.find((n) => n.options.title === '顧客データ: 連携が完了しました')!;
    expect(done.options.body).toBe('1件のファイルを取り込みました（手動）。');
    expect(sandbox.imports().filter((i) => i.kind === 'customers')).toHaveLength(1);

    done.click();
    const runs = await main.service()!.handlers['history:list']({});
    const latest = runs.ok ? runs.value.runs[0]!.id : 'none';
    expect(FakeBrowserWindow.instances.at(-1)!.urls.at(-1)).toBe(`${APP_ENTRY_URL}#/history/${latest}`);

    tray().clickMenu('停止');
    await until(() => main.service()!.status().agent.state === 'stopped', 'agent stopped');
    expect(tray().labels()[0]).toBe('状態: 停止中');
  });

  it('tray: 設定を開く, 実行履歴 and フォルダを開く; a second launch focuses the window; closing it keeps the app', async () => {
    await start({ token: SANDBOX_TOKEN });
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    const w = main.window() as unknown as FakeBrowserWindow;
    w.close();
    expect(main.window()).toBeNull();
    expect(electron.appListeners.listeners.get('window-all-closed')).toHaveLength(1);
    electron.appListeners.emit('window-all-closed');
    expect(electron.quitCalls).toHaveLength(0);

    tray().clickMenu('実行履歴');
    expect(FakeBrowserWindow.instances.at(-1)!.urls).toEqual([`${APP_ENTRY_URL}#/history`]);
    tray().clickMenu('設定を開く');
    expect(FakeBrowserWindow.instances.at(-1)!.urls.at(-1)).toBe(`${APP_ENTRY_URL}#/settings`);
    expect(FakeBrowserWindow.instances).toHaveLength(2);

    const focusedBefore = FakeBrowserWindow.instances.at(-1)!.focused;
    electron.appListeners.emit('second-instance');
    expect(FakeBrowserWindow.instances.at(-1)!.focused).toBe(focusedBefore + 1);

    tray().clickMenu('フォルダを開く');
    await until(() => electron.pathsOpened.length === 1, 'folder opened');
    expect(electron.pathsOpened).toEqual([root]);

    // Waking up recreates the icon (Explorer may have restarted) with the same state.
    const before = FakeTray.instances.length;
    electron.power.emit('resume');
    expect(FakeTray.instances).toHaveLength(before + 1);
    expect(FakeTray.instances[before - 1]!.destroyed).toBe(true);
    expect(tray().labels()[0]).toBe('状態: 稼働中');
  });

  it('starts the agent by itself at login, and writes the Linux autostart entry for a path with spaces', async () => {
    await start({ token: SANDBOX_TOKEN, packaged: true });
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    const autostart = join(dir, 'config', 'autostart', 'meisai-connector.desktop');
    await until(() => existsSync(autostart), 'autostart entry written');
    const entry = await readFile(join(dir, 'config', 'autostart', 'meisai-connector.desktop'), 'utf8');
    expect(entry).toContain('Exec="/opt/My Apps/meisai-connector" --hidden');
    await main.service()!.dispose();

    await start({ token: SANDBOX_TOKEN, packaged: true, argv: ['/opt/My Apps/meisai-connector', '--hidden'] });
    expect(main.service()!.status().agent.state).toBe('idle');
    // Launched at login: tray only, no window.
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    await until(() => FakeNotification.shown.some((n) => n.options.body === '起動が完了しました'), 'start notification');

    // Turning 「ログイン時に起動」 off removes the entry.
    const off = { ...settingsInput(), agent: { ...settingsInput().agent, startAtLogin: false } };
    main.openWindow();
    await electron.invoke('settings:save', { settings: off, newToken: null }, fromWindow());
    await until(() => !existsSync(autostart), 'autostart entry removed');
  });

  it('終了 asks while a run is in flight, and stays when the clerk cancels', async () => {
    await start({ token: SANDBOX_TOKEN });
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    await until(() => tray().labels()[0] === '状態: 稼働中', 'tray shows the agent started');
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    // Hold the sandbox's answer so the run stays in flight while 終了 is chosen.
    sandbox.faults.latencyMs = 400;
    tray().clickMenu('今すぐ連携', '顧客データのみ');
    await until(() => main.service()!.busy(), 'run in flight');

    electron.messageBoxResponse = 1; // キャンセル
    expect(await main.requestQuit({ confirm: true })).toBe(false);
    expect(electron.messageBoxes.at(-1)?.message).toBe('連携を実行中です。終了しますか？');
    expect(electron.quitCalls).toHaveLength(0);

    electron.messageBoxResponse = 0; // 終了する
    expect(await main.requestQuit({ confirm: true })).toBe(true);
    expect(electron.quitCalls).toHaveLength(1);
    expect(tray().destroyed).toBe(true);
  });

  it('an unexpected error is logged with its stack, shown in the tray and told to the clerk once per burst', async () => {
    await start({ token: SANDBOX_TOKEN });
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    main.reportFault(new Error('boom in a timer'));
    main.reportFault(new Error('boom again'));
    const faults = main.notifications().filter((n) => n.title === '明細コネクタ: 予期しないエラーが発生しました');
    expect(faults).toHaveLength(1);
    expect(faults[0]!.body).toContain(join(dir, 'data', 'logs', 'agent.log'));
    expect(logger.lines.filter((l) => l.level === 'error' && l.message === 'unexpected error')).toHaveLength(2);
    expect(logger.text()).toContain('boom in a timer');
    expect(tray().labels()[0]).toBe('状態: エラーあり');
    // The agent goes on: the service still answers.
    expect((await electron.invoke('agent:status', undefined, fromWindow())) as { ok: boolean }).toMatchObject({ ok: true });
  });

  it('launched by hand with complete settings: the agent is started and the window opened', async () => {
    await start({ token: SANDBOX_TOKEN });
    await electron.invoke('settings:save', { settings: settingsInput(), newToken: null }, fromWindow());
    await main.service()!.dispose();
    await start({ token: SANDBOX_TOKEN }); // not at login
    expect(main.service()!.status().agent.state).toBe('idle');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(tray().labels()[0]).toBe('状態: 稼働中');
  });

  it('launched by hand without a token: left stopped, the tray says scheduled runs will not happen', async () => {
    await start({ token: null });
    const input = { ...settingsInput(), reports: [{ ...settingsInput().reports[0]!, timing: { mode: 'schedule', every: 'day', hour: 9 } }] };
    await electron.invoke('settings:save', { settings: input, newToken: null }, fromWindow());
    expect(main.service()!.status().agent.state).toBe('stopped');
    expect(tray().labels()).toContain('請求書: 毎日 9時 — 停止中のため実行されません');
    expect(tray().tooltip).toContain('停止中のため実行されません');
  });

  it('a slot that comes while the agent is stopped is told once, even with 通知 off; 起動 then runs it as 遅延実行', async () => {
    const clock = new ManualClock(new Date(2026, 2, 10, 8, 30));
    await start({ token: SANDBOX_TOKEN, clock });
    const input = { ...settingsInput(), agent: { ...settingsInput().agent, notifications: false }, reports: [{ ...settingsInput().reports[0]!, timing: { mode: 'schedule', every: 'day', hour: 9 } }] };
    await electron.invoke('settings:save', { settings: input, newToken: null }, fromWindow());
    await until(() => main.service()!.status().agent.state === 'idle', 'started by the save');
    tray().clickMenu('停止');
    await until(() => main.service()!.status().agent.state === 'stopped', 'stopped');
    const stoppedNotices = () => FakeNotification.shown.filter((n) => n.options.title === '明細コネクタ: 停止中のため実行されませんでした');
    await clock.advance(29 * 60_000);
    expect(stoppedNotices()).toHaveLength(0);
    await clock.advance(60_000); // 9:00
    await until(() => stoppedNotices().length === 1, 'told at the slot');
    expect(stoppedNotices()[0]!.options.body).toContain('請求書（');
    await clock.advance(3 * 3600_000);
    expect(stoppedNotices()).toHaveLength(1);
    // Clicking it shows the window (its header offers 起動 on every page).
    (main.window() as unknown as FakeBrowserWindow).close();
    stoppedNotices()[0]!.click();
    expect(FakeBrowserWindow.instances.at(-1)!.urls).toEqual([APP_ENTRY_URL]);
    // 起動: the one scheduler catches the missed slot up once.
    tray().clickMenu('起動');
    await until(async () => (await runsSoFar()).some(([trigger, outcome]) => trigger === 'catch-up' && outcome !== 'running'), 'missed slot caught up');
    expect((await runsSoFar()).map(([trigger]) => trigger)).toEqual(['catch-up']);
  });

  it('a scheduled run that finds no file notifies 「対象のファイルがありませんでした」 and leads to 待機中のファイル; turned off, it is quiet', async () => {
    const clock = new ManualClock(new Date(2026, 2, 10, 8, 59));
    await start({ token: SANDBOX_TOKEN, clock });
    const input = { ...settingsInput(), reports: [{ ...settingsInput().reports[0]!, timing: { mode: 'schedule', every: 'day', hour: 9 } }] };
    await electron.invoke('settings:save', { settings: input, newToken: null }, fromWindow());
    await until(() => main.service()!.status().agent.state === 'idle', 'started by the save');
    const empty = () => FakeNotification.shown.filter((n) => n.options.title === '請求書: 対象のファイルがありませんでした');
    await clock.advance(60_000); // 9:00: the slot, with billdata empty
    await until(() => empty().length === 1, 'empty-run notice');
    empty()[0]!.click();
    expect(FakeBrowserWindow.instances.at(-1)!.urls.at(-1)).toBe(`${APP_ENTRY_URL}#/waiting`);

    const off = { ...input, agent: { ...input.agent, notifyEmptyRuns: false } };
    await electron.invoke('settings:save', { settings: off, newToken: null }, fromWindow());
    await clock.advance(24 * 3600_000); // the next day's slot
    await until(async () => (await runsSoFar()).filter(([, outcome]) => outcome === 'nothing').length === 2, 'second slot ran');
    expect(await runsSoFar()).toEqual([['schedule', 'nothing'], ['schedule', 'nothing']]);
    expect(empty()).toHaveLength(1);
  });

  it('a second instance quits at once', async () => {
    electron = createFakeElectron({ singleInstance: false });
    main = createMain(electron, {
      argv: [], env: {}, platform: 'win32', execPath: 'C:\\x.exe', version: '1', dataPaths: dataPathsFor(join(dir, 'data'), 'linux'),
      logger, logFile: '', rendererDir: dir, preloadFile: '', iconsDir: TEST_ICONS, configHome: dir,
    });
    expect(await main.ready).toBe('second-instance');
    expect(electron.quitCalls).toHaveLength(1);
    expect(main.service()).toBeNull();
  });
});
