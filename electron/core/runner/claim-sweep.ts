// The safety net under the claim: at start-up, after resume has taken up every file the history
// knows, a file still sitting in a `<フォルダ>/処理中/` folder that no open row accounts for (a crash
// between the rename and the row that records it, a release that failed) goes back to its folder,
// under a free name, to be seen and sent like any other. Nothing is deleted, nothing is sent here.
import { basename, dirname, join } from 'node:path';
import type { Settings } from '../../../shared/settings/schema';
import { listClaimedFiles } from '../files/claim';
import type { HistoryReader } from '../history/history-interface';
import type { Logger } from '../ports/logger';
import type { FileOps } from './file-ops';

export interface ClaimSweepDeps {
  readonly settings: () => Settings;
  /** Rows that keep a file claimed: unfinished (sent, importing, 取込状況不明…) and 要確認. */
  readonly reader: Pick<HistoryReader, 'findUnfinishedFiles' | 'findHeldFiles'>;
  readonly files: Pick<FileOps, 'release'>;
  readonly logger: Logger;
}

export function createClaimSweep(deps: ClaimSweepDeps): () => Promise<void> {
  return async () => {
    let settings: Settings;
    try {
      settings = deps.settings();
    } catch {
      return; // no settings yet: no folders to look at
    }
    const folders = new Set([settings.customers.folder, ...settings.reports.map((r) => r.folder)].map((f) => join(settings.agent.root, f)));
    const inUse = new Set([...deps.reader.findUnfinishedFiles(), ...deps.reader.findHeldFiles()].map((f) => f.currentPath));
    for (const folder of folders) {
      for (const claimed of await listClaimedFiles(folder)) {
        if (inUse.has(claimed)) continue;
        const back = await deps.files.release(claimed, join(dirname(dirname(claimed)), basename(claimed)));
        if (back.ok) deps.logger.warn('file left in 処理中 put back into its folder', { from: claimed, to: back.value });
        else deps.logger.error('cannot put a file left in 処理中 back', { path: claimed, detail: back.error.detail });
      }
    }
  };
}
