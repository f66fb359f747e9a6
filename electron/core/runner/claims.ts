// The clerk's files this process is working on right now. The queue serialises runs, but resume at
// start-up and the clerk's own runs (再送する, 同じ内容でも送信する) can start while a run is going:
// a claimed file is never picked up twice.
export interface Claims {
  has(path: string): boolean;
  /** Runs `work` with `paths` claimed, and lets them go however it ends. */
  hold<T>(paths: readonly string[], work: () => Promise<T>): Promise<T>;
}

export function createClaims(): Claims {
  const claimed = new Set<string>();
  return {
    has: (path) => claimed.has(path),
    async hold(paths, work) {
      for (const p of paths) claimed.add(p);
      try {
        return await work();
      } finally {
        for (const p of paths) claimed.delete(p);
      }
    },
  };
}
