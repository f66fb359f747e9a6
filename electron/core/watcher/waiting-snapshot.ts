// The waiting files as one listing, for when the agent is stopped (停止中): its watcher is not
// running, but the clerk who opens 待機中のファイル should still see what lies in the folders rather
// than an empty list that reads as "nothing to send" — and what lies there that will not be sent.
// No pre-flight here (that is the running watcher's job); stability is judged from the modification
// time alone.
import type { WaitingFiles } from '../../../shared/run';
import { isCandidateName, listCandidates } from '../files/list-candidates';
import { ignoredFor, listFolderEntries } from './ignored-files';
import type { WatchTarget } from './watch-targets';

export async function snapshotWaitingFiles(targets: readonly WatchTarget[], now: Date, stableMs: number): Promise<WaitingFiles[]> {
  const listed = await Promise.all(targets.map(async (t) => ({ target: t, candidates: await listCandidates(t.folderPath, t.prefix), entries: await listFolderEntries(t.folderPath) })));
  return listed.map(({ target: t, candidates, entries }): WaitingFiles => {
    if (!candidates.ok) return { target: t.key, folder: t.folderPath, folderProblem: candidates.error.message, files: [], ignored: [], ignoredTotal: 0, schedule: null };
    // A name another setting reading the same folder takes, or would take by its name, is not ignored.
    const taken = (name: string) =>
      listed.some((o) => o.target.folderPath === t.folderPath && ((o.candidates.ok && o.candidates.value.some((c) => c.name === name)) || (o.target !== t && isCandidateName(name, o.target.prefix))));
    return {
      target: t.key,
      folder: t.folderPath,
      folderProblem: null,
      files: candidates.value.map((c) => ({
        fileName: c.name,
        bytes: c.size,
        modifiedAt: new Date(c.mtimeMs).toISOString(),
        stable: now.getTime() - c.mtimeMs >= stableMs,
        locked: null,
        verdict: null,
      })),
      ...ignoredFor(entries, t.prefix, taken),
      schedule: null,
    };
  });
}
