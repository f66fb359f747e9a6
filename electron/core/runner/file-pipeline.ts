// One file of a run, start to end: stage (stable → claim → pre-flight → row → staged copy) → content
// guard (同一内容, same content in flight) → checked → overlap guard (lines already sent) → send part
// by part (POST → follow → file away) → a claim that ended without a move goes back to the folder.
// Each step is its own room; this is only the order they come in.
import type { Candidate } from '../files/list-candidates';
import type { ContentGuard, OverlapGuard } from './content-guard';
import type { FileAway } from './file-away';
import type { Journal } from './journal';
import type { FileEnd, RunContext } from './run-context';
import type { SendParts } from './send';
import type { SettingRef } from './setting-refs';
import type { Stage } from './stage';

export interface FilePipelineDeps {
  readonly stage: Stage;
  readonly guard: ContentGuard;
  readonly overlap: OverlapGuard;
  readonly journal: Pick<Journal, 'setState'>;
  readonly send: SendParts;
  readonly fileAway: Pick<FileAway, 'settleClaims' | 'putBack'>;
}

/** null: not this run's file after all (vanished); `not-ready`: still being written. */
export type ProcessFile = (ctx: RunContext, ref: SettingRef, candidate: Candidate, force: boolean) => Promise<FileEnd | null>;

export function createFilePipeline(deps: FilePipelineDeps): ProcessFile {
  const processFile = async (ctx: RunContext, ref: SettingRef, candidate: Candidate, force: boolean, onClaimed: (path: string) => void): Promise<FileEnd | null> => {
    const staged = await deps.stage(ctx, ref, candidate, onClaimed);
    if (staged.kind === 'ended') return staged.end;
    const { sha256, stagedPath, bytes, verdict } = staged;
    const guarded = await deps.guard(ctx, ref, { file: staged.file, sha256, stagedPath, force });
    if (guarded !== null) return guarded;
    const checked = deps.journal.setState(ctx, staged.file, { state: 'checked', sha256, lines: verdict.dataLines, bytes: bytes.length }, { stagedPath, partIndex: 1, partTotal: verdict.parts.length });
    const overlapping = await deps.overlap(ctx, ref, checked, verdict.parts, force);
    if (overlapping !== null) return overlapping;
    return deps.send(ctx, ref, checked, verdict.parts, sha256, 0);
  };
  return async (ctx, ref, candidate, force) => {
    let claimed: string | null = null;
    let end: FileEnd | null;
    try {
      end = await processFile(ctx, ref, candidate, force, (path) => (claimed = path));
    } catch (e) {
      // The run stops (the history cannot record, a bug): whatever the rows say, the clerk's file must
      // not be left in 処理中 — back to the folder, unless it may have been sent (its row says so).
      if (claimed !== null) await deps.fileAway.putBack(claimed, candidate.path, ctx.runId);
      throw e;
    }
    if (end !== null) await deps.fileAway.settleClaims(ctx.runId, candidate.path);
    return end;
  };
}
