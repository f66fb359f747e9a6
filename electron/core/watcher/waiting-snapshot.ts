// The waiting files as one listing, for when the agent is stopped (停止中): its watcher is not
// running, but the clerk who opens 待機中のファイル should still see what lies in the folders rather
// than an empty list that reads as "nothing to send". No pre-flight here (that is the running
// watcher's job); stability is judged from the modification time alone.
import type { WaitingFiles } from '../../../shared/run';
import { listCandidates } from '../files/list-candidates';
import type { WatchTarget } from './watch-targets';

export async function snapshotWaitingFiles(targets: readonly WatchTarget[], now: Date, stableMs: number): Promise<WaitingFiles[]> {
  return Promise.all(
    targets.map(async (t): Promise<WaitingFiles> => {
      const listed = await listCandidates(t.folderPath, t.prefix);
      if (!listed.ok) return { target: t.key, folder: t.folderPath, folderProblem: listed.error.message, files: [] };
      return {
        target: t.key,
        folder: t.folderPath,
        folderProblem: null,
        files: listed.value.map((c) => ({
          fileName: c.name,
          bytes: c.size,
          modifiedAt: new Date(c.mtimeMs).toISOString(),
          stable: now.getTime() - c.mtimeMs >= stableMs,
          verdict: null,
        })),
      };
    }),
  );
}
