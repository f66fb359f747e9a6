// The app service against the real core: temp data folder, real settings file and history database,
// the built-in sandbox over loopback HTTP, a memory token store. Only the IPC transport is missing.
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeResponses } from '../../../shared/ipc/contract';
import type { RunSummary } from '../../../shared/run';
import { MemoryLogger } from '../ports/logger';
import { systemClock } from '../ports/clock';
import { startSandbox, SANDBOX_TOKEN, type SandboxHandle } from '../sandbox/sandbox-server';
import { createMemorySecretStore, type MemorySecretStore } from '../secrets/memory-secret-store';
import { dataPathsFor } from '../settings';
import { createAppService, type AppService } from './app-service';
import { IPC_ERRORS } from './dispatch';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'resources', 'samples');

let dir: string;
let root: string;
let sandbox: SandboxHandle;
let secrets: MemorySecretStore;
let logger: MemoryLogger;
let service: AppService;
let opened: string[];
let shown: string[];
const events: { channel: EventChannel; payload: unknown }[] = [];

function settingsInput(url: string) {
  return {
    version: 1,
    meisai: { url },
    agent: { root, startAtLogin: true, notifications: true, pollFolders: false, proxyUrl: null },
    customers: { settingId: '', folder: 'clientmaster', filePrefix: 'clientmaster', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
    reports: [
      { name: '請求書', reportTypeId: '14', folder: 'billdata', filePrefix: 'billdata', firstLine: 'skip', approve: false, approvalFlowId: '', timing: { mode: 'manual' } },
    ],
  };
}

async function build(options: { token?: string | null } = {}): Promise<AppService> {
  secrets = createMemorySecretStore({ token: options.token ?? null });
  const r = await createAppService({
    dataPaths: dataPathsFor(join(dir, 'data'), process.platform),
    clock: systemClock,
    logger,
    secretStore: secrets,
    pickFolder: async (current) => current ?? root,
    openPath: async (path) => {
      opened.push(path);
      return '';
    },
    showItemInFolder: (path) => void shown.push(path),
    newId: () => randomUUID(),
    version: '9.9.9',
    platform: process.platform,
    resolveProxy: async () => 'DIRECT',
    logFile: join(dir, 'data', 'logs', 'agent.log'),
    sandbox: true,
    tuning: { stableForMs: 0, requestsPerMinute: null, runner: { firstPollMs: 20, maxPollMs: 50 } },
  });
  if (!r.ok) throw new Error(r.error.message);
  r.value.events.onAny((channel, payload) => events.push({ channel, payload }));
  return r.value;
}

/** dispatch as the window calls it (sender checked OK), typed by channel. */
const call = <C extends InvokeChannel>(channel: C, payload: unknown) => service.dispatch(channel, payload, true) as Promise<InvokeResponses[C]>;

function waitForEvent<E extends EventChannel>(channel: E, match: (p: EventPayloads[E]) => boolean = () => true): Promise<EventPayloads[E]> {
  return new Promise((resolve) => {
    const off = service.events.on(channel, (p) => {
      if (match(p)) {
        off();
        resolve(p);
      }
    });
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-service-'));
  root = join(dir, 'userdata');
  await mkdir(root, { recursive: true });
  sandbox = await startSandbox({ importDelayMs: 10 });
  logger = new MemoryLogger();
  opened = [];
  shown = [];
  events.length = 0;
});

afterEach(async () => {
  await service?.dispose();
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('app service', () => {
  it('starts empty: no settings, stopped, app info', async () => {
    service = await build();
    await service.start({ autoStart: true });
    expect(await call('settings:get', undefined)).toEqual({ ok: true, value: null });
    const status = await call('agent:status', undefined);
    expect(status).toEqual({ ok: true, value: { agent: { state: 'stopped' }, nextRuns: [], attention: 0, historyLoss: null } });
    const info = await call('app:info', undefined);
    expect(info).toMatchObject({ ok: true, value: { version: '9.9.9', agentId: '', sandbox: true, dataDir: join(dir, 'data') } });
    const start = await call('agent:start', undefined);
    expect(start.ok ? 'ok' : start.error.code).toBe('app.no-settings');
  });

  it('refuses foreign senders, unknown channels and bad payloads before any handler runs', async () => {
    service = await build();
    const foreign = await service.dispatch('settings:get', undefined, false);
    expect(foreign.ok ? 'ok' : foreign.error.code).toBe(IPC_ERRORS.foreignSender);
    const unknown = await service.dispatch('fs:read', { path: '/etc/passwd' }, true);
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe(IPC_ERRORS.unknownChannel);
    for (const [channel, payload] of [
      ['run:now', { target: { kind: 'report', reportId: '../../x' } }],
      ['run:now', { target: { kind: 'everything' } }],
      ['history:list', { limit: 100000 }],
      ['history:list', { sql: 'drop table runs' }],
      ['history:resolve-held', { fileId: 0, action: 'resend' }],
      ['history:force-send', { fileId: 'all' }],
      ['history:release-customer-hold', { fileId: -1 }],
      ['history:resolve-overlap', { fileId: 1, choice: 'delete-everything' }],
      ['history:confirm-loss', { all: true }],
      ['connection:test', { url: 'x'.repeat(5000) }],
      ['settings:get', { sneaky: true }],
    ] as const) {
      const r = await service.dispatch(channel, payload, true);
      expect(r.ok ? 'ok' : r.error.code, channel).toBe(IPC_ERRORS.invalidPayload);
    }
    expect(logger.text()).toContain('IPC refused');
  });

  it('saves nothing while the form has errors, and says which fields', async () => {
    service = await build();
    const bad = settingsInput(sandbox.baseUrl());
    bad.reports[0]!.reportTypeId = 'abc';
    bad.customers.folder = '..';
    const r = await call('settings:save', { settings: bad, newToken: SANDBOX_TOKEN });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = (r.error as { fields?: { path: string }[] }).fields?.map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['reports.0.reportTypeId', 'customers.folder']));
    expect(await secrets.get()).toEqual({ ok: true, value: null });
    expect(await readdir(join(dir, 'data'))).not.toContain('settings.json');
  });

  it('lists the waiting files while the agent is stopped (停止中), instead of an empty screen — and those it will not send', async () => {
    service = await build();
    const saved = await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: SANDBOX_TOKEN });
    expect(saved.ok).toBe(true);
    await call('agent:stop', undefined);
    await rm(join(root, 'clientmaster'), { recursive: true });
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_20261130.csv'));
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', '請求データ_1130.csv'));
    expect((await call('agent:status', undefined)).ok && service.status().agent.state).toBe('stopped');
    const r = await call('files:waiting', undefined);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const bills = r.value.find((w) => w.target !== 'customers')!;
    expect(bills.files.map((f) => f.fileName)).toEqual(['billdata_20261130.csv']);
    expect(bills.ignored.map((i) => [i.fileName, i.reason])).toEqual([['請求データ_1130.csv', 'other-prefix']]);
    expect(r.value.find((w) => w.target === 'customers')!.folderProblem).toContain('フォルダが見つかりません');
  });

  it('the save that completes the settings makes the missing folders and starts the agent; after 停止 a save leaves it stopped', async () => {
    service = await build();
    await service.start({ autoStart: true });
    // Without a token the settings are not complete: saved, folders made, agent left stopped.
    const first = await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: null });
    expect(first).toMatchObject({ ok: true, value: { afterSave: { createdFolders: [join(root, 'clientmaster'), join(root, 'billdata')], folderProblems: [], agentStarted: false } } });
    expect((await stat(join(root, 'billdata'))).isDirectory()).toBe(true);
    expect(service.status().agent.state).toBe('stopped');
    // The token completes them: this save starts the agent.
    const second = await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: SANDBOX_TOKEN });
    expect(second).toMatchObject({ ok: true, value: { afterSave: { createdFolders: [], agentStarted: true } } });
    expect(service.status().agent.state).toBe('idle');
    // The clerk stops it on purpose: a later save does not overrule that.
    await call('agent:stop', undefined);
    const third = await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: null });
    expect(third).toMatchObject({ ok: true, value: { afterSave: { agentStarted: false } } });
    expect(service.status().agent.state).toBe('stopped');
  });

  it('shows one file of the history where it is now, refuses ids the history does not know, opens the folder of a file gone', async () => {
    service = await build();
    await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: SANDBOX_TOKEN });
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    const finished = waitForEvent('history:changed', (p) => p.run.outcome !== 'running');
    expect((await call('run:now', { target: { kind: 'customers' } })).ok).toBe(true);
    const { run } = (await finished) as { run: RunSummary };
    const detail = await call('history:get', { runId: run.id });
    const file = detail.ok ? detail.value!.files[0]! : null;
    expect(file?.currentPath).toContain('処理済み');
    expect(await call('shell:show-file', { fileId: file!.id })).toEqual({ ok: true, value: { shown: 'file' } });
    expect(shown).toEqual([file!.currentPath]);
    const unknown = await call('shell:show-file', { fileId: 99_999 });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('app.unknown-file');
    const bad = await call('shell:show-file', { fileId: '../../etc/passwd' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe(IPC_ERRORS.invalidPayload);
    await rm(file!.currentPath!);
    expect(await call('shell:show-file', { fileId: file!.id })).toEqual({ ok: true, value: { shown: 'folder' } });
    expect(opened.at(-1)).toBe(join(file!.currentPath!, '..'));
    expect(shown).toHaveLength(1);
  });

  it('answers every problem of the form in one 保存: the fields, the missing ファイルの配置場所 and the token', async () => {
    service = await build();
    const input = settingsInput(sandbox.baseUrl());
    input.reports[0]!.reportTypeId = 'abc';
    input.agent.root = join(dir, 'no-such-folder');
    const r = await call('settings:save', { settings: input, newToken: 'not a token!' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = (r.error as { fields?: { path: string }[] }).fields?.map((f) => f.path);
    expect(fields).toEqual(['reports.0.reportTypeId', 'agent.root', 'meisai.apiToken']);
    expect(await readdir(join(dir, 'data'))).not.toContain('settings.json');
  });

  it('refuses a ファイルの配置場所 that does not exist, at its field, and saves nothing', async () => {
    service = await build();
    const input = settingsInput(sandbox.baseUrl());
    input.agent.root = join(dir, 'no-such-folder');
    const r = await call('settings:save', { settings: input, newToken: SANDBOX_TOKEN });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect((r.error as { fields?: { path: string; message: string }[] }).fields).toEqual([
      { path: 'agent.root', message: expect.stringContaining('見つかりません') },
    ]);
    expect(await readdir(join(dir, 'data'))).not.toContain('settings.json');
  });

  it('saves settings and token; the token never comes back in full nor lands in settings.json', async () => {
    service = await build();
    const input = { ...settingsInput(sandbox.baseUrl()), meisai: { url: `${sandbox.baseUrl()}backadmin`, apiToken: 'SHOULDNOTBESTORED1' } };
    const r = await call('settings:save', { settings: input, newToken: SANDBOX_TOKEN });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.meisai).toEqual({ url: sandbox.baseUrl(), token: { saved: true, last4: SANDBOX_TOKEN.slice(-4), storage: 'encrypted', problem: null } });
    expect(JSON.stringify(r.value)).not.toContain(SANDBOX_TOKEN);
    expect(r.value.reports[0]!.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(r.value.agent.id).toBeTruthy();
    const file = await readFile(join(dir, 'data', 'settings.json'), 'utf8');
    expect(file).not.toContain(SANDBOX_TOKEN);
    expect(file).not.toContain('SHOULDNOTBESTORED1');
    expect(events.map((e) => e.channel)).toContain('settings:changed');
    expect(logger.text()).not.toContain(SANDBOX_TOKEN);

    // Saving again without a new token keeps the saved one.
    const again = await call('settings:save', { settings: r.value, newToken: null });
    expect(again.ok && again.value.meisai.token.saved).toBe(true);
    expect(await secrets.get()).toEqual({ ok: true, value: SANDBOX_TOKEN });

    // A fresh service over the same folder sees the same settings.
    const info = await call('app:info', undefined);
    expect(info.ok && info.value.agentId).toBe(r.value.agent.id);
  });

  it('tells the clerk to enter the token again when it cannot be decrypted', async () => {
    service = await build({ token: SANDBOX_TOKEN });
    await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: null });
    secrets.breakDecryption();
    await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: null });
    const view = await call('settings:get', undefined);
    expect(view.ok && view.value?.meisai.token).toMatchObject({ saved: true, last4: null, problem: expect.stringContaining('もう一度入力') });
    const test = await call('connection:test', { url: sandbox.baseUrl() });
    expect(test).toMatchObject({ ok: true, value: { outcome: 'bad-token', message: expect.stringContaining('もう一度入力') } });
  });

  it('connection test: OK with the proxy named, wrong token, wrong URL', async () => {
    service = await build();
    const okResult = await call('connection:test', { url: sandbox.baseUrl(), newToken: SANDBOX_TOKEN });
    expect(okResult).toMatchObject({ ok: true, value: { outcome: 'ok', url: sandbox.baseUrl(), proxy: expect.stringContaining('プロキシなし') } });
    const wrong = await call('connection:test', { url: sandbox.baseUrl(), newToken: 'WrongToken123' });
    expect(wrong).toMatchObject({ ok: true, value: { outcome: 'bad-token', proxy: expect.stringContaining('プロキシなし') } });
    const badUrl = await call('connection:test', { url: `http://127.0.0.1:${sandbox.port}/nosuchaccount/`, newToken: SANDBOX_TOKEN });
    expect(badUrl).toMatchObject({ ok: true, value: { outcome: 'bad-url' } });
    const notEcoServ = await call('connection:test', { url: 'https://example.com/abc/', newToken: SANDBOX_TOKEN });
    expect(notEcoServ).toMatchObject({ ok: true, value: { outcome: 'bad-url', message: expect.stringContaining('eco-serv.jp') } });
    const noToken = await call('connection:test', { url: sandbox.baseUrl() });
    expect(noToken).toMatchObject({ ok: true, value: { outcome: 'bad-token' } });
    sandbox.faults.maintenance = '503';
    const maintenance = await call('connection:test', { url: sandbox.baseUrl(), newToken: SANDBOX_TOKEN });
    expect(maintenance).toMatchObject({ ok: true, value: { outcome: 'maintenance' } });
  });

  it('start, run now, progress, history, CSV export, stop', async () => {
    service = await build();
    await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: SANDBOX_TOKEN });
    const saved = service.settings()!;
    const reportId = saved.reports[0]!.id;
    await mkdir(join(root, 'billdata'), { recursive: true });
    await mkdir(join(root, 'clientmaster'), { recursive: true });
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_20261130.csv'));
    // A document run sends the waiting customer data first, so that its customers exist.
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));

    // Already started by the save that completed the settings; 起動 again is harmless.
    const started = await call('agent:start', undefined);
    expect(started).toMatchObject({ ok: true, value: { agent: { state: 'idle' } } });
    // The running watcher sees the files by their events.
    await expect
      .poll(async () => {
        const waiting = await call('files:waiting', undefined);
        return waiting.ok && waiting.value.find((w) => w.target === reportId)?.files.map((f) => f.fileName);
      }, { timeout: 20_000 })
      .toEqual(['billdata_20261130.csv']);

    const finished = waitForEvent('history:changed', (p) => p.run.outcome !== 'running');
    const run = await call('run:now', { target: { kind: 'report', reportId } });
    expect(run.ok).toBe(true);
    const { run: summary } = (await finished) as { run: RunSummary };
    expect(summary).toMatchObject({ targetName: '請求書', trigger: 'manual', outcome: 'success', counts: { files: 2, done: 2, failed: 0 } });
    expect(events.some((e) => e.channel === 'run:progress' && (e.payload as { type: string }).type === 'file-state')).toBe(true);

    const list = await call('history:list', { target: reportId });
    expect(list.ok && list.value.runs.map((r) => r.id)).toEqual([summary.id]);
    const detail = await call('history:get', { runId: summary.id });
    expect(detail.ok && detail.value?.files.map((f) => [f.fileName, f.state.state])).toEqual([
      ['clientmaster_20261130.csv', 'done'],
      ['billdata_20261130.csv', 'done'],
    ]);
    const csv = await call('history:export-csv', {});
    expect(csv.ok && csv.value.csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.ok && csv.value.csv).toContain('billdata_20261130.csv');
    expect(csv.ok && csv.value.fileName).toMatch(/^明細コネクタ_実行履歴_\d{8}\.csv$/);
    const held = await call('history:resolve-held', { fileId: 1, action: 'resend' });
    expect(held.ok ? 'ok' : held.error.code).toBe('runner.not-held');

    expect(sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(1);

    // The same content exported again under another name: set aside as 同一内容, nothing sent…
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_again.csv'));
    const second = waitForEvent('history:changed', (p) => p.run.outcome !== 'running' && p.run.id !== summary.id);
    expect((await call('run:now', { target: { kind: 'report', reportId } })).ok).toBe(true);
    const { run: secondRun } = (await second) as { run: RunSummary };
    const again = await call('history:get', { runId: secondRun.id });
    const duplicate = again.ok ? again.value?.files.find((f) => f.fileName === 'billdata_again.csv') : undefined;
    expect(duplicate?.state.state).toBe('duplicate');
    expect(sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(1);
    // …until the clerk insists: sent in a run of its own.
    expect((await call('history:force-send', { fileId: 1 })).ok ? 'ok' : 'refused').toBe('refused');
    const forcedDone = waitForEvent('history:changed', (p) => p.run.outcome !== 'running' && p.run.id !== summary.id && p.run.id !== secondRun.id);
    const forced = await call('history:force-send', { fileId: duplicate!.id });
    expect(forced.ok).toBe(true);
    const { run: forcedRun } = (await forcedDone) as { run: RunSummary };
    expect(forced.ok && forcedRun.id).toBe(forced.ok ? forced.value.runId : '');
    expect(forcedRun).toMatchObject({ outcome: 'success', counts: { done: 1 } });
    expect(sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(2);

    const stopped = await call('agent:stop', undefined);
    expect(stopped).toMatchObject({ ok: true, value: { agent: { state: 'stopped' } } });
    const refused = await call('run:now', { target: { kind: 'customers' } });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('agent.stopped');
  });

  it('a history lost since the last start is in the status until the clerk confirms it through its channel', async () => {
    service = await build({ token: SANDBOX_TOKEN });
    await service.start({ autoStart: false });
    await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: SANDBOX_TOKEN });
    await service.dispose();
    // Saved before (settings.json carries the agent id), and history.db gone.
    await rm(join(dir, 'data', 'history.db'));
    service = await build({ token: SANDBOX_TOKEN });
    await service.start({ autoStart: false });
    const status = await call('agent:status', undefined);
    expect(status.ok && status.value.historyLoss).toMatchObject({ kind: 'missing', message: expect.stringContaining('確認するまで帳票データの送信を止めています') });
    const overlap = await call('history:resolve-overlap', { fileId: 1, choice: 'skip' });
    expect(overlap.ok ? 'ok' : overlap.error.code).toBe('runner.not-overlap');
    const published = waitForEvent('agent:status', (p) => p.historyLoss === null);
    const confirmed = await call('history:confirm-loss', undefined);
    expect(confirmed.ok && confirmed.value.historyLoss).toBe(null);
    await published;
    const again = await call('history:confirm-loss', undefined);
    expect(again.ok ? 'ok' : again.error.code).toBe('history.no-loss');
  });

  it('opens folders through the injected opener, and says when one is missing', async () => {
    service = await build();
    const none = await call('shell:open-folder', { which: 'root' });
    expect(none.ok ? 'ok' : none.error.code).toBe('app.no-settings');
    await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: SANDBOX_TOKEN });
    expect(await call('shell:open-folder', { which: 'root' })).toEqual({ ok: true, value: null });
    expect(await call('shell:open-folder', { which: 'logs' })).toEqual({ ok: true, value: null });
    expect(opened).toEqual([root, join(dir, 'data', 'logs')]);
    await rm(join(root, 'clientmaster'), { recursive: true });
    const missing = await call('shell:open-folder', { which: { target: 'customers' } });
    expect(missing.ok ? 'ok' : missing.error.message).toContain(join(root, 'clientmaster'));
    expect(await call('dialog:pick-folder', { current: null })).toEqual({ ok: true, value: root });
  });

  it('refuses to start without a token, and says where to enter it', async () => {
    service = await build();
    await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: null });
    const r = await call('agent:start', undefined);
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'app.no-token', message: expect.stringContaining('Step1') });
    expect(service.status().agent.state).toBe('stopped');
  });

  it('starts by itself when launched with complete settings, at login or by hand', async () => {
    service = await build({ token: SANDBOX_TOKEN });
    await call('settings:save', { settings: settingsInput(sandbox.baseUrl()), newToken: null });
    await service.dispose();
    service = await build({ token: SANDBOX_TOKEN });
    expect(service.status().agent.state).toBe('stopped');
    await service.start({ autoStart: true });
    expect(service.status().agent.state).toBe('idle');
    expect(events.some((e) => e.channel === 'agent:status')).toBe(true);
  });

  it('stays stopped at launch when no setting does anything (every one 連携しない), and says why in the log', async () => {
    service = await build({ token: SANDBOX_TOKEN });
    const input = settingsInput(sandbox.baseUrl());
    input.reports[0]!.timing = { mode: 'none' };
    await call('settings:save', { settings: input, newToken: null });
    await service.dispose();
    service = await build({ token: SANDBOX_TOKEN });
    await service.start({ autoStart: true });
    expect(service.status().agent.state).toBe('stopped');
    expect(logger.text()).toContain('連携する帳票データ連携設定');
  });
});
