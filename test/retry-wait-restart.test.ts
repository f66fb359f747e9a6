// The headless agent (what servers run) and 再送待ち across a restart: the real `agent` command in a
// child process against the sandbox in this process. Maintenance during an arrival run ends in 完了
// by itself once it is over; killed (SIGKILL) while files wait, the agent restarted later sends each
// file exactly once (counted on the sandbox), from the state the history kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from '../electron/core/sandbox/sandbox-server';
import { writeAgentConfig } from './helpers/agent-config';

const CHILD = join(import.meta.dirname, 'retry-wait-child.ts');
const SAMPLES = join(import.meta.dirname, '../resources/samples');
let work: string | null = null;
let sandbox: SandboxHandle | null = null;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sandbox?.close();
  sandbox = null;
  if (work) await rm(work, { recursive: true, force: true });
  work = null;
});

interface Agent {
  readonly child: ChildProcess;
  out(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startAgent(config: string, dataDir: string): Agent {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '--config', config, '--base-url', sandbox!.baseUrl(), '--token-file', join(work!, 'token.txt'), '--data-dir', dataDir, '--log-level', 'error'], {
    cwd: join(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout?.on('data', (d: Buffer) => { text += d.toString('utf8'); });
  child.stderr?.on('data', (d: Buffer) => { text += d.toString('utf8'); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return { child, out: () => text, exited };
}

async function setUp(): Promise<{ root: string; config: string; dataDir: string }> {
  work = await mkdtemp(join(tmpdir(), 'meisai-retry-restart-'));
  sandbox = await startSandbox({ port: 0, importDelayMs: 30, rateLimitPerMinute: null });
  const root = join(work, 'userdata');
  await writeFile(join(work, 'token.txt'), SANDBOX_TOKEN);
  const config = await writeAgentConfig(work, root, { folders: ['billdata'] });
  return { root, config, dataDir: join(work, 'data') };
}

/** The history as the agent left it (read-only, beside or after the agent). */
function fileStates(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'history.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], { kind: string; state: string }>('SELECT kind, state FROM run_files ORDER BY id').all().map((r) => `${r.kind} ${r.state}`);
  } finally {
    db.close();
  }
}

const WAIT = { timeout: 45_000, interval: 50 };

describe('the headless agent and 再送待ち', () => {
  it('maintenance during an arrival run: the files wait, then go by themselves once it is over', async () => {
    const { root, config, dataDir } = await setUp();
    sandbox!.faults.maintenance = 'html';
    const agent = startAgent(config, dataDir);
    await vi.waitFor(() => expect(agent.out()).toContain('エージェントを起動しました'), WAIT);
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_20261130.csv'));
    await vi.waitFor(() => expect(agent.out()).toMatch(/billdata_20261130\.csv: 再送待ち/), WAIT);
    await vi.waitFor(() => expect(agent.out()).toMatch(/終了: 請求書 — 請求書: 2件再送待ち（「処理中」フォルダに2件） .+に自動で送信します。/), WAIT);
    sandbox!.faults.maintenance = null;
    await vi.waitFor(async () => expect(await readdir(join(root, 'billdata'))).toEqual(['処理中', '処理済み']), WAIT);
    await vi.waitFor(() => expect(agent.out()).toMatch(/終了: 請求書 — 請求書: 2件完了/), WAIT);
    expect(sandbox!.imports().map((i) => i.kind)).toEqual(['customers', 'reports']);
    agent.child.kill('SIGTERM');
    expect((await agent.exited).code).toBe(0);
  });

  it('killed while files wait, restarted later: each file is sent exactly once', async () => {
    const { root, config, dataDir } = await setUp();
    sandbox!.faults.maintenance = '503';
    const first = startAgent(config, dataDir);
    await vi.waitFor(() => expect(first.out()).toContain('エージェントを起動しました'), WAIT);
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_20261130.csv'));
    await vi.waitFor(() => expect(first.out()).toMatch(/billdata_20261130\.csv: 再送待ち/), WAIT);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    // What the history kept: both files waiting (a customer resend caught mid-POST goes again: an upsert),
    // the document claimed in 処理中 — the restart's sweep leaves it there, its row accounts for it.
    expect(fileStates(dataDir).filter((s) => s.startsWith('report'))).toEqual(['report retry-wait']);
    expect(await readdir(join(root, 'billdata', '処理中'))).toEqual(['billdata_20261130.csv']);
    expect(sandbox!.imports()).toEqual([]);

    // Later, 楽楽明細 is back and the agent starts again: it arms its timer from the history.
    sandbox!.faults.maintenance = null;
    const second = startAgent(config, dataDir);
    await vi.waitFor(async () => expect(await readdir(join(root, 'billdata'))).toEqual(['処理中', '処理済み']), WAIT);
    await vi.waitFor(() => expect(fileStates(dataDir)).toEqual(expect.arrayContaining(['customers done', 'report done'])), WAIT);
    expect(fileStates(dataDir).filter((s) => s.includes('retry-wait'))).toEqual([]);
    const imported = sandbox!.imports().filter((i) => i.importId !== null);
    expect(imported.map((i) => [i.kind, i.fileName])).toEqual([['customers', 'clientmaster_20261130.csv'], ['reports', 'billdata_20261130.csv']]);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
