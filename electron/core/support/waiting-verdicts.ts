// What waits in the folders, with the pre-flight verdict each file would get, for the support
// bundle. The running agent's watcher already holds verdicts; without one (the CLI, the agent
// stopped) the folder listing is judged here with the watcher's own judge, oldest files first and
// bounded, so a folder of thousands of files cannot make the bundle slow.
import { join } from 'node:path';
import type { WaitingFiles } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import { preflightJudge } from '../watcher/preflight-judge';
import { snapshotWaitingFiles } from '../watcher/waiting-snapshot';
import { watchTargetsFromSettings } from '../watcher/watch-targets';

/** While nothing runs, a file counts as stable once untouched this long (the window's 待機中 when stopped). */
const STABLE_MS = 3_000;
const MAX_JUDGED_PER_FOLDER = 50;
const MAX_JUDGED_BYTES = 32 * 1024 * 1024;

export async function judgedWaitingFiles(settings: Settings, now: Date): Promise<WaitingFiles[]> {
  const targets = watchTargetsFromSettings(settings);
  const listed = await snapshotWaitingFiles(targets, now, STABLE_MS);
  return Promise.all(
    listed.map(async (w) => {
      const target = targets.find((t) => t.key === w.target);
      if (!target) return w;
      const files = await Promise.all(
        w.files.map(async (f, i) =>
          f.verdict !== null || i >= MAX_JUDGED_PER_FOLDER || f.bytes > MAX_JUDGED_BYTES
            ? f
            : { ...f, verdict: await preflightJudge({ key: target.key, path: join(w.folder, f.fileName), fileName: f.fileName, kind: target.kind, hasHeader: target.hasHeader, bytes: f.bytes }) },
        ),
      );
      return { ...w, files };
    }),
  );
}
