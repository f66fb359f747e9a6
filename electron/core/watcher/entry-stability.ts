// The waiting list's own "stable" flag: a listed file is shown stable once its size and modification
// time have not changed for `stableMs`, as rescans and events observed it. Cheap (no open, no read),
// so it covers a folder of 10,000 files. Every DECISION — pre-flight a file for the list, start a
// 「ファイル配置時」 run — asks the files module's StabilityTracker instead, which also probes whether
// another program (Excel) still holds the file. Pure: tested as a table.

/** One listed file as the watcher last saw it. */
export interface Entry {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly mtimeMs: number;
  /** Clock time since which this exact size + mtime has been seen. */
  readonly since: number;
  /** Set when the last StabilityTracker check found it held by another program (its message). */
  locked: string | null;
}

/** What a listing or a stat saw of a file. */
export interface Sighting {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Size and time identify a version of a file: the same signature is the same content, as far as the list knows. */
export const signatureOf = (e: Pick<Entry, 'name' | 'bytes' | 'mtimeMs'>): string => `${e.name}|${e.bytes}|${e.mtimeMs}`;

/**
 * The entry after a sighting, or null when nothing changed. A file first seen is stable at once if it
 * was last written at least `stableMs` ago (left overnight); a file that changed starts again now.
 */
export function observe(old: Entry | undefined, seen: Sighting, now: number, stableMs: number): Entry | null {
  if (old && old.bytes === seen.size && old.mtimeMs === seen.mtimeMs) return null;
  const since = old ? now : now - seen.mtimeMs >= stableMs ? now - stableMs : now;
  return { name: seen.name, path: seen.path, bytes: seen.size, mtimeMs: seen.mtimeMs, since, locked: null };
}

/** Unchanged for stableMs (whether or not another program holds it). */
export const isSettled = (e: Entry, now: number, stableMs: number): boolean => now - e.since >= stableMs;

/** What the list shows as stable: settled and not held by another program. */
export const isStable = (e: Entry, now: number, stableMs: number): boolean => e.locked === null && isSettled(e, now, stableMs);

/** How long until the first unsettled entry should have settled; null when all have. */
export function nextSettleInMs(entries: Iterable<Entry>, now: number, stableMs: number): number | null {
  let soonest = Infinity;
  for (const e of entries) if (!isSettled(e, now, stableMs)) soonest = Math.min(soonest, e.since + stableMs - now);
  return soonest === Infinity ? null : soonest;
}

/**
 * The entry after the wall clock was set back by `byMs` (found when a timer armed for a known delay
 * ran while the clock read that much less than due). An entry whose stillness began after the new
 * "now" was timed before the step: it keeps the stillness it had (its start moves back with the
 * clock), never more than up to now — counting from a moment in the future would show the file as
 * being written for as long as the jump (an hour). Other entries are returned as they are.
 */
export function afterClockSetBack(e: Entry, byMs: number, now: number): Entry {
  if (e.since <= now) return e;
  return { ...e, since: Math.min(e.since - Math.max(0, byMs), now) };
}

/** Oldest first, as the runner sends them. */
export function compareEntries(a: Entry, b: Entry): number {
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
