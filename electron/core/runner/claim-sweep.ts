// The safety net under the claim: at start-up, after resume has taken up every file the history
// knows, a file still sitting in a `<フォルダ>/処理中/` folder that no open row accounts for (a crash
// between the rename and the row that records it, a release that failed) goes back to its folder,
// under a free name, to be seen and sent like any other. Nothing is deleted, nothing is sent here.
// It runs beside the agent (resume does), so it goes through the sweep guard: never while a move into
// 処理中 is half-way, and never touching a file this process claimed (sweep-guard.ts).
import { basename, dirname, join } from 'node:path';
import type { Settings } from '../../../shared/settings/schema';
import { listClaimedFiles } from '../files/claim';
import type { HistoryReader } from '../history/history-interface';
import type { Logger } from '../ports/logger';
import type { FileOps } from './file-ops';
import type { SweepGuard } from './sweep-guard';

export interface ClaimSweepDeps {
  readonly settings: () => Settings;
  /** Rows that keep a file claimed: unfinished (sent, importing, 取込状況不明…) and 要確認. */
  readonly reader: Pick<HistoryReader, 'findUnfinishedFiles' | 'findHeldFiles'>;
  readonly files: Pick<FileOps, 'release'>;
  readonly guard: Pick<SweepGuard, 'exclusive'>;
  readonly logger: Logger;
}

export function createClaimSweep(deps: ClaimSweepDeps): () => Promise<void> {
  async function sweepFolder(folder: string, keep: (path: string) => boolean): Promise<void> {
    for (const claimed of await listClaimedFiles(folder)) {
      if (keep(claimed)) continue;
      const back = await deps.files.release(claimed, join(dirname(dirname(claimed)), basename(claimed)));
      if (back.ok) deps.logger.warn('file left in 処理中 put back into its folder', { from: claimed, to: back.value });
      else deps.logger.error('cannot put a file left in 処理中 back', { path: claimed, detail: back.error.detail });
    }
  }

  return async () => {
    let settings: Settings;
    try {
      settings = deps.settings();
    } catch {
      return; // no settings yet: no folders to look at
    }
    const folders = new Set([settings.customers.folder, ...settings.reports.map((r) => r.folder)].map((f) => join(settings.agent.root, f)));
    await deps.guard.exclusive(async (mine) => {
      // Rows read once no claim is half-way: a file claimed since start is this process's (its row
      // may still be on the way), anything else in 処理中 needs an open row to stay.
      const inUse = new Set([...deps.reader.findUnfinishedFiles(), ...deps.reader.findHeldFiles()].map((f) => f.currentPath));
      for (const folder of folders) await sweepFolder(folder, (path) => inUse.has(path) || mine(path));
    });
  };
}
