// Where the agent keeps its own files (settings, history.db, logs, staging), per OS convention. A pure
// function of platform, environment and home folder, so each OS's answer is testable on any OS.
import { posix, win32 } from 'node:path';

export const APP_DIR_NAME = 'meisai-connector';

export interface DataPaths {
  readonly dataDir: string;
  readonly settingsFile: string;
  readonly historyDb: string;
  readonly logDir: string;
  /** Files being worked on: moved here from the clerk's folder before sending. */
  readonly stagingDir: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Windows: %APPDATA%\meisai-connector; macOS: ~/Library/Application Support/meisai-connector;
 * Linux and others: $XDG_CONFIG_HOME/meisai-connector (absolute only, per the XDG spec) or
 * ~/.config/meisai-connector. MEISAI_DATA_DIR overrides all (portable installs, the demo, tests).
 */
export function defaultDataDir(platform: string, env: Env, homedir: string): string {
  const override = env.MEISAI_DATA_DIR?.trim();
  if (override) return override;
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim();
    return win32.join(appData ? appData : win32.join(homedir, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return posix.join(homedir, 'Library', 'Application Support', APP_DIR_NAME);
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(homedir, '.config'), APP_DIR_NAME);
}

export function dataPathsFor(dataDir: string, platform: string): DataPaths {
  const p = platform === 'win32' ? win32 : posix;
  return {
    dataDir,
    settingsFile: p.join(dataDir, 'settings.json'),
    historyDb: p.join(dataDir, 'history.db'),
    logDir: p.join(dataDir, 'logs'),
    stagingDir: p.join(dataDir, 'staging'),
  };
}

export function defaultDataPaths(platform: string, env: Env, homedir: string): DataPaths {
  return dataPathsFor(defaultDataDir(platform, env, homedir), platform);
}
