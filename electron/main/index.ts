// Entry point of the tray app: the real Electron module and the real paths, handed to createMain.
// Everything else lives in main-app.ts and the pure modules beside it.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { systemClock } from '../core/ports/clock';
import { createConsoleLogger, createRedactor, openAgentLog } from '../core/logging';
import { describeSettled, settleDataFolders } from '../core/settings/data-move';
import { defaultDataLayout } from '../core/settings/data-paths';
import type { ElectronLike } from './electron-like';
import { createMain, type MainHandle } from './main-app';
import { openUpdater, updateFeedPlan } from './update-feed';

const here = dirname(fileURLToPath(import.meta.url));
const packaged = electron.app.isPackaged;
// Before anything opens the history, the log or Chromium's profile: the one-time move of the state
// out of the roaming folder older versions used (core/settings/data-move.ts). The old folder stays in
// force when the move cannot be made now (another agent holds it, a full disk); the next start tries again.
const settled = settleDataFolders({ layout: defaultDataLayout(process.platform, process.env, homedir()), platform: process.platform, move: true });
const dataPaths = settled.paths;
const redactor = createRedactor();
const logger = openAgentLog({
  logDir: dataPaths.logDir,
  clock: systemClock,
  level: process.env.MEISAI_LOG_LEVEL === 'debug' ? 'debug' : 'info',
  redactor,
  ...(packaged ? {} : { alsoTo: createConsoleLogger({ level: 'debug', redactor, clock: systemClock }) }),
});
redactor.registerSecret(process.env.MEISAI_API_TOKEN);
const moveReport = describeSettled(settled);
if (moveReport !== null) logger[moveReport.level](moveReport.message, moveReport.fields);

// The compiler checks here that the real module fits the interface the wiring test fakes.
const electronApi: ElectronLike = electron;

// Kept in a module-level binding for the life of the process: the tray and its handlers hang off it.
export const main: MainHandle = createMain(electronApi, {
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  execPath: process.execPath,
  version: electron.app.getVersion(),
  dataPaths,
  logger,
  logFile: logger.file,
  // out/main/index.js → out/renderer, out/preload
  rendererDir: join(here, '..', 'renderer'),
  preloadFile: join(here, '..', 'preload', 'index.cjs'),
  iconsDir: packaged ? join(process.resourcesPath, 'icons') : join(here, '..', '..', 'resources', 'icons'),
  devServerUrl: packaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  configHome: process.env.XDG_CONFIG_HOME && process.env.XDG_CONFIG_HOME.startsWith('/') ? process.env.XDG_CONFIG_HOME : join(homedir(), '.config'),
  sandbox: process.env.MEISAI_SANDBOX === '1',
  openUpdater: async () => {
    const plan = updateFeedPlan({ isPackaged: packaged, platform: process.platform, resourcesPath: process.resourcesPath });
    return plan.kind === 'off' ? { updater: null, disabledReason: plan.reason } : { updater: await openUpdater(plan, logger) };
  },
});

// The end-to-end test (e2e.electron.test.ts) drives the tray through this handle, since Playwright
// cannot click a native tray menu. Only when explicitly asked.
if (process.env.MEISAI_E2E === '1') (globalThis as { __meisaiMain?: MainHandle }).__meisaiMain = main;

// Nothing may stop the agent silently: an error no code expected is logged with its stack, shown in
// the tray (エラーあり) and told to the clerk; the agent goes on (every file's state is in SQLite).
process.on('uncaughtException', (error) => main.reportFault(error));
process.on('unhandledRejection', (reason) => main.reportFault(reason));
