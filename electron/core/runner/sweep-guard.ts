// Keeps the start-up sweep of 処理中 (claim-sweep.ts) apart from this process's own claims. Resume —
// and its closing sweep — runs beside the agent, so a run may rename a file into 処理中 while the
// sweep looks, before the history row that accounts for it is written. Put back then, the file would
// be found again in the folder and sent a second time. So every file this process moves into 処理中
// (a claim, or 再送する's reclaim) is remembered, and the sweep neither starts while such a move is
// half-way nor lets one start while it lists and puts back; what this process claimed it never touches.
import type { FileOps } from './file-ops';

export interface SweepGuard {
  /** The file operations with claim and reclaim remembered and held back while a sweep runs. */
  guard(files: FileOps): FileOps;
  /**
   * Runs the sweep once no move into 処理中 is half-way, holding new ones until it ends; `mine` tells
   * the paths this process moved into 処理中 (never to be swept).
   */
  exclusive<T>(sweep: (mine: (path: string) => boolean) => Promise<T>): Promise<T>;
}

export function createSweepGuard(): SweepGuard {
  const mine = new Set<string>();
  let moving = 0;
  const quiet: (() => void)[] = [];
  let sweeping: Promise<void> | null = null;

  async function move<T>(work: () => Promise<T>, claimedPath: (result: T) => string | null): Promise<T> {
    while (sweeping !== null) await sweeping;
    moving++;
    try {
      const result = await work();
      const path = claimedPath(result);
      if (path !== null) mine.add(path);
      return result;
    } finally {
      moving--;
      if (moving === 0) for (const wake of quiet.splice(0)) wake();
    }
  }

  return {
    guard(files) {
      return {
        ...files,
        claim: (path) => move(() => files.claim(path), (c) => (c.status === 'claimed' ? c.path : null)),
        reclaim: (path, originalPath) => move(() => files.reclaim(path, originalPath), (r) => (r.ok ? r.value : null)),
      };
    },
    async exclusive(sweep) {
      while (sweeping !== null) await sweeping;
      let done = (): void => {};
      sweeping = new Promise<void>((resolve) => (done = resolve));
      try {
        while (moving > 0) await new Promise<void>((resolve) => quiet.push(resolve));
        return await sweep((path) => mine.has(path));
      } finally {
        sweeping = null;
        done();
      }
    },
  };
}
