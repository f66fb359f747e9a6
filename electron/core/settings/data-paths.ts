// Where the agent keeps its own files, per OS convention, as a pure function of platform,
// environment and home folder, so each OS's answer is testable on any OS.
//
// Two kinds of files, two places:
//   - configuration (settings.json, the encrypted token): small, the clerk's own choices. On Windows
//     it stays in the roaming profile (%APPDATA%), so a domain user keeps it on any PC.
//   - state (history.db with its -wal/-shm, logs, staging, sent-ledger, agent.lock, Chromium's
//     profile): machine-local, growing (history.db reaches hundreds of MB over years), worthless or
//     harmful on another PC. Windows: %LOCALAPPDATA%, which domain profiles do not copy at every
//     logon. Linux: $XDG_STATE_HOME ("actions history (logs, history…)" in the XDG Base Directory
//     spec). macOS: Application Support, which Apple names for an app's data files (a database
//     included; Caches is purgeable and not backed up, wrong for the proof of what was sent), and
//     ~/Library/Logs for the log, where Console.app looks and Electron's app.getPath('logs') points.
// MEISAI_DATA_DIR (or the CLI's --data-dir) keeps everything in one folder: portable installs,
// servers, tests. The tray app that wrote everything into the configuration folder (before 0.2)
// is the `legacyDir` that data-move.ts empties once.
import { posix, win32 } from 'node:path';

export const APP_DIR_NAME = 'meisai-connector';

export interface DataPaths {
  /** settings.json and api-token.json. */
  readonly configDir: string;
  /**
   * The state folder: history.db, staging, sent-ledger/, agent.lock (one agent per state folder)
   * and the tray app's Chromium profile. Called dataDir because it is the data the agent keeps.
   */
  readonly dataDir: string;
  readonly settingsFile: string;
  /** The API token, encrypted by the OS (tray app only). */
  readonly tokenFile: string;
  readonly historyDb: string;
  readonly logDir: string;
  /** Files being worked on: copied here from the clerk's folder before sending. */
  readonly stagingDir: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the paths come from, and the one folder that older versions kept everything in. */
export interface DataLayout {
  readonly paths: DataPaths;
  /** The single folder of versions before the split; null when nothing can be there (one-folder layouts). */
  readonly legacyDir: string | null;
}

const pathFor = (platform: string) => (platform === 'win32' ? win32 : posix);

/** An XDG variable counts only when absolute (the spec says a relative one is ignored). */
function xdg(env: Env, name: string, fallback: string): string {
  const v = env[name]?.trim();
  return v && posix.isAbsolute(v) ? v : fallback;
}

function windowsFolder(env: Env, name: 'APPDATA' | 'LOCALAPPDATA', homedir: string): string {
  const v = env[name]?.trim();
  if (v) return v;
  return win32.join(homedir, 'AppData', name === 'APPDATA' ? 'Roaming' : 'Local');
}

/** Everything in one folder: MEISAI_DATA_DIR, --data-dir, tests, the demo. */
export function dataPathsFor(dataDir: string, platform: string): DataPaths {
  return splitPaths({ configDir: dataDir, stateDir: dataDir, logDir: pathFor(platform).join(dataDir, 'logs') }, platform);
}

function splitPaths(dirs: { readonly configDir: string; readonly stateDir: string; readonly logDir: string }, platform: string): DataPaths {
  const p = pathFor(platform);
  return {
    configDir: dirs.configDir,
    dataDir: dirs.stateDir,
    settingsFile: p.join(dirs.configDir, 'settings.json'),
    tokenFile: p.join(dirs.configDir, 'api-token.json'),
    historyDb: p.join(dirs.stateDir, 'history.db'),
    logDir: dirs.logDir,
    stagingDir: p.join(dirs.stateDir, 'staging'),
  };
}

/** The platform's folders, or MEISAI_DATA_DIR's one folder; with the folder older versions used. */
export function defaultDataLayout(platform: string, env: Env, homedir: string): DataLayout {
  const override = env.MEISAI_DATA_DIR?.trim();
  if (override) return { paths: dataPathsFor(override, platform), legacyDir: null };
  const p = pathFor(platform);
  let configDir: string;
  let stateDir: string;
  let logDir: string;
  if (platform === 'win32') {
    configDir = win32.join(windowsFolder(env, 'APPDATA', homedir), APP_DIR_NAME);
    stateDir = win32.join(windowsFolder(env, 'LOCALAPPDATA', homedir), APP_DIR_NAME);
    logDir = win32.join(stateDir, 'logs');
  } else if (platform === 'darwin') {
    configDir = posix.join(homedir, 'Library', 'Application Support', APP_DIR_NAME);
    stateDir = configDir;
    logDir = posix.join(homedir, 'Library', 'Logs', APP_DIR_NAME);
  } else {
    configDir = posix.join(xdg(env, 'XDG_CONFIG_HOME', posix.join(homedir, '.config')), APP_DIR_NAME);
    stateDir = posix.join(xdg(env, 'XDG_STATE_HOME', posix.join(homedir, '.local', 'state')), APP_DIR_NAME);
    logDir = posix.join(stateDir, 'logs');
  }
  // Before the split every file lived in what is now the configuration folder.
  return { paths: splitPaths({ configDir, stateDir, logDir }, platform), legacyDir: p.normalize(configDir) };
}

export function defaultDataPaths(platform: string, env: Env, homedir: string): DataPaths {
  return defaultDataLayout(platform, env, homedir).paths;
}
