// A temporary ファイルの配置場所 + data folder + the sandbox over real HTTP + the engine, for runner
// and CLI tests. Fast polling and short retries; no assertion ever depends on timing.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok } from '../../shared/result';
import type { RunProgress, RunSummary, RunTarget } from '../../shared/run';
import type { Settings, SettingsInput } from '../../shared/settings/schema';
import type { AgentWatchOptions } from '../../electron/core/agent/agent';
import type { ClientTimeouts } from '../../electron/core/api/meisai-client';
import { settingsFromRaw } from '../../electron/cli/load-config';
import { openEngine, type Engine } from '../../electron/core/engine/engine';
import type { HistoryReader } from '../../electron/core/history/history-interface';
import { systemClock, type Clock } from '../../electron/core/ports/clock';
import { MemoryLogger } from '../../electron/core/ports/logger';
import { createDefaultFileOps } from '../../electron/core/runner/default-file-ops';
import type { ExclusiveOpener } from '../../electron/core/files';
import type { FileOps } from '../../electron/core/runner/file-ops';
import type { RunnerOptions } from '../../electron/core/runner/runner';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle, type SandboxOptions } from '../../electron/core/sandbox/sandbox-server';
import { dataPathsFor, type DataPaths } from '../../electron/core/settings/data-paths';

export { FIXTURE_SAMPLES } from '../fixture-samples';
import { FIXTURE_SAMPLES } from '../fixture-samples';
export const SHIPPED_SAMPLES = join(import.meta.dirname, '../../resources/samples');

export const FAST_RUNNER: RunnerOptions = {
  firstPollMs: 30,
  maxPollMs: 100,
  pollRetry: { baseMs: 20, maxMs: 80, maxAttempts: 3 },
  sendRetry: { baseMs: 20, maxMs: 80, maxAttempts: 2 },
  // 再送待ち is due at once: a test takes the automatic resend when it chooses (retryRun below).
  retryWait: { firstMs: 0, maxMs: 0, limitMs: 72 * 3600_000 },
  random: () => 0.5,
};

export function fixtureSettings(baseUrl: string, root: string): SettingsInput {
  return {
    version: 1,
    meisai: { url: baseUrl },
    agent: { root },
    customers: { settingId: 1, folder: 'clientmaster', filePrefix: 'clientmaster', firstLine: 'skip' },
    reports: [
      { id: 'bill', name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', firstLine: 'skip', timing: { mode: 'manual' } },
      { id: 'pay', name: '支払明細', reportTypeId: 15, folder: 'paydata', filePrefix: 'paydata', firstLine: 'skip', timing: { mode: 'manual' } },
    ],
  };
}

/** The engine as the tests use it: the history it reads as `db.reader`, as the tests always did. */
export type FixtureEngine = Engine & { readonly db: { readonly reader: HistoryReader } };

export interface Fixture {
  readonly work: string;
  /** The settings in force (fixtureSettings, changed by the `settings` option). */
  readonly settings: Settings;
  readonly root: string;
  readonly paths: DataPaths;
  readonly sandbox: SandboxHandle;
  readonly logger: MemoryLogger;
  engine: FixtureEngine;
  /** Copies a sample into `<root>/<folder>/` (as `asName`), dated a minute ago so it counts as stable. */
  place(folder: string, sample: string, asName?: string): Promise<string>;
  /** Writes bytes as a file in `<root>/<folder>/`, dated a minute ago. */
  write(folder: string, name: string, bytes: Uint8Array | string): Promise<string>;
  run(target: RunTarget, onProgress?: (p: RunProgress) => void, signal?: AbortSignal): Promise<RunSummary>;
  /** The automatic resend of a run whose files wait in 再送待ち (what the agent's retry timer queues). */
  retryRun(runId: string, onProgress?: (p: RunProgress) => void): Promise<RunSummary>;
  /** Names in a folder under the root (recursively, relative). */
  tree(folder: string): Promise<string[]>;
  /** Re-opens the engine (new runner, same database): what a restart does. */
  reopen(overrides?: FixtureOptions): void;
  close(): Promise<void>;
}

export interface FixtureOptions {
  readonly sandbox?: SandboxOptions;
  readonly runner?: RunnerOptions;
  readonly files?: (base: FileOps) => FileOps;
  readonly timeouts?: ClientTimeouts;
  readonly maxAnswerBytes?: number;
  /** Stands in for Windows' lock (EBUSY when Excel holds a file), which Linux does not have. */
  readonly opener?: ExclusiveOpener;
  /** The engine's clock (a ManualClock for agent tests); the real one by default. */
  readonly clock?: Clock;
  /** Changes the fixture's settings (a setting's 連携タイミング, a wrong 帳票種別ID, a setting marked 連携しない…). */
  readonly settings?: (base: SettingsInput) => SettingsInput;
  /** The agent's watcher tuning (engine.createAgent). */
  readonly watch?: AgentWatchOptions;
}

export async function createFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const work = await mkdtemp(join(tmpdir(), 'meisai-test-'));
  const root = join(work, 'userdata');
  const paths = dataPathsFor(join(work, 'data'), process.platform);
  const sandbox = await startSandbox({ port: 0, importDelayMs: 60, rateLimitPerMinute: null, ...options.sandbox });
  const logger = new MemoryLogger();
  const base = fixtureSettings(sandbox.baseUrl(), root);
  const loaded = settingsFromRaw(options.settings ? options.settings(base) : base, { baseUrl: sandbox.baseUrl() });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const { settings } = loaded;

  const open = (o: FixtureOptions): FixtureEngine => {
    // The default file operations, but with the test's lock stand-in when there is one.
    const clock = o.clock ?? systemClock;
    const baseOps = createDefaultFileOps({ stagingDir: paths.stagingDir, clock, logger, stableForMs: 0, ...(o.opener ? { opener: o.opener } : {}) });
    const engine = openEngine({
      paths,
      purpose: 'test',
      settings: () => settings,
      token: async () => ok(SANDBOX_TOKEN),
      network: {
        resolveProxy: null, ca: null, requestsPerMinute: null, timeouts: o.timeouts ?? { connectMs: 2_000, responseMs: 5_000 },
        ...(o.maxAnswerBytes !== undefined ? { maxAnswerBytes: o.maxAnswerBytes } : {}),
      },
      clock,
      logger,
      tuning: { runner: { ...FAST_RUNNER, ...o.runner }, files: () => (o.files ? o.files(baseOps) : baseOps), ...(o.watch ? { watch: o.watch } : {}) },
    });
    if (!engine.ok) throw new Error(engine.error.message);
    return { ...engine.value, db: { reader: engine.value.history } };
  };

  const past = new Date(Date.now() - 60_000);
  const fixture: Fixture = {
    work,
    settings,
    root,
    paths,
    sandbox,
    logger,
    engine: open(options),
    async place(folder, sample, asName) {
      const dir = join(root, folder);
      await mkdir(dir, { recursive: true });
      const from = sample.startsWith('/') ? sample : join(sample.startsWith('bad/') ? FIXTURE_SAMPLES : SHIPPED_SAMPLES, sample);
      const target = join(dir, asName ?? sample.split('/').pop()!);
      await copyFile(from, target);
      await utimes(target, past, past);
      return target;
    },
    async write(folder, name, bytes) {
      const dir = join(root, folder);
      await mkdir(dir, { recursive: true });
      const target = join(dir, name);
      await writeFile(target, bytes);
      await utimes(target, past, past);
      return target;
    },
    run(target, onProgress, signal) {
      return fixture.engine.runner.execute({
        runId: randomUUID(),
        target,
        trigger: 'manual',
        signal: signal ?? new AbortController().signal,
        onProgress: onProgress ?? (() => {}),
      });
    },
    retryRun(runId, onProgress) {
      const target = fixture.engine.db.reader.getRun(runId)?.target ?? { kind: 'customers' };
      return fixture.engine.runner.execute({ runId, target, trigger: 'retry', signal: new AbortController().signal, onProgress: onProgress ?? (() => {}) });
    },
    async tree(folder) {
      const out: string[] = [];
      const walk = async (dir: string, rel: string) => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const r = rel === '' ? e.name : `${rel}/${e.name}`;
          if (e.isDirectory()) await walk(join(dir, e.name), r);
          else out.push(r);
        }
      };
      await walk(join(root, folder), '');
      return out.sort();
    },
    reopen(overrides) {
      fixture.engine.close();
      fixture.engine = open({ ...options, ...overrides });
    },
    async close() {
      fixture.engine.close();
      await sandbox.close();
      await rm(work, { recursive: true, force: true });
    },
  };
  return fixture;
}

