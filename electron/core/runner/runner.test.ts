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
    // 再送待ち due at once, so that a test can take the automatic resend right away.
    options: { firstPollMs: 20, maxPollMs: 60, pollRetry: { baseMs: 10, maxMs: 40, maxAttempts: 2 }, sendRetry: { baseMs: 10, maxMs: 40, maxAttempts: 2 }, retryWait: { firstMs: 0, maxMs: 0, limitMs: 72 * 3600_000 }, random: () => 0 },
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

const retry = (s: Setup, runId: string) =>
  s.runner.execute({ runId, target: { kind: 'report', reportId: 'bill' }, trigger: 'retry', signal: new AbortController().signal, onProgress: () => {} });

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

  it('an unreachable 楽楽明細 after the quick tries: 再送待ち, the file claimed in 処理中; the automatic resend sends it once', async () => {
    const s = await make(failReportPosts('unreachable', 3));
    const summary = await run(s);
    expect(summary.outcome).toBe('retry-wait');
    expect(summary.message).toContain('1件再送待ち（「処理中」フォルダに1件）');
    expect(summary.message).toContain('自動で送信します');
    // It waits claimed, so a new export under its name is a new file and nothing writes into it.
    expect(await readdir(join(s.root, 'billdata', '処理中'))).toEqual(['billdata_20261130.csv']);
    const row = s.db.reader.getRun(summary.id)!.files.find((f) => f.kind === 'report')!;
    expect(row.state).toMatchObject({ state: 'retry-wait', attempts: 1, reason: 'unreachableのため送れませんでした。' });
    expect(s.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(0);

    const resent = await retry(s, summary.id);
    expect(resent).toMatchObject({ id: summary.id, outcome: 'success', retry: { continued: true, expired: 0 } });
    expect(s.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(1);
    expect(s.db.reader.getFile(row.id)!.state.state).toBe('done');
    expect(await readdir(join(s.root, 'billdata', '処理中'))).toEqual([]);
  });

  it('never resends a document refused with 429 within the run: 再送待ち, then the automatic resend sends it once', async () => {
    const s = await make(failReportPosts('rate-limited', 1));
    const first = await run(s);
    expect(first.outcome).toBe('retry-wait');
    expect(first.counts.failed).toBe(0);
    expect(await readdir(join(s.root, 'billdata', '処理中'))).toEqual(['billdata_20261130.csv']);
    // A new run in the meantime leaves the waiting file to its own run's resend.
    const meanwhile = await run(s);
    expect(meanwhile.message).toContain('以前の実行の再送待ちのファイルが1件あります');
    expect(s.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(0);
    const second = await retry(s, first.id);
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
