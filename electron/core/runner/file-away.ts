// Filing the clerk's file once its fate is known: into 処理済み (imported, no data, 同一内容) or
// エラー (refused, 要確認) with a note beside it saying what happened and what to do, and dropping
// the agent's staged copy when nothing can need it again. A move that fails leaves the file where
// it is (logged): a clerk's file is never lost.
import type { FileProblem } from '../../../shared/run';
import type { StoredFile } from '../history/history-interface';
import type { Logger } from '../ports/logger';
import { ADVICE_HELD } from './clerk-messages';
import type { ArchiveKind, FileOps } from './file-ops';
import type { Journal } from './journal';

/** The .txt left beside a moved file: an error note (files module format) or a plain notice. */
export type ClerkNote =
  | { readonly kind: 'error'; readonly summary: string; readonly problems: readonly FileProblem[]; readonly whatToDo: string }
  | { readonly kind: 'info'; readonly suffix: string; readonly text: string };

export interface FileAwayDeps {
  readonly files: Pick<FileOps, 'archive' | 'writeNote' | 'writeInfo' | 'discardStaged'>;
  readonly journal: Pick<Journal, 'setPath'>;
  readonly logger: Logger;
}

export interface FileAway {
  /** Moves the clerk's file and records where it went; a failure leaves it in place, with a log line. */
  moveAside(file: StoredFile, kind: ArchiveKind, note: ClerkNote | null): Promise<StoredFile>;
  discardStaged(file: StoredFile): Promise<void>;
  /** To 処理済み (with an optional note), the staged copy dropped. */
  fileProcessed(file: StoredFile, note?: ClerkNote | null): Promise<StoredFile>;
  /** To エラー with the problems and the advice, the staged copy dropped. */
  fileFailed(runId: string, file: StoredFile, headline: string, problems: readonly FileProblem[], advice: string): Promise<StoredFile>;
  /** To エラー as 要確認; the staged copy is kept, since 再送する sends exactly those bytes. */
  fileHeld(file: StoredFile, reason: string): Promise<StoredFile>;
}

export function createFileAway(deps: FileAwayDeps): FileAway {
  const { files, journal, logger } = deps;

  async function moveAside(file: StoredFile, kind: ArchiveKind, note: ClerkNote | null): Promise<StoredFile> {
    const from = file.currentPath ?? file.originalPath;
    const moved = await files.archive(from, kind);
    if (!moved.ok) {
      logger.error('cannot move file', { fileId: file.id, path: from, code: moved.error.code, detail: moved.error.detail });
      return file;
    }
    const updated = journal.setPath(file, { currentPath: moved.value });
    if (note !== null) {
      const written = note.kind === 'error'
        ? await files.writeNote(moved.value, { fileName: file.fileName, summary: note.summary, problems: note.problems, whatToDo: note.whatToDo })
        : await files.writeInfo(moved.value, note.suffix, note.text);
      if (!written.ok) logger.error('cannot write note', { fileId: file.id, detail: written.error.detail });
    }
    return updated;
  }

  async function discardStaged(file: StoredFile): Promise<void> {
    if (file.stagedPath) await files.discardStaged(file.stagedPath);
  }

  return {
    moveAside,
    discardStaged,
    async fileProcessed(file, note = null) {
      const moved = await moveAside(file, 'processed', note);
      await discardStaged(moved);
      return moved;
    },
    async fileFailed(runId, file, headline, problems, advice) {
      const moved = await moveAside(file, 'error', { kind: 'error', summary: `${headline}（実行 ${runId}）`, problems, whatToDo: advice });
      await discardStaged(moved);
      return moved;
    },
    fileHeld: (file, reason) => moveAside(file, 'error', { kind: 'error', summary: `【要確認】${reason}`, problems: [], whatToDo: ADVICE_HELD }),
  };
}
