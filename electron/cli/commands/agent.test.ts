// `meisai-connector agent` end to end, in-process: the built-in sandbox over real HTTP on 127.0.0.1,
// a real temporary ファイルの配置場所 and data folder. A 「ファイル配置時」 setting picks up a file
// dropped while the agent runs; the stop signal (what SIGINT does) ends it with exit code 0.
import { spawn } from 'node:child_process';
import { copyFile, readFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from '../../core/sandbox/sandbox-server';
import { memoryIo } from '../cli-io';
import type { RunProgress, WaitingFiles } from '../../../shared/run';
import { parseSettings } from '../../../shared/settings/parse';
import { agentCommand, AGENT_HELP, emptyRunLines, NOTHING_TO_RUN_MESSAGE } from './agent';
import { ARRIVAL_BILL, billWithTiming, writeAgentConfig } from '../../../test/helpers/agent-config';

const SAMPLES = join(import.meta.dirname, '../../../resources/samples');
let work: string | null = null;
let sandbox: SandboxHandle | null = null;

afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
  if (work) await rm(work, { recursive: true, force: true });
  work = null;
});

describe('agent command', () => {
  it('prints help and refuses a missing --config', async () => {
    const io = memoryIo();
    expect(await agentCommand(['--help'], io)).toBe(0);
    expect(io.out()).toBe(AGENT_HELP);
    const io2 = memoryIo();
    expect(await agentCommand([], io2)).toBe(2);
    expect(io2.err()).toContain('--config');
  });

  it('runs a ファイルの配置時 setting when a file is dropped, logs progress, and stops cleanly on the stop signal', async () => {
    work = await mkdtemp(join(tmpdir(), 'meisai-agent-cli-'));
    sandbox = await startSandbox({ port: 0, importDelayMs: 30, rateLimitPerMinute: null });
    const root = join(work, 'userdata');
    await mkdir(join(root, 'billdata'), { recursive: true });
    await mkdir(join(root, 'clientmaster'), { recursive: true });
    // Customer data waiting too: the runner sends it before the documents that refer to it.
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    // An export under a name the setting does not take: listed with why, never sent.
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', '顧客_1130.csv'));
    const config = await writeAgentConfig(work, root, {
      reports: [
        ARRIVAL_BILL,
        { id: 'pay', name: '支払明細', reportTypeId: 15, folder: 'paydata', filePrefix: 'paydata', timing: { mode: 'schedule', every: 'month', day: 25, hour: 9, businessDay: 'previous' } },
      ],
    });
    const io = memoryIo({});
    const stop = new AbortController();
    let started = false;
    const exit = agentCommand(
      ['--config', config, '--base-url', sandbox.baseUrl(), '--token', SANDBOX_TOKEN, '--data-dir', join(work, 'data'), '--log-level', 'info'],
      io,
      {
        stopSignal: stop.signal,
        handleProcessSignals: false,
        onStarted: () => { started = true; },
        watch: { quietMs: 200, stableMs: 200, companionMs: 400 },
        engine: { requestsPerMinute: null, stableForMs: 0, runnerOptions: { firstPollMs: 20, maxPollMs: 50 } },
      },
    );
    await vi.waitFor(() => expect(started).toBe(true), { timeout: 30_000, interval: 20 });
    expect(io.out()).toContain('請求書: ファイル配置時');
    expect(io.out()).toContain('支払明細: 毎月25日 9時（土日祝日は前営業日）（次回');
    // paydata did not exist: made, as a save in the window does.
    expect(io.out()).toContain(`フォルダを作成しました: ${join(root, 'paydata')}`);
    expect(io.out()).toContain('フォルダにあっても送信しないファイル 1 件:\n      顧客_1130.csv: ファイル名が「clientmaster」で始まっていません');

    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_20261130.csv'));
    await vi.waitFor(() => expect(io.out()).toMatch(/終了: 請求書/), { timeout: 30_000, interval: 50 });
    expect(io.out()).toContain('開始: 請求書（ファイル配置時）');
    expect(io.out()).toContain('billdata_20261130.csv: 完了');
    expect(sandbox.imports().map((i) => i.kind)).toEqual(['customers', 'reports']); // customers, then the document
    // 処理中 (where a file waits while it is sent) stays, empty, beside 処理済み.
    expect(await readdir(join(root, 'billdata'))).toEqual(['処理中', '処理済み']);

    stop.abort();
    expect(await exit).toBe(0);
    expect(io.out()).toContain('エージェントを停止しました。');
    // One arrival, one run of 請求書.
    expect(io.out().match(/開始: 請求書/g)).toHaveLength(1);
    // The same agent.log the tray app writes, with the run in it and never the token.
    const log = await readFile(join(work, 'data', 'logs', 'agent.log'), 'utf8');
    expect(log).toContain('run finished');
    expect(log).not.toContain(SANDBOX_TOKEN);
    expect(io.err()).not.toContain(SANDBOX_TOKEN);
  });

  it('a stop while a file is in flight leaves it safely; the next start resumes it and nothing is sent twice', async () => {
    work = await mkdtemp(join(tmpdir(), 'meisai-agent-cli-'));
    // Slow imports, so that the stop arrives while 楽楽明細 is still importing.
    sandbox = await startSandbox({ port: 0, importDelayMs: 1500, rateLimitPerMinute: null });
    const root = join(work, 'userdata');
    const config = await writeAgentConfig(work, root, { folders: ['billdata'] });
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    const args = ['--config', config, '--base-url', sandbox.baseUrl(), '--token', SANDBOX_TOKEN, '--data-dir', join(work, 'data'), '--log-level', 'error'];
    const deps = (stop: AbortController) => ({
      stopSignal: stop.signal,
      handleProcessSignals: false,
      watch: { quietMs: 200, stableMs: 200, companionMs: 400 },
      engine: { requestsPerMinute: null, stableForMs: 0, runnerOptions: { firstPollMs: 20, maxPollMs: 50 } },
    });

    const io1 = memoryIo({});
    const stop1 = new AbortController();
    const first = agentCommand(args, io1, deps(stop1));
    await vi.waitFor(() => expect(io1.out()).toContain('エージェントを起動しました'), { timeout: 30_000, interval: 20 });
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_20261130.csv'));
    await vi.waitFor(() => expect(io1.out()).toContain('billdata_20261130.csv: 取込中'), { timeout: 30_000, interval: 20 });
    stop1.abort(); // what SIGINT does
    expect(await first).toBe(0);
    expect(io1.out()).toContain('エージェントを停止しました。');

    const io2 = memoryIo({});
    const stop2 = new AbortController();
    const second = agentCommand(args, io2, deps(stop2));
    await vi.waitFor(async () => expect(await readdir(join(root, 'billdata'))).toEqual(['処理中', '処理済み']), { timeout: 30_000, interval: 50 });
    stop2.abort();
    expect(await second).toBe(0);
    expect(io1.out()).toContain('billdata_20261130.csv: 取込状況不明'); // left recorded, not lost
    expect(io2.out()).toContain('前回中断した 1 件を再開しました');
    // Sent exactly once, across the stop and the restart.
    expect(sandbox.imports().filter((i) => i.kind === 'reports').map((i) => i.fileName)).toEqual(['billdata_20261130.csv']);
  });

  it('refuses to start (exit 2) when no setting runs by itself: it would send nothing', async () => {
    work = await mkdtemp(join(tmpdir(), 'meisai-agent-cli-'));
    const config = await writeAgentConfig(work, join(work, 'userdata'), { reports: [billWithTiming({ mode: 'manual' })] });
    const io = memoryIo({});
    expect(await agentCommand(['--config', config, '--token', SANDBOX_TOKEN, '--data-dir', join(work, 'data')], io, { handleProcessSignals: false })).toBe(2);
    expect(io.err()).toContain(NOTHING_TO_RUN_MESSAGE);
  });

  it('a scheduled run that found nothing says so, with the files it did not take and why (unless turned off)', () => {
    const parsed = parseSettings({
      version: 1,
      meisai: { url: 'https://example.eco-serv.jp/acct/' },
      agent: { root: '/r' },
      customers: { folder: 'clientmaster', filePrefix: 'clientmaster' },
      reports: [{ id: 'bill', name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', timing: { mode: 'schedule', every: 'day', hour: 9 } }],
    });
    if (!parsed.ok) throw new Error('settings');
    const settings = { ...parsed.value, agent: { ...parsed.value.agent, id: 'a' }, reports: parsed.value.reports.map((r) => ({ ...r, id: r.id ?? 'bill' })) };
    const finished = (trigger: 'schedule' | 'arrival', files = 0): RunProgress => ({
      type: 'run-finished', runId: 'run-12345678', summary: {
        id: 'run-12345678', target: { kind: 'report', reportId: 'bill' }, targetName: '請求書', trigger, startedAt: '', finishedAt: '', outcome: 'nothing',
        counts: { files, done: 0, failed: 0, skipped: 0, attention: 0 }, message: '対象なし',
      },
    });
    const waiting: WaitingFiles[] = [{
      target: 'bill', folder: '/r/billdata', folderProblem: null, files: [], schedule: null, ignoredTotal: 1,
      ignored: [{ fileName: '請求データ_1130.csv', reason: 'other-prefix', modifiedAt: null }],
    }];
    expect(emptyRunLines(finished('schedule'), settings, () => waiting)).toEqual([
      '[run-1234] 対象のファイルがありませんでした: 請求書（スケジュール）。ファイル名とフォルダが設定と合っているか確認してください。',
      '  フォルダにあっても送信しないファイル 1 件:',
      '    請求データ_1130.csv: ファイル名が「billdata」で始まっていません（ファイル名は前方一致です）',
    ]);
    expect(emptyRunLines(finished('arrival'), settings, () => waiting)).toEqual([]);
    expect(emptyRunLines(finished('schedule', 2), settings, () => waiting)).toEqual([]);
    expect(emptyRunLines(finished('schedule'), { ...settings, agent: { ...settings.agent, notifyEmptyRuns: false } }, () => waiting)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('a real SIGINT stops the process with exit code 0', async () => {
    work = await mkdtemp(join(tmpdir(), 'meisai-agent-cli-'));
    sandbox = await startSandbox({ port: 0, importDelayMs: 30, rateLimitPerMinute: null });
    const root = join(work, 'userdata');
    const config = await writeAgentConfig(work, root, { reports: [billWithTiming({ mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' })] });
    const script = join(work, 'run-agent.mts'); // .mts: ESM outside the project's package.json
    await writeFile(script, [
      `import { agentCommand } from ${JSON.stringify(join(import.meta.dirname, 'agent.ts'))};`,
      `import { processIo } from ${JSON.stringify(join(import.meta.dirname, '../cli-io.ts'))};`,
      'process.exitCode = await agentCommand(process.argv.slice(2), processIo());',
    ].join('\n'));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--config', config, '--base-url', sandbox.baseUrl(), '--token', SANDBOX_TOKEN, '--data-dir', join(work, 'data'), '--log-level', 'error'], {
      cwd: join(import.meta.dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errText = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { errText += d.toString('utf8'); });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await vi.waitFor(() => expect(out + errText).toContain('エージェントを起動しました'), { timeout: 30_000, interval: 50 });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGINT を受け取りました。');
    expect(out).toContain('エージェントを停止しました。');
  });
});
