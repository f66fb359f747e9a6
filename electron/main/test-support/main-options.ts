// The options the main-process tests start createMain with: a temporary folder for data, config,
// renderer and preload, the shipped icons, the sandbox's mode and a fast runner. Each test overrides
// only what it is about (a version, a token, a clock, the updater), so a new option is added once.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MemoryLogger } from '../../core/ports/logger';
import { createMemorySecretStore } from '../../core/secrets/memory-secret-store';
import { dataPathsFor } from '../../core/settings';
import type { MainOptions } from '../main-app';

export const TEST_ICONS = join(import.meta.dirname, '..', '..', '..', 'resources', 'icons');

/** Options for a sandboxed main process in `dir`, holding `token` (null: none saved yet). */
export function testMainOptions(dir: string, token: string | null, overrides: Partial<MainOptions> = {}): MainOptions {
  return {
    argv: ['/opt/meisai/meisai-connector'],
    env: {},
    platform: 'linux',
    execPath: '/opt/meisai/meisai-connector',
    version: '1.2.3',
    dataPaths: dataPathsFor(join(dir, 'data'), 'linux'),
    logger: new MemoryLogger(),
    logFile: join(dir, 'data', 'logs', 'agent.log'),
    rendererDir: join(dir, 'renderer'),
    preloadFile: join(dir, 'preload', 'index.cjs'),
    iconsDir: TEST_ICONS,
    configHome: join(dir, 'config'),
    newId: () => randomUUID(),
    sandbox: true,
    secretStore: createMemorySecretStore({ token }),
    tuning: { stableForMs: 0, requestsPerMinute: null, runner: { firstPollMs: 20, maxPollMs: 50 } },
    ...overrides,
  };
}

/** The settings the main-process tests save: customers and one manual 請求書 setting under `root`. */
export function testSettingsInput(baseUrl: string, root: string) {
  return {
    version: 1,
    meisai: { url: baseUrl },
    agent: { root, startAtLogin: true, notifications: true, pollFolders: false, proxyUrl: null },
    customers: { folder: 'clientmaster', filePrefix: 'clientmaster' },
    reports: [{ name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', timing: { mode: 'manual' } }],
  };
}
