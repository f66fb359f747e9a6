// The frame every settings-window scenario runs in: the window built as shipped and served on
// loopback, the real app service on a temporary data folder with the sandbox, Chromium on the page,
// and a way to call main as the tray does. Settings and samples a clerk would have are here too, so
// each scenario file says only what it is about.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunDetail, RunTarget } from '../../shared/run';
import type { SettingsInput } from '../../shared/settings/schema';
import { startAppHost, type AppHost, type AppHostOptions } from './host/app-host';
import { buildRenderer } from './host/build-renderer';
import { serveStatic, type StaticServer } from './host/static-server';
import { openWindowSession, type WindowSession } from './host/window-session';
import { field } from './host/window-helpers';

/** The repository's own sample files (what the demo sends). */
export const SAMPLES_DIR = fileURLToPath(new URL('../../resources/samples/', import.meta.url));

export interface Scenario {
  readonly server: StaticServer;
  readonly host: AppHost;
  readonly session: WindowSession;
  /** Calls main the way the tray menu does (no window involved); throws on a refusal. */
  invoke<T>(channel: string, payload: unknown): Promise<T>;
  /** Starts a run from the tray and waits for its end in the history. */
  runFromTray(target: RunTarget): Promise<RunDetail>;
  close(): Promise<void>;
}

export async function startScenario(options: AppHostOptions = {}): Promise<Scenario> {
  const outDir = await mkdtemp(join(tmpdir(), 'meisai-renderer-'));
  await buildRenderer(outDir);
  const server = await serveStatic(outDir);
  const host = await startAppHost(options);
  const session = await openWindowSession(server.url, host.dispatch, host.subscribeAll);
  const invoke = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = (await host.dispatch(channel, payload, true)) as { ok: true; value: T } | { ok: false; error: { message: string } };
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  };
  return {
    server,
    host,
    session,
    invoke,
    async runFromTray(target) {
      const { runId } = await invoke<{ runId: string }>('run:now', { target });
      await expect.poll(async () => (await invoke<RunDetail | null>('history:get', { runId }))?.outcome ?? 'running', { timeout: 30_000 }).not.toBe('running');
      return invoke<RunDetail>('history:get', { runId });
    },
    async close() {
      await session.close();
      await host.close();
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

type ReportInput = SettingsInput['reports'][number];

/** A document setting for the sandbox tenant (請求書 is its document type 14), manual unless told. */
export function reportSetting(name: string, folder: string, change: Partial<ReportInput> = {}): ReportInput {
  return { name, reportTypeId: 14, folder, filePrefix: folder, firstLine: 'skip', approve: false, approvalFlowId: null, timing: { mode: 'manual' }, ...change };
}

/** Settings as a clerk would save them: the customer master in clientmaster, then the documents. */
export function clerkSettings(root: string, url: string, reports: readonly ReportInput[]): SettingsInput {
  return {
    version: 1,
    meisai: { url },
    agent: { root, startAtLogin: false, notifications: false, pollFolders: false, proxyUrl: null },
    customers: { settingId: null, folder: 'clientmaster', filePrefix: 'clientmaster', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
    reports: [...reports],
  };
}

/** Types into settings fields, by schema path, in the order given (as a clerk goes down the form). */
export async function fillFields(page: Page, values: Readonly<Record<string, string>>): Promise<void> {
  for (const [path, value] of Object.entries(values)) await field(page, path).fill(value);
}
