// Proves the boundaries in eslint.config.js hold: for each zone, an import planted in a real path of
// that zone is refused by the project's own lint configuration (ESLint's Node API, the config file
// as `npm run lint` loads it), however it is spelled, and a legal import beside it passes.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids that refuse `code` as if it were the file at `path` (repository-relative). */
async function refusals(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const BOUNDARY_RULES = ['local/import-zones', 'no-restricted-imports', 'no-restricted-properties'];
const boundaryRefusals = async (path: string, code: string) => (await refusals(path, code)).filter((r) => BOUNDARY_RULES.includes(r) || r.startsWith('fatal'));

describe('lint zones', () => {
  it.each([
    // The core never reaches up into main, the CLI or the window.
    ['electron/core/runner/planted.ts', `import { createMain } from '../../main/main-app';\nexport { createMain };`],
    ['electron/core/runner/planted.ts', `export { main } from '../../cli/main';`],
    ['electron/core/runner/planted.ts', `export type { X } from '../../../renderer/src/app';`],
    ['electron/core/app/planted.ts', `export const load = () => import('../../main/tray-menu');`],
    // shared/ depends on nothing outside shared/ — the very import that used to pass.
    ['shared/planted.ts', `import { createRunner } from '../electron/core/runner/runner';\nexport { createRunner };`],
    ['shared/ipc/planted.ts', `export * from '../../renderer/src/bridge';`],
    ['shared/settings/planted.ts', `import type { Clock } from '../../electron/core/ports/clock';\nexport type C = Clock;`],
    ['shared/planted.ts', `export type T = import('../bench/run').X;`],
    // The window never reaches into electron/.
    ['renderer/src/stores/planted.ts', `import { createAppService } from '../../../electron/core/app';\nexport { createAppService };`],
    ['renderer/src/planted.tsx', `export { buildApi } from '../../electron/preload/build-api';`],
    // The sandboxed preload bundles what it imports: the contract, never the core.
    ['electron/preload/planted.ts', `export { createDispatch } from '../core/app/dispatch';`],
    // ipcMain only in the IPC wiring module.
    ['electron/main/tray-controller.ts', `import { ipcMain } from 'electron';\nipcMain.handle('x', async () => null);`],
    ['electron/main/notifier.ts', `import type { ElectronLike } from './electron-like';\nexport const wire = (e: ElectronLike) => e.ipcMain.handle('x', async () => null);`],
    ['electron/core/app/planted.ts', `export const wire = (e: { ipcMain: { handle(c: string): void } }) => e.ipcMain.handle('x');`],
  ])('refuses %s: %s', async (path, code) => {
    expect(await boundaryRefusals(path, code)).not.toEqual([]);
    expect((await refusals(path, code)).some((r) => r.startsWith('fatal'))).toBe(false);
  });

  it.each([
    ['electron/core/runner/planted.ts', `import { systemClock } from '../ports/clock';\nimport { ok } from '../../../shared/result';\nexport { systemClock, ok };`],
    ['electron/main/tray-menu-planted.ts', `import { createAppService } from '../core/app';\nexport { createAppService };`],
    ['electron/cli/planted.ts', `import { createAppService } from '../core/app';\nexport { createAppService };`],
    ['shared/planted.ts', `import { ok } from './result';\nimport { z } from 'zod';\nexport { ok, z };`],
    ['shared/ipc/planted.ts', `export { runTargetSchema } from '../run';`],
    ['renderer/src/stores/planted.ts', `import type { RunTarget } from '../../../shared/run';\nexport type T = RunTarget;`],
    ['electron/preload/planted.ts', `export { INVOKE_CHANNELS } from '../../shared/ipc/channels';\nexport { buildApi } from './build-api';`],
    ['electron/main/ipc-wiring.ts', `import type { ElectronLike } from './electron-like';\nexport const wire = (e: ElectronLike) => e.ipcMain.removeHandler('x');`],
  ])('lets %s import what its layer may: %s', async (path, code) => {
    expect(await boundaryRefusals(path, code)).toEqual([]);
  });
});
