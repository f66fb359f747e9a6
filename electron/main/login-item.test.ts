import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, loginItemPlan, quoteExecArg, startedAtLogin } from './login-item';
import { appIconFile, trayIconFile } from './tray-icons';

describe('login item', () => {
  it('Windows: the executable path with spaces stays one argument, the flag separate', () => {
    const path = 'C:\\Users\\Taro Yamada\\AppData\\Local\\Programs\\明細コネクタ\\meisai-connector.exe';
    expect(loginItemPlan({ platform: 'win32', execPath: path, configHome: '', openAtLogin: true })).toEqual({
      kind: 'electron',
      settings: { openAtLogin: true, path, args: ['--hidden'] },
    });
    expect(loginItemPlan({ platform: 'darwin', execPath: '/Applications/明細コネクタ.app/Contents/MacOS/明細コネクタ', configHome: '', openAtLogin: false })).toMatchObject({
      kind: 'electron',
      settings: { openAtLogin: false },
    });
  });

  it('Linux: an XDG autostart entry quoting a path with spaces, the AppImage file when there is one', () => {
    const plan = loginItemPlan({ platform: 'linux', execPath: '/tmp/.mount_x/meisai-connector', appImage: '/home/taro/My Apps/明細コネクタ.AppImage', configHome: '/home/taro/.config/', openAtLogin: true });
    expect(plan.kind).toBe('autostart-file');
    if (plan.kind !== 'autostart-file') return;
    expect(plan.file).toBe('/home/taro/.config/autostart/meisai-connector.desktop');
    expect(plan.content).toContain('Exec="/home/taro/My Apps/明細コネクタ.AppImage" --hidden\n');
    expect(loginItemPlan({ platform: 'linux', execPath: '/opt/x', configHome: '/h/.config', openAtLogin: false })).toMatchObject({ content: null });
  });

  it('quotes Exec arguments per the Desktop Entry spec', () => {
    expect(quoteExecArg('/opt/meisai/meisai-connector')).toBe('/opt/meisai/meisai-connector');
    expect(quoteExecArg('/opt/a b/$x"`\\')).toBe('"/opt/a b/\\$x\\"\\`\\\\"');
    expect(quoteExecArg('/opt/100%/x')).toBe('"/opt/100%%/x"');
    expect(autostartEntry('/opt/x', ['--hidden'])).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
  });

  it('recognises a start at login', () => {
    expect(startedAtLogin(['/opt/x', '--hidden'], false)).toBe(true);
    expect(startedAtLogin(['/opt/x'], true)).toBe(true);
    expect(startedAtLogin(['/opt/x'], false)).toBe(false);
  });
});

describe('tray icon files', () => {
  const icons = join(import.meta.dirname, '..', '..', 'resources', 'icons');
  it('exist for every state on every platform and task bar theme', () => {
    for (const state of ['stopped', 'active', 'running', 'error'] as const) {
      for (const platform of ['win32', 'darwin', 'linux']) {
        for (const dark of [false, true]) {
          const file = trayIconFile(icons, platform, state, dark);
          expect(existsSync(file), file).toBe(true);
          expect(existsSync(file.replace(/\.png$/, '@2x.png')), file).toBe(true);
        }
      }
    }
    expect(trayIconFile(icons, 'darwin', 'error', false)).toMatch(/tray-errorTemplate\.png$/);
    expect(trayIconFile(icons, 'win32', 'running', true)).toMatch(/tray-running-dark\.png$/);
    expect(existsSync(appIconFile(icons))).toBe(true);
  });
});
