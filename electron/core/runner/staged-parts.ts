// The staged copy read again (resume after a crash, the clerk's 再送する): checked once more and
// verified against the recorded hash, so only the exact bytes that were checked are ever sent.
import type { StoredFile } from '../history/history-interface';
import type { CsvPart, PreflightInput, PreflightLimits, PreflightResult } from '../preflight/types';
import type { FileOps } from './file-ops';
import type { SettingRef } from './setting-refs';

export interface StagedPartsDeps {
  readonly files: Pick<FileOps, 'readStaged'>;
  readonly preflight: (input: PreflightInput) => PreflightResult;
  readonly limits: PreflightLimits;
}

/** The parts to send, or why the staged copy cannot be used (Japanese, for the clerk). */
export type StagedParts = (file: StoredFile, ref: SettingRef) => Promise<{ readonly parts: readonly CsvPart[] } | { readonly problem: string }>;

export function createStagedParts(deps: StagedPartsDeps): StagedParts {
  return async (file, ref) => {
    if (!file.stagedPath) return { problem: '送信用のコピーが記録されていません。' };
    const bytes = await deps.files.readStaged(file.stagedPath);
    if (!bytes.ok) return { problem: bytes.error.message };
    const verdict = deps.preflight({ fileName: file.fileName, bytes: bytes.value, kind: file.kind, hasHeader: ref.setting.firstLine === 'skip', limits: deps.limits });
    if (verdict.verdict !== 'ready' || verdict.sha256 !== file.sha256) return { problem: '送信用のコピーが記録と一致しません。' };
    return { parts: verdict.parts };
  };
}
