// 「サポート用情報を保存」 from the window (and the tray, through AppCommands): asks where to save,
// then writes the same zip as `meisai-connector support-bundle` (core/support), with the token in
// force registered so that it is masked wherever it appears.
import type { InvokeHandlers } from '../../../shared/ipc/contract';
import { appError, err, ok } from '../../../shared/result';
import type { Settings } from '../../../shared/settings/schema';
import type { HistoryReader } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { DataPaths } from '../settings/data-paths';
import { saveSupportBundle, supportBundleFileName } from '../support/support-bundle';
import { judgedWaitingFiles } from '../support/waiting-verdicts';
import type { AppToken } from './app-token';

export const SUPPORT_ERROR_CODE = 'support.save-failed';

export interface SupportHandlersDeps {
  readonly paths: DataPaths;
  readonly settings: () => Settings | null;
  readonly history: Pick<HistoryReader, 'exportCsv'>;
  readonly token: Pick<AppToken, 'read'>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A save dialog (Electron's); resolves null when cancelled. */
  readonly pickSaveFile: (suggestedName: string) => Promise<string | null>;
  readonly version: string;
  readonly platform: string;
  /** process.versions of the app (electron, chrome, node…). */
  readonly runtime: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function supportHandlers(deps: SupportHandlersDeps): Pick<InvokeHandlers, 'support:save-bundle'> {
  return {
    async 'support:save-bundle'() {
      const now = deps.clock.now();
      const file = await deps.pickSaveFile(supportBundleFileName(now));
      if (file === null) return ok(null);
      const settings = deps.settings();
      const token = await deps.token.read();
      try {
        const saved = await saveSupportBundle(
          {
            face: 'トレイアプリ',
            appVersion: deps.version,
            runtime: deps.runtime,
            platform: deps.platform,
            paths: deps.paths,
            settings,
            settingsNote: null,
            historyCsv: (filter) => deps.history.exportCsv(filter),
            historyNote: null,
            waiting: settings === null ? null : await judgedWaitingFiles(settings, now),
            waitingNote: null,
            secrets: [token.ok ? token.value : null, deps.env.MEISAI_API_TOKEN],
            now,
          },
          file,
        );
        deps.logger.info('support bundle saved', { file: saved.file, entries: saved.entries });
        return ok({ saved: saved.file });
      } catch (e) {
        return err(appError(SUPPORT_ERROR_CODE, `サポート用情報を保存できませんでした: ${file}\n保存先のフォルダに書き込めるか確認してください。`, e instanceof Error ? e.message : String(e)));
      }
    },
  };
}
