// The first steps of a file's way: is it whole (stable, not held open by Excel), a history row for
// it, the agent's own staged copy (the exact bytes that will be checked and sent, with their
// SHA-256), and the pre-flight verdict on that copy. A file that cannot go on ends here: still
// being written (left for a later run), locked or unreadable (保留), refused by the pre-flight
// (エラー with a note) or without data (処理済み).
import type { PreflightInput, PreflightLimits, PreflightResult } from '../preflight/types';
import type { StoredFile } from '../history/history-interface';
import type { Candidate } from '../files/list-candidates';
import type { Logger } from '../ports/logger';
import { ADVICE_FIX_AND_RETRY, HEADLINE_PREFLIGHT } from './clerk-messages';
import type { FileAway } from './file-away';
import type { FileOps } from './file-ops';
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
    };

export interface StageDeps {
  readonly files: Pick<FileOps, 'stability' | 'stage'>;
  readonly journal: Pick<Journal, 'addFile' | 'setState' | 'setPath'>;
  readonly fileAway: Pick<FileAway, 'fileFailed' | 'fileProcessed'>;
  readonly preflight: (input: PreflightInput) => PreflightResult;
  readonly limits: PreflightLimits;
  readonly logger: Logger;
}

const ended = (state: SentEnd['state']): StageOutcome => ({ kind: 'ended', end: { end: 'final', state } });

export function createStage(deps: StageDeps): (ctx: RunContext, ref: SettingRef, candidate: Candidate) => Promise<StageOutcome> {
  const { files, journal, fileAway, logger } = deps;

  return async (ctx, ref, candidate) => {
    const stability = await files.stability(candidate);
    if (stability.status === 'gone') return { kind: 'ended', end: null };
    if (stability.status === 'changing') {
      logger.info('file still being written', { path: candidate.path });
      return { kind: 'ended', end: { end: 'not-ready' } };
    }
    const base = { runId: ctx.runId, kind: ref.kind, fileName: candidate.name, originalPath: candidate.path, settingKey: ref.key } as const;
    ctx.emit({ type: 'file-found', runId: ctx.runId, fileName: candidate.name, kind: ref.kind });
    if (stability.status === 'locked') {
      const row = journal.addFile({ ...base, state: { state: 'skipped', reason: stability.message } }, 'addFile');
      ctx.emit({ type: 'file-state', runId: ctx.runId, fileName: row.fileName, kind: row.kind, state: row.state });
      return ended('skipped');
    }

    let file = journal.addFile(base, 'addFile');
    ctx.emit({ type: 'file-state', runId: ctx.runId, fileName: file.fileName, kind: file.kind, state: file.state });

    const staged = await files.stage(candidate.path);
    if (!staged.ok) {
      journal.setState(ctx, file, { state: 'skipped', reason: staged.error.message });
      return ended('skipped');
    }
    const { bytes, sha256, stagedPath } = staged.value;
    // Recorded at once, so a crash before `checked` still lets resume() remove the copy.
    file = journal.setPath(file, { stagedPath });

    const verdict = deps.preflight({ fileName: candidate.name, bytes, kind: ref.kind, hasHeader: ref.setting.firstLine === 'skip', limits: deps.limits });
    if (verdict.verdict === 'invalid') {
      file = journal.setState(ctx, file, { state: 'failed', problems: verdict.problems }, { stagedPath });
      await fileAway.fileFailed(ctx.runId, file, HEADLINE_PREFLIGHT, verdict.problems, ADVICE_FIX_AND_RETRY);
      return ended('failed');
    }
    if (verdict.verdict === 'no-data') {
      file = journal.setState(ctx, file, { state: 'no-data' }, { stagedPath });
      await fileAway.fileProcessed(file);
      return ended('no-data');
    }
    return { kind: 'ready', file, sha256, stagedPath, bytes, verdict };
  };
}
