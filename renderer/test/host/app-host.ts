// The main side of the browser tests: H5's app service — the very object the Electron main wires to
// ipcMain — built in plain Node on real collaborators: a temporary data folder (settings.json and the
// SQLite history), the runner and agent, and H1's 楽楽明細 sandbox on loopback. The only stand-ins
// are what Electron itself provides (the OS folder dialog, shell.openPath and showItemInFolder, safeStorage → the memory
// token store, the proxy lookup → direct); the IPC transport is page-bridge.ts.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppService, type AppService } from '../../../electron/core/app';
import { systemClock } from '../../../electron/core/ports/clock';
import { MemoryLogger } from '../../../electron/core/ports/logger';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from '../../../electron/core/sandbox/sandbox-server';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-secret-store';
import { dataPathsFor } from '../../../electron/core/settings';
import type { Dispatch, SubscribeAll } from './page-bridge';

export interface AppHost {
  readonly service: AppService;
  readonly dispatch: Dispatch;
  readonly subscribeAll: SubscribeAll;
  readonly sandbox: SandboxHandle;
  /** The sandbox tenant's 「楽楽明細」URL (http://127.0.0.1:PORT/sandbox/). */
  readonly sandboxUrl: string;
  readonly sandboxToken: string;
  /** ファイルの配置場所: what the (stand-in) folder dialog answers. */
  readonly rootDir: string;
  /** The files shell.showItemInFolder (stand-in) was asked to show, in order. */
  readonly shownFiles: readonly string[];
  readonly logger: MemoryLogger;
  close(): Promise<void>;
}

export interface AppHostOptions {
  /** Lays out the data folder before the app service opens it (e.g. what an earlier start left). */
  readonly prepareDataDir?: (dataDir: string) => Promise<void>;
}

export async function startAppHost(options: AppHostOptions = {}): Promise<AppHost> {
  const dir = await mkdtemp(join(tmpdir(), 'meisai-window-'));
  const rootDir = join(dir, 'files');
  await mkdir(rootDir, { recursive: true });
  await options.prepareDataDir?.(join(dir, 'data'));
  // Imports stay 取込中 long enough for the window to show it; no rate limit to wait out in tests.
  const sandbox = await startSandbox({ importDelayMs: 300, rateLimitPerMinute: null });
  const logger = new MemoryLogger();
  const shown: string[] = [];
  const created = await createAppService({
    dataPaths: dataPathsFor(join(dir, 'data'), process.platform),
    clock: systemClock,
    logger,
    secretStore: createMemorySecretStore({ token: null }),
    pickFolder: async () => rootDir,
    openPath: async () => '',
    showItemInFolder: (path) => void shown.push(path),
    // The save dialog answers a file in the test's folder under the name main suggests.
    pickSaveFile: async (suggestedName) => join(dir, suggestedName),
    newId: () => randomUUID(),
    version: '0.1.0',
    platform: process.platform,
    resolveProxy: async () => 'DIRECT',
    logFile: join(dir, 'data', 'logs', 'agent.log'),
    sandbox: true,
    // 再送待ち a second or two apart (the product waits up to a minute first): a scenario turns the
    // maintenance off and waits for the automatic resend to end the run in 完了.
    tuning: { stableForMs: 0, requestsPerMinute: null, runner: { firstPollMs: 50, maxPollMs: 100, retryWait: { firstMs: 1_500, maxMs: 3_000, limitMs: 72 * 3600_000 } } },
  });
  if (!created.ok) {
    await sandbox.close();
    throw new Error(`app service: ${created.error.message}`);
  }
  const service = created.value;
  await service.start({ autoStart: true });
  return {
    service,
    dispatch: service.dispatch,
    subscribeAll: (listener) => service.events.onAny(listener),
    sandbox,
    sandboxUrl: sandbox.baseUrl(),
    sandboxToken: SANDBOX_TOKEN,
    rootDir,
    shownFiles: shown,
    logger,
    async close() {
      await service.dispose({ graceful: false });
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
