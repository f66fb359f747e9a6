import { describe, expect, it } from 'vitest';
import { dataPathsFor, defaultDataDir } from './data-paths';

describe('defaultDataDir', () => {
  it('uses %APPDATA% on Windows, or the roaming folder under the profile', () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\keiri\\AppData\\Roaming' }, 'C:\\Users\\keiri')).toBe('C:\\Users\\keiri\\AppData\\Roaming\\meisai-connector');
    expect(defaultDataDir('win32', {}, 'C:\\Users\\keiri')).toBe('C:\\Users\\keiri\\AppData\\Roaming\\meisai-connector');
  });
  it('uses Application Support on macOS', () => {
    expect(defaultDataDir('darwin', {}, '/Users/keiri')).toBe('/Users/keiri/Library/Application Support/meisai-connector');
  });
  it('uses $XDG_CONFIG_HOME (absolute only) or ~/.config on Linux', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/srv/conf' }, '/home/keiri')).toBe('/srv/conf/meisai-connector');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/keiri')).toBe('/home/keiri/.config/meisai-connector');
    expect(defaultDataDir('linux', {}, '/home/keiri')).toBe('/home/keiri/.config/meisai-connector');
  });
  it('lets MEISAI_DATA_DIR override every platform', () => {
    expect(defaultDataDir('win32', { MEISAI_DATA_DIR: 'D:\\portable', APPDATA: 'C:\\x' }, 'C:\\u')).toBe('D:\\portable');
  });
});

describe('dataPathsFor', () => {
  it('lays out settings, history, logs and staging inside the data folder with the platform separator', () => {
    expect(dataPathsFor('C:\\data\\meisai-connector', 'win32')).toEqual({
      dataDir: 'C:\\data\\meisai-connector',
      settingsFile: 'C:\\data\\meisai-connector\\settings.json',
      historyDb: 'C:\\data\\meisai-connector\\history.db',
      logDir: 'C:\\data\\meisai-connector\\logs',
      stagingDir: 'C:\\data\\meisai-connector\\staging',
    });
    expect(dataPathsFor('/home/k/.config/meisai-connector', 'linux').historyDb).toBe('/home/k/.config/meisai-connector/history.db');
  });
});
