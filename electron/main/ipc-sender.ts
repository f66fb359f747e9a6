// Who may call the IPC handlers: only the main frame of our own settings window showing our own page.
// An iframe, another window or a page that somehow navigated elsewhere is refused before the payload
// is even parsed.
import { isOwnPage } from './window-security';

export interface IpcSenderFacts {
  /** webContents id of the sender. */
  readonly webContentsId: number;
  /** The sending frame's URL; null when the frame is gone (navigated or destroyed). */
  readonly frameUrl: string | null;
  /** Whether the sending frame is the top-level frame of its webContents. */
  readonly isMainFrame: boolean;
}

export interface TrustedWindow {
  /** webContents id of the settings window; null while no window exists. */
  readonly webContentsId: number | null;
  /** e.g. `app://meisai`, or the dev server's origin under `electron-vite dev`. */
  readonly origin: string;
}

export function isTrustedSender(sender: IpcSenderFacts, trusted: TrustedWindow): boolean {
  if (trusted.webContentsId === null || sender.webContentsId !== trusted.webContentsId) return false;
  if (!sender.isMainFrame || sender.frameUrl === null) return false;
  return isOwnPage(sender.frameUrl, trusted.origin);
}
