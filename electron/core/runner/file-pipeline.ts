// One file of a run, start to end: stage (stable → row → staged copy → pre-flight) → content guard
// (同一内容, same content in flight) → checked → send part by part (POST → follow → file away).
// Each step is its own room; this is only the order they come in.
import type { Candidate } from '../files/list-candidates';
import type { ContentGuard } from './content-guard';
import type { Journal } from './journal';
import type { FileEnd, RunContext } from './run-context';
import type { SendParts } from './send';
import type { SettingRef } from './setting-refs';
import type { StageOutcome } from './stage';

export interface FilePipelineDeps {
  readonly stage: (ctx: RunContext, ref: SettingRef, candidate: Candidate) => Promise<StageOutcome>;
  readonly guard: ContentGuard;
  readonly journal: Pick<Journal, 'setState'>;
  readonly send: SendParts;
}

/** null: not this run's file after all (vanished); `not-ready`: still being written. */
export type ProcessFile = (ctx: RunContext, ref: SettingRef, candidate: Candidate, force: boolean) => Promise<FileEnd | null>;

export function createFilePipeline(deps: FilePipelineDeps): ProcessFile {
  return async (ctx, ref, candidate, force) => {
    const staged = await deps.stage(ctx, ref, candidate);
    if (staged.kind === 'ended') return staged.end;
    const { sha256, stagedPath, bytes, verdict } = staged;
    const guarded = await deps.guard(ctx, ref, { file: staged.file, sha256, stagedPath, force });
    if (guarded !== null) return guarded;
    const checked = deps.journal.setState(ctx, staged.file, { state: 'checked', sha256, lines: verdict.dataLines, bytes: bytes.length }, { stagedPath, partIndex: 1, partTotal: verdict.parts.length });
    return deps.send(ctx, ref, checked, verdict.parts, sha256, 0);
  };
}
