// The file-system side of a run, as one port: listing, the stability check, the claim into 処理中,
// the staged copy the agent owns, the check that a file is still what was sent, and the moves into
// 処理済み / エラー. The default wires the files module; tests hand in a wrapper to inject a full disk
// or a permission error at a chosen step.
import type { Result } from '../../../shared/result';
import type { ClaimOutcome } from '../files/claim';
import type { ErrorNote } from '../files/archive';
import type { Candidate } from '../files/list-candidates';

export type { ClaimOutcome } from '../files/claim';

export type Stability =
  | { readonly status: 'stable' }
  /** Still being written (size or mtime moved recently): left for a later run, not recorded. */
  | { readonly status: 'changing' }
  /** Another program holds it (Excel), or it is not a regular file: recorded as skipped with this message. */
  | { readonly status: 'locked'; readonly message: string }
  /** Vanished between the listing and the check. */
  | { readonly status: 'gone' };

/** A clerk's file as read: the bytes that will be checked and sent, and what identifies them. */
export interface SourceBytes {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** What a file must still be before it is filed: the staged copy's hash (and size and time, when known). */
export interface FileIdentity {
  readonly sha256: string;
  readonly size?: number;
  readonly mtimeMs?: number;
}

export type Sameness =
  | { readonly status: 'same' }
  /** Other bytes than were sent (a re-export into it, an exporter's next page). */
  | { readonly status: 'changed' }
  | { readonly status: 'gone' }
  /** Could not be read (held by a program): nothing is known, the move goes on as before. */
  | { readonly status: 'unreadable'; readonly detail: string };

export type ArchiveKind = 'processed' | 'error';

export interface FileOps {
  list(folderPath: string, prefix: string): Promise<Result<Candidate[]>>;
  stability(candidate: Candidate): Promise<Stability>;
  /** Renames the clerk's file into `<フォルダ>/処理中/` before anything is read or sent. */
  claim(path: string): Promise<ClaimOutcome>;
  /** Undoes a claim: back into the clerk's folder (a free name if a newer file took its own); the new path. */
  release(claimedPath: string, originalPath: string): Promise<Result<string>>;
  /** Moves a file from where it was filed back into 処理中, for a send that files it again (再送する). */
  reclaim(path: string, originalPath: string): Promise<Result<string>>;
  /** Reads a regular file (never through a link), with its hash, size and time. */
  read(path: string): Promise<Result<SourceBytes>>;
  /** The agent's own copy of bytes already read (kept under the clerk's file name). */
  writeStaged(name: string, bytes: Uint8Array): Promise<Result<string>>;
  /** The staged copy again (resume), verified against the recorded hash by the caller. */
  readStaged(stagedPath: string): Promise<Result<Uint8Array>>;
  /** Is the file at `path` still exactly these bytes? */
  compare(path: string, expected: FileIdentity): Promise<Sameness>;
  /** Moves a file into `<folder>/処理済み/<date>/` or `<folder>/エラー/<date>/`; returns the new path. */
  archive(path: string, kind: ArchiveKind, folder: string): Promise<Result<string>>;
  /** Files bytes (what was sent) into the dated folder under `name`; returns the new path. */
  archiveBytes(bytes: Uint8Array, name: string, kind: ArchiveKind, folder: string): Promise<Result<string>>;
  /** Writes the clerk's `<name>_エラー内容.txt` beside a moved file (what went wrong, what to do). */
  writeNote(csvPath: string, note: Omit<ErrorNote, 'at'>): Promise<Result<string>>;
  /** Writes `<name>_<suffix>.txt` beside a moved file, for notes that are not errors (同一内容). */
  writeInfo(csvPath: string, suffix: string, text: string): Promise<Result<string>>;
  /** Drops the agent's own staged copy once nothing can need it again. */
  discardStaged(stagedPath: string): Promise<void>;
  /** Moves a file back to where the clerk had put it (a 同一内容 file sent anyway); never overwrites. */
  restore(from: string, to: string): Promise<Result<void>>;
  /** Is a file still at `path`? (resume: was it moved before the crash?) */
  exists(path: string): Promise<boolean>;
}
