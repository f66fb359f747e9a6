// The content guard: the same bytes are never sent twice for one setting. Content already imported
// is set aside as 同一内容 (処理済み, with a note); content still on its way from an earlier run
// (sending, importing, 取込状況不明, 要確認) is left in its folder untouched. The clerk can insist
// (同じ内容でも送信する): `force` skips the guard.
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { Logger } from '../ports/logger';
import { DUPLICATE_MESSAGE, duplicateNote } from './clerk-messages';
import type { FileAway } from './file-away';
import type { FileOps } from './file-ops';
import type { Journal } from './journal';
import type { FileEnd, RunContext } from './run-context';
import type { SettingRef } from './setting-refs';

export interface ContentGuardDeps {
  readonly reader: Pick<HistoryReader, 'findImportedBySha' | 'getRun' | 'findUnfinishedFiles' | 'findHeldFiles'>;
  readonly journal: Pick<Journal, 'setState'>;
  readonly fileAway: Pick<FileAway, 'fileProcessed'>;
  readonly files: Pick<FileOps, 'discardStaged'>;
  readonly logger: Logger;
}

export interface ContentToCheck {
  readonly file: StoredFile;
  readonly sha256: string;
  readonly stagedPath: string;
  /** The clerk insisted: send even if the same content went before. */
  readonly force: boolean;
}

/** null: nothing like it went before, send it; otherwise how the file ended here. */
export type ContentGuard = (ctx: RunContext, ref: SettingRef, content: ContentToCheck) => Promise<FileEnd | null>;

const IN_FLIGHT_STATES = ['sending', 'sent', 'importing', 'unknown', 'held', 'retry-wait'];

export function createContentGuard(deps: ContentGuardDeps): ContentGuard {
  const { reader, journal, fileAway, files, logger } = deps;

  /** The same content imported before (for a split customer file: every part of it). */
  function alreadyImported(ref: SettingRef, sha256: string): { runId: string; at: string } | null {
    const match = reader.findImportedBySha(ref.key, sha256);
    if (!match) return null;
    if (ref.kind === 'customers') {
      const run = reader.getRun(match.runId);
      const rows = run?.files.filter((f) => f.sha256 === sha256 && f.settingKey === ref.key) ?? [];
      const total = rows[0]?.partTotal ?? 1;
      const done = new Set(rows.filter((f) => f.state.state === 'done' || f.resolution?.action === 'mark-sent').map((f) => f.partIndex));
      if (done.size < total) return null;
    }
    return { runId: match.runId, at: match.at };
  }

  /** Same content still on its way (sent / importing / unknown / held) from an earlier run. */
  function inFlight(ref: SettingRef, sha256: string): StoredFile | null {
    const open = [...reader.findUnfinishedFiles(), ...reader.findHeldFiles()];
    return open.find((f) => f.settingKey === ref.key && f.sha256 === sha256 && IN_FLIGHT_STATES.includes(f.state.state)) ?? null;
  }

  return async (ctx, ref, { file, sha256, stagedPath, force }) => {
    if (force) return null;
    const open = inFlight(ref, sha256);
    if (open) {
      // The same bytes are still being imported or wait for the clerk (要確認): sending them again
      // is exactly the double invoice this agent exists to prevent. Leave the file where it is.
      journal.setState(ctx, file, {
        state: 'skipped',
        reason: `同じ内容のファイル「${open.fileName}」（実行 ${open.runId}）が${open.state.state === 'held' ? '要確認' : open.state.state === 'retry-wait' ? '再送待ち' : '取込確認中'}のため、送信していません。`,
      }, { stagedPath });
      await files.discardStaged(stagedPath);
      return { end: 'final', state: 'skipped' };
    }
    const previous = alreadyImported(ref, sha256);
    if (!previous) return null;
    const duplicate = journal.setState(ctx, file, { state: 'duplicate', sha256, previousRunId: previous.runId }, { stagedPath });
    await fileAway.fileProcessed(duplicate, { kind: 'info', suffix: '同一内容', text: duplicateNote(duplicate.fileName, previous.runId, previous.at) });
    logger.info(DUPLICATE_MESSAGE, { fileName: duplicate.fileName, previousRunId: previous.runId });
    return { end: 'final', state: 'duplicate' };
  };
}
