// The watcher's default verdict for a waiting file: read it and run the same pre-flight the runner
// runs, so the list says before sending what the run would say. Read errors (locked by Excel, gone)
// become an `unreadable` verdict with the clerk's sentence, never an exception.
import { readFile } from 'node:fs/promises';
import type { PreflightVerdict } from '../../../shared/run';
import { describeFsError } from '../files/fs-errors';
import { preflight, toVerdict, unreadableVerdict } from '../preflight';
import type { VerdictJudge } from './folder-watcher';

export const preflightJudge: VerdictJudge = async ({ path, fileName, kind, hasHeader }): Promise<PreflightVerdict> => {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return unreadableVerdict(describeFsError(e, 'ファイルを読む', path));
  }
  return toVerdict(preflight({ fileName, bytes, kind, hasHeader }));
};
