// The first steps of a file's way: is it whole (stable, not held open by Excel), the claim (a rename
// into `<フォルダ>/処理中/`, so nothing can write into it under its name while it is sent), its bytes
// read once (a regular file only, never through a link) with their SHA-256, the pre-flight verdict on
// those bytes, a history row, and the agent's own staged copy of exactly those bytes. A file that
// cannot go on ends here: still being written (not ready: the run may look again), locked or unreadable (保留),
// refused by the pre-flight (エラー with a note) or without data (処理済み).
//
// A file with a header and no data may be an exporter's first page: it is called データなし only
// once it has been quiet for the longer `noDataQuietMs`; until then it is put back and left for a
// later run, unrecorded.
import type { PreflightInput, PreflightLimits, PreflightResult } from '../preflight/types';
import type { StoredFile } from '../history/history-interface';
import type { Candidate } from '../files/list-candidates';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { ADVICE_FIX_AND_RETRY, HEADLINE_PREFLIGHT } from './clerk-messages';
import type { FileAway } from './file-away';
import type { FileIdentity, FileOps } from './file-ops';
import type { Journal } from './journal';
import type { FileEnd, RunContext, SentEnd } from './run-context';
import type { SettingRef } from './setting-refs';

export type StageOutcome =
  /** `end` null: not this run's file after all (vanished); `not-ready`: still being written. */
  | { readonly kind: 'ended'; readonly end: FileEnd | null }
  | {
      readonly kind: 'ready';
      readonly file: StoredFile;
      /** Of the staged copy: what is checked, sent and compared with earlier imports. */
      readonly sha256: string;
      readonly stagedPath: string;
      readonly bytes: Uint8Array;
      readonly verdict: Extract<PreflightResult, { verdict: 'ready' }>;
      /** What the clerk's file must still be when it is filed. */
      readonly identity: FileIdentity;
    };

export interface StageDeps {
  readonly files: Pick<FileOps, 'stability' | 'claim' | 'release' | 'read' | 'writeStaged'>;
  readonly journal: Pick<Journal, 'addFile' | 'setState' | 'setPath'>;
  readonly fileAway: Pick<FileAway, 'fileFailed' | 'fileProcessed' | 'remember'>;
  readonly preflight: (input: PreflightInput) => PreflightResult;
  readonly limits: PreflightLimits;
  readonly clock: Clock;
  /** How long a header-only or empty file must have been untouched before it is called データなし. */
  readonly noDataQuietMs: number;
  readonly logger: Logger;
}

/** Default quiet time before データなし: longer than any pause between an exporter's pages. */
export const NO_DATA_QUIET_MS = 60_000;

const ended = (state: SentEnd['state']): StageOutcome => ({ kind: 'ended', end: { end: 'final', state } });

/** `onClaimed`: told where the file went, so a run that stops on an exception can put it back. */
export type Stage = (ctx: RunContext, ref: SettingRef, candidate: Candidate, onClaimed?: (path: string) => void) => Promise<StageOutcome>;

export function createStage(deps: StageDeps): Stage {
  const { files, journal, fileAway, logger } = deps;

  return async (ctx, ref, candidate, onClaimed) => {
    const stability = await files.stability(candidate);
    if (stability.status === 'gone') return { kind: 'ended', end: null };
    if (stability.status === 'changing') {
      logger.info('file still being written', { path: candidate.path });
      return { kind: 'ended', end: { end: 'not-ready' } };
    }
    const base = { runId: ctx.runId, kind: ref.kind, fileName: candidate.name, originalPath: candidate.path, settingKey: ref.key } as const;
    const skipped = (reason: string, currentPath = candidate.path): StageOutcome => {
      const row = journal.addFile({ ...base, currentPath, state: { state: 'skipped', reason } }, 'addFile');
      ctx.emit({ type: 'file-state', runId: ctx.runId, fileName: row.fileName, kind: row.kind, state: row.state });
      return ended('skipped');
    };
    ctx.emit({ type: 'file-found', runId: ctx.runId, fileName: candidate.name, kind: ref.kind });
    if (stability.status === 'locked') return skipped(stability.message);

    const claim = await files.claim(candidate.path);
    if (claim.status === 'gone') return { kind: 'ended', end: null };
    if (claim.status === 'locked') return skipped(claim.error.message);
    if (claim.status === 'in-place') logger.warn('file worked on in place (no 処理中 folder)', { path: candidate.path, reason: claim.reason });
    const path = claim.status === 'claimed' ? claim.path : candidate.path;
    if (claim.status === 'claimed') onClaimed?.(path);
    const putBack = async (): Promise<void> => {
      if (claim.status !== 'claimed') return;
      const back = await files.release(path, candidate.path);
      if (!back.ok) logger.error('cannot put claimed file back', { path, detail: back.error.detail });
    };

    const read = await files.read(path);
    if (!read.ok) {
      // Recorded where it is, then put back (the pipeline's settle would too; this is at once).
      const outcome = skipped(read.error.message, path);
      await putBack();
      return outcome;
    }
    const { bytes, sha256, size, mtimeMs } = read.value;
    const identity: FileIdentity = { sha256, size, mtimeMs };

    const verdict = deps.preflight({ fileName: candidate.name, bytes, kind: ref.kind, hasHeader: ref.setting.firstLine === 'skip', limits: deps.limits });
    if (verdict.verdict === 'no-data' && deps.clock.now().getTime() - mtimeMs < deps.noDataQuietMs) {
      logger.info('header only or empty, and recently written: left for a later run', { path: candidate.path });
      await putBack();
      return { kind: 'ended', end: null };
    }

    let file = journal.addFile({ ...base, currentPath: path }, 'addFile');
    // Size and time too, not only the hash, are checked when it is filed (file-away.ts).
    fileAway.remember(path, identity);
    ctx.emit({ type: 'file-state', runId: ctx.runId, fileName: file.fileName, kind: file.kind, state: file.state });

    const staged = await files.writeStaged(candidate.name, bytes);
    if (!staged.ok) {
      journal.setState(ctx, file, { state: 'skipped', reason: staged.error.message });
      return ended('skipped');
    }
    const stagedPath = staged.value;
    // Recorded at once, so a crash before `checked` still lets resume() remove the copy.
    file = journal.setPath(file, { stagedPath });

    if (verdict.verdict === 'invalid') {
      file = journal.setState(ctx, file, { state: 'failed', problems: verdict.problems, cause: 'preflight' }, { stagedPath });
      await fileAway.fileFailed(ctx.runId, file, HEADLINE_PREFLIGHT, verdict.problems, ADVICE_FIX_AND_RETRY, identity);
      return ended('failed');
    }
    if (verdict.verdict === 'no-data') {
      file = journal.setState(ctx, file, { state: 'no-data' }, { stagedPath });
      await fileAway.fileProcessed(file, null, identity);
      return ended('no-data');
    }
    return { kind: 'ready', file, sha256, stagedPath, bytes, verdict, identity };
  };
}
