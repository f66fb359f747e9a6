// The watcher's verdict for a waiting file: read it and run the same pre-flight the runner runs, so
// the list says before sending what the run would say — including, when the engine hands it the
// history, what the content guards will do with it (同一内容, lines already sent). Read errors
// (locked by Excel, gone) become an `unreadable` verdict with the clerk's sentence, never an exception.
import { readFile } from 'node:fs/promises';
import type { ContentForesight, FileKind, PreflightVerdict } from '../../../shared/run';
import { describeFsError } from '../files/fs-errors';
import { preflight, toVerdict, unreadableVerdict, type PreflightResult } from '../preflight';
import type { VerdictJudge } from './folder-watcher';

export type ReadyPreflight = Extract<PreflightResult, { verdict: 'ready' }>;

/** What the content guards will do with a file that passed pre-flight, foreseen from the history. */
export interface Foresight {
  see(file: { readonly key: string; readonly kind: FileKind; readonly hasHeader: boolean }, ready: ReadyPreflight): ContentForesight | undefined;
  /** Changes when the history the foresight reads from changed. */
  epoch(): string;
}

export function createPreflightJudge(foresight: Foresight | null = null): VerdictJudge {
  const judge = async (file: Parameters<VerdictJudge>[0]): Promise<PreflightVerdict> => {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file.path);
    } catch (e) {
      return unreadableVerdict(describeFsError(e, 'ファイルを読む', file.path));
    }
    const result = preflight({ fileName: file.fileName, bytes, kind: file.kind, hasHeader: file.hasHeader });
    const verdict = toVerdict(result);
    if (foresight === null || result.verdict !== 'ready' || verdict.verdict !== 'ok') return verdict;
    const seen = foresight.see(file, result);
    return seen === undefined ? verdict : { ...verdict, foresight: seen };
  };
  return foresight === null ? judge : Object.assign(judge, { epoch: () => foresight.epoch() });
}

/** Pre-flight only: the support bundle, and tests without a history. */
export const preflightJudge: VerdictJudge = createPreflightJudge();
