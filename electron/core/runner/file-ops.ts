// The file-system side of a run, as one port: listing, the stability check, the staged copy the
// agent owns, and the moves into 処理済み / エラー. The default wires the files module; tests hand in
// a wrapper to inject a full disk or a permission error at a chosen step.
import type { Result } from '../../../shared/result';
import type { ErrorNote } from '../files/archive';
import type { Candidate } from '../files/list-candidates';

export type Stability =
  | { readonly status: 'stable' }
  /** Still being written (size or mtime moved recently): left for a later run, not recorded. */
  | { readonly status: 'changing' }
  /** Another program holds it (Excel): recorded as skipped with this message. */
  | { readonly status: 'locked'; readonly message: string }
  /** Vanished between the listing and the check. */
  | { readonly status: 'gone' };

export interface StagedCopy {
  readonly stagedPath: string;
  /** The exact bytes that were copied: these are checked and sent. */
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

export type ArchiveKind = 'processed' | 'error';

export interface FileOps {
  list(folderPath: string, prefix: string): Promise<Result<Candidate[]>>;
  stability(candidate: Candidate): Promise<Stability>;
  stage(sourcePath: string): Promise<Result<StagedCopy>>;
  /** The staged copy again (resume), verified against the recorded hash by the caller. */
  readStaged(stagedPath: string): Promise<Result<Uint8Array>>;
  /** Moves the clerk's file into `<folder>/処理済み/<date>/` or `<folder>/エラー/<date>/`; returns the new path. */
  archive(path: string, kind: ArchiveKind): Promise<Result<string>>;
  /** Writes the clerk's `<name>_エラー内容.txt` beside a moved file (what went wrong, what to do). */
  writeNote(csvPath: string, note: Omit<ErrorNote, 'at'>): Promise<Result<string>>;
  /** Writes `<name>_<suffix>.txt` beside a moved file, for notes that are not errors (同一内容). */
  writeInfo(csvPath: string, suffix: string, text: string): Promise<Result<string>>;
  /** Drops the agent's own staged copy once nothing can need it again. */
  discardStaged(stagedPath: string): Promise<void>;
  /** Moves a file back to where the clerk had put it (a 要確認 file being resent); never overwrites. */
  restore(from: string, to: string): Promise<Result<void>>;
  /** Is a file still at `path`? (resume: was it moved before the crash?) */
  exists(path: string): Promise<boolean>;
}
