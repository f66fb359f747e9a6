import { describe, expect, it } from 'vitest';
import { autostartEntry, loginItemPlan, quoteExecArg, startedAtLogin } from './login-item';

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
