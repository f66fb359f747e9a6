// The runner with its collaborators handed in (real sandbox over HTTP, real SQLite, real folders),
// wrapped where a fault cannot be provoked on loopback: a POST refused before it left the PC, a 429,
// a history write that fails.
import { copyFile, mkdir, mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appError, err } from '../../../shared/result';
import { parseSettings, assignIds } from '../../../shared/settings/parse';
import type { Settings } from '../../../shared/settings/schema';
import { createMeisaiClient } from '../api/meisai-client';
import type { ApiError, MeisaiApi } from '../api/types';
import { openHistoryDatabase, type HistoryDatabase, type HistoryWriter } from '../history';
import { systemClock } from '../ports/clock';
import { MemoryLogger } from '../ports/logger';
import { preflight } from '../preflight';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from '../sandbox/sandbox-server';
import { createDefaultFileOps } from './default-file-ops';
import { createRunner, type Runner } from './runner';

const SAMPLES = join(import.meta.dirname, '../../../resources/samples');

interface Setup {
  work: string;
  root: string;
  sandbox: SandboxHandle;
  db: HistoryDatabase;
  runner: Runner;
  logger: MemoryLogger;
}

let setup: Setup | null = null;
afterEach(async () => {
  if (!setup) return;
  setup.db.close();
  await setup.sandbox.close();
  await rm(setup.work, { recursive: true, force: true });
  setup = null;
});

async function make(wrap: (api: MeisaiApi) => MeisaiApi = (a) => a, wrapHistory: (h: HistoryWriter) => HistoryWriter = (h) => h): Promise<Setup> {
  const work = await mkdtemp(join(tmpdir(), 'meisai-runner-'));
  const root = join(work, 'userdata');
  const sandbox = await startSandbox({ port: 0, importDelayMs: 40, rateLimitPerMinute: null });
  const logger = new MemoryLogger();
  const opened = openHistoryDatabase(join(work, 'history.db'), { logger, clock: systemClock });
  if (!opened.ok) throw new Error(opened.error.message);
  const parsed = parseSettings(
    {
      version: 1,
      meisai: { url: sandbox.baseUrl() },
      agent: { root },
      customers: { settingId: 1, folder: 'clientmaster', filePrefix: 'clientmaster' },
      reports: [{ id: 'bill', name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', timing: { mode: 'manual' } }],
    },
    { allowLoopbackUrl: true },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const settings: Settings = assignIds(parsed.value, () => 'agent-1');
  const api = wrap(createMeisaiClient({ baseUrl: sandbox.baseUrl(), token: SANDBOX_TOKEN, logger }));
  const runner = createRunner({
    settings: () => settings,
    api,
    history: { reader: opened.value.reader, writer: wrapHistory(opened.value.writer), lines: opened.value.sentLines },
    clock: systemClock,
    logger,
    files: createDefaultFileOps({ stagingDir: join(work, 'staging'), clock: systemClock, logger, stableForMs: 0 }),
    preflight,
    options: { firstPollMs: 20, maxPollMs: 60, pollRetry: { baseMs: 10, maxMs: 40, maxAttempts: 2 }, sendRetry: { baseMs: 10, maxMs: 40, maxAttempts: 2 }, random: () => 0 },
  });
  const past = new Date(Date.now() - 60_000);
  for (const [folder, file] of [['clientmaster', 'clientmaster_20261130.csv'], ['billdata', 'billdata_20261130.csv']] as const) {
    await mkdir(join(root, folder), { recursive: true });
    await copyFile(join(SAMPLES, file), join(root, folder, file));
    await utimes(join(root, folder, file), past, past);
  }
  setup = { work, root, sandbox, db: opened.value, runner, logger };
  return setup;
}

const run = (s: Setup) =>
  s.runner.execute({ runId: `run-${Math.random().toString(36).slice(2)}`, target: { kind: 'report', reportId: 'bill' }, trigger: 'manual', signal: new AbortController().signal, onProgress: () => {} });

const failing = (kind: ApiError['kind']): ApiError => ({ kind, message: `${kind}のため送れませんでした。`, detail: kind }) as ApiError;

/** The first `n` document POSTs fail with `kind` without reaching the sandbox. */
function failReportPosts(kind: ApiError['kind'], n: number): (api: MeisaiApi) => MeisaiApi {
  let left = n;
  return (api) => ({
    ...api,
    importReports: async (request, signal) => (left-- > 0 ? { ok: false, error: failing(kind) } : api.importReports(request, signal)),
  });
}

describe('createRunner', () => {
  it('resends a document POST that never left the PC (unreachable), once it gets through', async () => {
    const s = await make(failReportPosts('unreachable', 1));
    const summary = await run(s);
    expect(summary.outcome).toBe('success');
    expect(s.sandbox.imports().map((i) => i.kind)).toEqual(['customers', 'reports']);
  });

  it('gives up on an unreachable 楽楽明細 after the bound: the file stays for the next run', async () => {
    const s = await make(failReportPosts('unreachable', 99));
    const summary = await run(s);
    expect(summary.outcome).toBe('partial');
    expect(summary.message).toContain('unreachableのため送れませんでした');
    expect(summary.message).toContain('次回');
    expect(await readdir(join(s.root, 'billdata'))).toContain('billdata_20261130.csv');
    expect(s.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(0);
  });

  it('never resends a document refused with 429 within the run; the next run sends it once', async () => {
    const s = await make(failReportPosts('rate-limited', 1));
    const first = await run(s);
    expect(first.counts.failed).toBe(1);
    expect(await readdir(join(s.root, 'billdata'))).toContain('billdata_20261130.csv');
    const second = await run(s);
    expect(second.outcome).toBe('success');
    expect(s.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(1);
  });

  it('stops before the POST when the history cannot record `sending` (disk full): nothing sent, file in place', async () => {
    const s = await make(undefined, (h) => ({
      ...h,
      setFileState: (id, state, extra) =>
        state.state === 'sending' ? err(appError('history.storage', 'ディスクの空き容量が足りません。', 'SQLITE_FULL')) : h.setFileState(id, state, extra),
    }));
    const summary = await run(s);
    expect(summary.outcome).toBe('failed');
    expect(summary.message).toContain('実行履歴を保存できないため中断しました');
    expect(s.sandbox.imports()).toHaveLength(0);
    expect(await readdir(join(s.root, 'clientmaster'))).toContain('clientmaster_20261130.csv');
  });

  it('refuses a report setting that no longer exists, as a failed run', async () => {
    const s = await make();
    const summary = await s.runner.execute({ runId: 'r-missing', target: { kind: 'report', reportId: 'gone' }, trigger: 'schedule', signal: new AbortController().signal, onProgress: () => {} });
    expect(summary.outcome).toBe('failed');
    expect(summary.message).toContain('見つかりません');
    expect(s.sandbox.requestCount()).toBe(0);
  });
});
