// 「ログイン時に起動」 for each OS, as pure plans the main process carries out. Windows and macOS use
// Electron's login item (the executable path and the arguments stay separate, so an install path with
// spaces — C:\Users\Taro Yamada\AppData\Local\Programs\… — is quoted by Electron, never by us
// gluing strings); Linux has no such API, so an XDG autostart entry is written, quoted per the
// Desktop Entry spec. `--hidden` marks a login start: tray only, agent started.

export const LOGIN_ARG = '--hidden';
export const AUTOSTART_FILE_NAME = 'meisai-connector.desktop';

export type LoginItemPlan =
  | { readonly kind: 'electron'; readonly settings: { readonly openAtLogin: boolean; readonly path: string; readonly args: readonly string[] } }
  | { readonly kind: 'autostart-file'; readonly file: string; readonly content: string | null };

export interface LoginItemInput {
  readonly platform: string;
  /** process.execPath */
  readonly execPath: string;
  /** $APPIMAGE when running from an AppImage: the file to start, not the temporary mount. */
  readonly appImage?: string | undefined;
  /** XDG config home (~/.config) for the autostart folder on Linux. */
  readonly configHome: string;
  readonly openAtLogin: boolean;
}

/** Quotes one argument of a Desktop Entry `Exec` key (reserved characters inside double quotes). */
export function quoteExecArg(arg: string): string {
  if (arg !== '' && !/[\s"'\\><~|&;$*?#()`=%]/.test(arg)) return arg;
  // Inside quotes, ", `, $ and \ are escaped with a backslash; % is doubled (field codes).
  return `"${arg.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
}

export function autostartEntry(exec: string, args: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=明細コネクタ',
    'Comment=楽楽明細へCSVを送るトレイ常駐エージェント',
    `Exec=${[exec, ...args].map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function loginItemPlan(input: LoginItemInput): LoginItemPlan {
  if (input.platform === 'linux') {
    const exec = input.appImage && input.appImage.trim() !== '' ? input.appImage : input.execPath;
    return {
      kind: 'autostart-file',
      file: `${input.configHome.replace(/\/+$/, '')}/autostart/${AUTOSTART_FILE_NAME}`,
      content: input.openAtLogin ? autostartEntry(exec, [LOGIN_ARG]) : null,
    };
  }
  return { kind: 'electron', settings: { openAtLogin: input.openAtLogin, path: input.execPath, args: [LOGIN_ARG] } };
}

/** Was this process started by the login item? */
export function startedAtLogin(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(LOGIN_ARG);
}
