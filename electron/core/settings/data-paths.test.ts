import { describe, expect, it } from 'vitest';
import { dataPathsFor, defaultDataLayout, type DataPaths } from './data-paths';

type Case = readonly [name: string, platform: string, env: Record<string, string>, home: string, expected: Omit<DataPaths, 'tokenFile' | 'stagingDir'> & { legacyDir: string | null }];

const CASES: readonly Case[] = [
  [
    'Windows: settings roam, state stays on the PC',
    'win32',
    { APPDATA: 'C:\\Users\\keiri\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\keiri\\AppData\\Local' },
    'C:\\Users\\keiri',
    {
      configDir: 'C:\\Users\\keiri\\AppData\\Roaming\\meisai-connector',
      settingsFile: 'C:\\Users\\keiri\\AppData\\Roaming\\meisai-connector\\settings.json',
      dataDir: 'C:\\Users\\keiri\\AppData\\Local\\meisai-connector',
      historyDb: 'C:\\Users\\keiri\\AppData\\Local\\meisai-connector\\history.db',
      logDir: 'C:\\Users\\keiri\\AppData\\Local\\meisai-connector\\logs',
      legacyDir: 'C:\\Users\\keiri\\AppData\\Roaming\\meisai-connector',
    },
  ],
  [
    'Windows without the variables: the profile folders',
    'win32',
    {},
    'C:\\Users\\keiri',
    {
      configDir: 'C:\\Users\\keiri\\AppData\\Roaming\\meisai-connector',
      settingsFile: 'C:\\Users\\keiri\\AppData\\Roaming\\meisai-connector\\settings.json',
      dataDir: 'C:\\Users\\keiri\\AppData\\Local\\meisai-connector',
      historyDb: 'C:\\Users\\keiri\\AppData\\Local\\meisai-connector\\history.db',
      logDir: 'C:\\Users\\keiri\\AppData\\Local\\meisai-connector\\logs',
      legacyDir: 'C:\\Users\\keiri\\AppData\\Roaming\\meisai-connector',
    },
  ],
  [
    'macOS: Application Support for settings and history, ~/Library/Logs for the log',
    'darwin',
    {},
    '/Users/keiri',
    {
      configDir: '/Users/keiri/Library/Application Support/meisai-connector',
      settingsFile: '/Users/keiri/Library/Application Support/meisai-connector/settings.json',
      dataDir: '/Users/keiri/Library/Application Support/meisai-connector',
      historyDb: '/Users/keiri/Library/Application Support/meisai-connector/history.db',
      logDir: '/Users/keiri/Library/Logs/meisai-connector',
      legacyDir: '/Users/keiri/Library/Application Support/meisai-connector',
    },
  ],
  [
    'Linux: XDG config and state homes',
    'linux',
    { XDG_CONFIG_HOME: '/srv/conf', XDG_STATE_HOME: '/srv/state' },
    '/home/keiri',
    {
      configDir: '/srv/conf/meisai-connector',
      settingsFile: '/srv/conf/meisai-connector/settings.json',
      dataDir: '/srv/state/meisai-connector',
      historyDb: '/srv/state/meisai-connector/history.db',
      logDir: '/srv/state/meisai-connector/logs',
      legacyDir: '/srv/conf/meisai-connector',
    },
  ],
  [
    'Linux: relative XDG values are ignored, as the spec says',
    'linux',
    { XDG_CONFIG_HOME: 'relative', XDG_STATE_HOME: 'also/relative' },
    '/home/keiri',
    {
      configDir: '/home/keiri/.config/meisai-connector',
      settingsFile: '/home/keiri/.config/meisai-connector/settings.json',
      dataDir: '/home/keiri/.local/state/meisai-connector',
      historyDb: '/home/keiri/.local/state/meisai-connector/history.db',
      logDir: '/home/keiri/.local/state/meisai-connector/logs',
      legacyDir: '/home/keiri/.config/meisai-connector',
    },
  ],
  [
    'MEISAI_DATA_DIR: one folder on every platform, nothing to move',
    'win32',
    { MEISAI_DATA_DIR: 'D:\\portable', APPDATA: 'C:\\x', LOCALAPPDATA: 'C:\\y' },
    'C:\\u',
    {
      configDir: 'D:\\portable',
      settingsFile: 'D:\\portable\\settings.json',
      dataDir: 'D:\\portable',
      historyDb: 'D:\\portable\\history.db',
      logDir: 'D:\\portable\\logs',
      legacyDir: null,
    },
  ],
];

describe('defaultDataLayout', () => {
  it.each(CASES)('%s', (_name, platform, env, home, expected) => {
    const { paths, legacyDir } = defaultDataLayout(platform, env, home);
    expect({ configDir: paths.configDir, settingsFile: paths.settingsFile, dataDir: paths.dataDir, historyDb: paths.historyDb, logDir: paths.logDir, legacyDir }).toEqual(expected);
    // The token always sits beside the settings; staging beside the history.
    expect(paths.tokenFile.startsWith(paths.configDir)).toBe(true);
    expect(paths.stagingDir.startsWith(paths.dataDir)).toBe(true);
  });
});

describe('dataPathsFor', () => {
  it('lays out everything inside one folder with the platform separator', () => {
    expect(dataPathsFor('C:\\data\\meisai-connector', 'win32')).toEqual({
      configDir: 'C:\\data\\meisai-connector',
      dataDir: 'C:\\data\\meisai-connector',
      settingsFile: 'C:\\data\\meisai-connector\\settings.json',
      tokenFile: 'C:\\data\\meisai-connector\\api-token.json',
      historyDb: 'C:\\data\\meisai-connector\\history.db',
      logDir: 'C:\\data\\meisai-connector\\logs',
      stagingDir: 'C:\\data\\meisai-connector\\staging',
    });
    expect(dataPathsFor('/home/k/.config/meisai-connector', 'linux').historyDb).toBe('/home/k/.config/meisai-connector/history.db');
  });
});
