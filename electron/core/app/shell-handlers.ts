// What the window asks of the desktop: a folder picker, opening a folder in Explorer / Finder, showing
// one file of the history where it is now, and the app's own facts (version, agent id, where its
// data and log are).
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppInfo, InvokeHandlers } from '../../../shared/ipc/contract';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { Settings } from '../../../shared/settings/schema';
import type { HistoryReader } from '../history/history-interface';
import type { DataPaths } from '../settings/data-paths';
import { APP_ERRORS, noSettingsError } from './app-errors';

export interface ShellHandlersDeps {
  readonly settings: () => Settings | null;
  readonly dataPaths: DataPaths;
  /** Shows a folder picker (Electron's dialog); resolves null when cancelled. */
  readonly pickFolder: (current: string | null) => Promise<string | null>;
  /** Opens a folder; resolves '' on success or an error text (shell.openPath's contract). */
  readonly openPath: (path: string) => Promise<string>;
  /** Shows a file selected in its folder (shell.showItemInFolder). */
  readonly showItemInFolder: (path: string) => void;
  /** Where each file of the history is now: the only paths 「ファイルを表示」 shows. */
  readonly history: Pick<HistoryReader, 'getFile'>;
  readonly info: Omit<AppInfo, 'agentId' | 'dataDir'>;
}

const isFile = (path: string) => stat(path).then((s) => s.isFile(), () => false);
const isFolder = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);

export function shellHandlers(deps: ShellHandlersDeps): Pick<InvokeHandlers, 'dialog:pick-folder' | 'shell:open-folder' | 'shell:show-file' | 'app:info'> {
  const { dataPaths } = deps;

  function folderFor(which: 'root' | 'logs' | 'data' | { target: string }): Result<string> {
    if (which === 'logs') return ok(dataPaths.logDir);
    if (which === 'data') return ok(dataPaths.dataDir);
    const current = deps.settings();
    if (current === null) return err(noSettingsError());
    if (which === 'root') return ok(current.agent.root);
    if (which.target === 'customers') return ok(join(current.agent.root, current.customers.folder));
    const report = current.reports.find((r) => r.id === which.target);
    if (!report) return err(appError(APP_ERRORS.folder, 'この帳票データ連携設定は見つかりません。設定を保存し直してください。', which.target));
    return ok(join(current.agent.root, report.folder));
  }

  return {
    async 'dialog:pick-folder'({ current }) {
      return ok(await deps.pickFolder(current));
    },

    async 'shell:open-folder'({ which }) {
      const folder = folderFor(which);
      if (!folder.ok) return folder;
      if (which === 'logs' || which === 'data') await mkdir(folder.value, { recursive: true });
      const exists = await stat(folder.value).then((s) => s.isDirectory(), () => false);
      if (!exists) return err(appError(APP_ERRORS.folder, `フォルダが見つかりません: ${folder.value}\nStep2の「ファイルの配置場所」とフォルダ名を確認してください。`));
      const problem = await deps.openPath(folder.value);
      if (problem !== '') return err(appError(APP_ERRORS.folder, `フォルダを開けませんでした: ${folder.value}`, problem));
      return ok(null);
    },

    async 'shell:show-file'({ fileId }) {
      const file = deps.history.getFile(fileId);
      if (file === null) return err(appError('app.unknown-file', 'このファイルは実行履歴にありません。画面を更新してください。', `file ${fileId}`));
      // Where the file is now (処理済み, エラー, or left where the clerk put it) — never the agent's staged copy.
      const path = file.currentPath ?? file.originalPath;
      if (await isFile(path)) {
        deps.showItemInFolder(path);
        return ok({ shown: 'file' as const });
      }
      const folder = dirname(path);
      if (!(await isFolder(folder))) return err(appError(APP_ERRORS.folder, `ファイルも、そのフォルダも見つかりません（移動または削除されています）: ${path}`));
      const problem = await deps.openPath(folder);
      if (problem !== '') return err(appError(APP_ERRORS.folder, `フォルダを開けませんでした: ${folder}`, problem));
      return ok({ shown: 'folder' as const });
    },

    async 'app:info'() {
      return ok({ ...deps.info, agentId: deps.settings()?.agent.id ?? '', dataDir: dataPaths.dataDir });
    },
  };
}
