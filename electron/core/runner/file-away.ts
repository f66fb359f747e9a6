// Filing the clerk's file once its fate is known: into 処理済み (imported, no data, 同一内容) or
// エラー (refused, 要確認) with a note beside it saying what happened and what to do, and dropping
// the agent's staged copy when nothing can need it again. A move that fails leaves the file where
// it is (logged): a clerk's file is never lost.
//
// Verify before filing: the file that is filed must be the bytes that were sent. Before a move, the
// file (claimed in 処理中, or where the clerk put it) is compared with the staged copy; if it changed
// (an exporter's next page, a re-export into it), the new content goes back to the clerk's folder as
// new work with its own history row (「送信後にファイルが変更されました」), and what was sent — the
// staged copy — is what goes into 処理済み / エラー.
//
// A claim that ends without a move (left for the next run, a setting refused, an interrupted run) is
// released: the file goes back into its folder, never over a newer file of the same name.
import { dirname } from 'node:path';
import type { FileProblem } from '../../../shared/run';
import { isClaimedPath } from '../files/claim';
import { TERMINAL_STATES } from '../history/file-transitions';
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { Logger } from '../ports/logger';
import { ADVICE_HELD, CHANGED_AFTER_SEND, CHANGED_BEFORE_FILING, changedNote } from './clerk-messages';
import type { ArchiveKind, FileIdentity, FileOps } from './file-ops';
import type { Journal } from './journal';

/** The .txt left beside a moved file: an error note (files module format) or a plain notice. */
export type ClerkNote =
  | { readonly kind: 'error'; readonly summary: string; readonly problems: readonly FileProblem[]; readonly whatToDo: string }
  | { readonly kind: 'info'; readonly suffix: string; readonly text: string };

export interface FileAwayDeps {
  readonly files: Pick<FileOps, 'archive' | 'archiveBytes' | 'compare' | 'release' | 'readStaged' | 'writeNote' | 'writeInfo' | 'discardStaged'>;
  readonly journal: Pick<Journal, 'setPath' | 'addFile'>;
  readonly reader: Pick<HistoryReader, 'getRun'>;
  readonly logger: Logger;
}

export interface FileAway {
  /**
   * Moves the clerk's file and records where it went, after checking it is still `expected` (by
   * default the row's hash); a failure leaves it in place, with a log line.
   */
  moveAside(file: StoredFile, kind: ArchiveKind, note: ClerkNote | null, expected?: FileIdentity): Promise<StoredFile>;
  discardStaged(file: StoredFile): Promise<void>;
  /** To 処理済み (with an optional note), the staged copy dropped. */
  fileProcessed(file: StoredFile, note?: ClerkNote | null, expected?: FileIdentity): Promise<StoredFile>;
  /** To エラー with the problems and the advice, the staged copy dropped. */
  fileFailed(runId: string, file: StoredFile, headline: string, problems: readonly FileProblem[], advice: string, expected?: FileIdentity): Promise<StoredFile>;
  /** To エラー as 要確認; the staged copy is kept, since 再送する sends exactly those bytes. */
  fileHeld(file: StoredFile, reason: string): Promise<StoredFile>;
  /** Undoes a claim (back into the clerk's folder) and drops the staged copy. */
  release(file: StoredFile): Promise<StoredFile>;
  /**
   * After a file's processing in `runId` ended: a claimed file whose rows there are all final but
   * were not filed (left for the next run, refused setting, interrupted) goes back to its folder.
   */
  settleClaims(runId: string, originalPath: string): Promise<void>;
  /**
   * A run stopped on an exception with this file claimed: it goes back to its folder unless a row
   * says it may have left the PC (then resume decides, and the start-up sweep is the net).
   */
  putBack(claimedPath: string, originalPath: string, runId: string): Promise<void>;
  /**
   * What the file at `path` was when it was read (hash, size and time): checked again when it is
   * filed, however many rooms it passes on the way. Without it, the row's hash is the check.
   */
  remember(path: string, identity: FileIdentity): void;
}

/**
 * States after which the file may have reached 楽楽明細 (its claim is resume's to settle), or waits
 * claimed for its automatic resend (再送待ち: the resend settles it).
 */
const MAY_HAVE_LEFT = ['sending', 'sent', 'importing', 'unknown', 'held', 'retry-wait'];

export function createFileAway(deps: FileAwayDeps): FileAway {
  const { files, journal, logger } = deps;
  // By path: the parts of a split file, its rows and the rooms it passes share it. An entry goes
  // when the file is filed or released; one left behind (取込状況不明) is a few bytes.
  const remembered = new Map<string, FileIdentity>();

  async function discardStaged(file: StoredFile): Promise<void> {
    if (file.stagedPath) await files.discardStaged(file.stagedPath);
  }

  async function writeNoteBeside(file: StoredFile, csvPath: string, note: ClerkNote): Promise<void> {
    const written = note.kind === 'error'
      ? await files.writeNote(csvPath, { fileName: file.fileName, summary: note.summary, problems: note.problems, whatToDo: note.whatToDo })
      : await files.writeInfo(csvPath, note.suffix, note.text);
    if (!written.ok) logger.error('cannot write note', { fileId: file.id, detail: written.error.detail });
  }

  /**
   * The file no longer holds what was sent (or checked). Its new content gets a row of its own and
   * goes back to the folder; the staged copy is filed in its place, with the note.
   */
  async function changedSince(file: StoredFile, kind: ArchiveKind, note: ClerkNote | null, from: string): Promise<StoredFile> {
    const folder = dirname(file.originalPath);
    const sent = file.importId !== null || ['held', 'sending', 'sent', 'importing', 'unknown', 'done'].includes(file.state.state);
    const reason = sent ? CHANGED_AFTER_SEND : CHANGED_BEFORE_FILING;
    logger.warn('file changed before filing', { fileId: file.id, path: from, sent });
    // Recorded before it moves: a crash in between leaves a row saying where the new content is.
    const fresh = journal.addFile({
      runId: file.runId, kind: file.kind, fileName: file.fileName, originalPath: file.originalPath, currentPath: from,
      settingKey: file.settingKey, state: { state: 'skipped', reason, cause: 'changed' },
    }, 'addFile changed');
    if (isClaimedPath(from)) {
      const back = await files.release(from, file.originalPath);
      if (back.ok) journal.setPath(fresh, { currentPath: back.value });
      else logger.error('cannot put changed file back', { fileId: fresh.id, path: from, detail: back.error.detail });
    }
    // What was sent is the staged copy: that is what 処理済み / エラー keeps.
    const staged = file.stagedPath ? await files.readStaged(file.stagedPath) : null;
    if (!staged?.ok) return journal.setPath(file, { currentPath: null });
    const filed = await files.archiveBytes(staged.value, file.fileName, kind, folder);
    if (!filed.ok) {
      logger.error('cannot file the sent copy', { fileId: file.id, detail: filed.error.detail });
      return journal.setPath(file, { currentPath: null });
    }
    const updated = journal.setPath(file, { currentPath: filed.value });
    const shown = note ?? (kind === 'processed' && sent ? { kind: 'info' as const, suffix: '送信した内容', text: changedNote(file.fileName) } : null);
    if (shown !== null) await writeNoteBeside(file, filed.value, shown);
    return updated;
  }

  async function moveAside(file: StoredFile, kind: ArchiveKind, note: ClerkNote | null, expected?: FileIdentity): Promise<StoredFile> {
    const from = file.currentPath ?? file.originalPath;
    const known = remembered.get(from);
    const identity = expected ?? (known !== undefined && known.sha256 === file.sha256 ? known : null) ?? (file.sha256 !== null ? { sha256: file.sha256 } : null);
    remembered.delete(from);
    if (identity !== null) {
      const now = await files.compare(from, identity);
      if (now.status === 'changed') return changedSince(file, kind, note, from);
      if (now.status === 'unreadable') logger.warn('cannot check the file before filing it', { fileId: file.id, path: from, detail: now.detail });
    }
    const moved = await files.archive(from, kind, dirname(file.originalPath));
    if (!moved.ok) {
      logger.error('cannot move file', { fileId: file.id, path: from, code: moved.error.code, detail: moved.error.detail });
      return file;
    }
    const updated = journal.setPath(file, { currentPath: moved.value });
    if (note !== null) await writeNoteBeside(file, moved.value, note);
    return updated;
  }

  async function release(file: StoredFile): Promise<StoredFile> {
    let updated = file;
    const from = file.currentPath;
    if (from !== null) remembered.delete(from);
    if (from !== null && isClaimedPath(from)) {
      const back = await files.release(from, file.originalPath);
      if (back.ok) updated = journal.setPath(file, { currentPath: back.value });
      else logger.error('cannot put claimed file back', { fileId: file.id, path: from, detail: back.error.detail });
    }
    await discardStaged(updated);
    return updated;
  }

  async function settleClaims(runId: string, originalPath: string): Promise<void> {
    const rows = deps.reader.getRun(runId)?.files.filter((f) => f.originalPath === originalPath) ?? [];
    const byPath = new Map<string, StoredFile[]>();
    for (const f of rows) {
      if (f.currentPath === null || !isClaimedPath(f.currentPath)) continue;
      byPath.set(f.currentPath, [...(byPath.get(f.currentPath) ?? []), f]);
    }
    for (const [claimed, sharing] of byPath) {
      // A row still on its way (取込状況不明, a part not yet sent…) keeps the file claimed.
      if (!sharing.every((f) => TERMINAL_STATES.includes(f.state.state))) continue;
      remembered.delete(claimed);
      const back = await files.release(claimed, originalPath);
      if (!back.ok) {
        logger.error('cannot put claimed file back', { runId, path: claimed, detail: back.error.detail });
        continue;
      }
      for (const f of sharing) journal.setPath(f, { currentPath: back.value });
    }
  }

  async function putBack(claimedPath: string, originalPath: string, runId: string): Promise<void> {
    try {
      const rows = deps.reader.getRun(runId)?.files.filter((f) => f.originalPath === originalPath) ?? [];
      if (rows.some((f) => MAY_HAVE_LEFT.includes(f.state.state))) return;
    } catch (e) {
      logger.error('cannot read the history to put a claimed file back', { path: claimedPath, detail: String(e) });
      return;
    }
    const back = await files.release(claimedPath, originalPath);
    if (back.ok) logger.warn('run stopped: claimed file put back', { from: claimedPath, to: back.value });
    else if (back.error.code !== 'fs.missing') logger.error('cannot put claimed file back', { path: claimedPath, detail: back.error.detail });
  }

  return {
    moveAside,
    discardStaged,
    putBack,
    remember: (path, identity) => void remembered.set(path, identity),
    async fileProcessed(file, note = null, expected) {
      const moved = await moveAside(file, 'processed', note, expected);
      await discardStaged(moved);
      return moved;
    },
    async fileFailed(runId, file, headline, problems, advice, expected) {
      const moved = await moveAside(file, 'error', { kind: 'error', summary: `${headline}（実行 ${runId}）`, problems, whatToDo: advice }, expected);
      await discardStaged(moved);
      return moved;
    },
    fileHeld: (file, reason) => moveAside(file, 'error', { kind: 'error', summary: `【要確認】${reason}`, problems: [], whatToDo: ADVICE_HELD }),
    release,
    settleClaims,
  };
}
