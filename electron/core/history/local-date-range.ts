// The window and the CLI filter history by the clerk's own calendar days, while rows store UTC.
// These pure helpers turn a local YYYY-MM-DD into the UTC instants that bound it, using the PC's
// time zone (the process's TZ), including days that are 23 or 25 hours long under DST.

/** Parses `YYYY-MM-DD` as a real calendar date; null when malformed or impossible (2026-02-30). */
export function parseLocalDate(text: string): { readonly year: number; readonly month: number; readonly day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const d = new Date(year, month - 1, day);
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return null;
  return { year, month, day };
}

/**
 * Reads `YYYY-MM-DD` leniently: a well-formed but impossible day rolls over as Date does
 * (2026-02-30 → 2026-03-02), so a filter from the window never crashes a list. Only a malformed
 * string throws (RangeError); callers that must refuse impossible days check parseLocalDate first.
 */
function lenientParts(text: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${text}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The UTC ISO instant at which the local day starts. */
export function localDayStartUtc(text: string): string {
  const [y, m, d] = lenientParts(text);
  return new Date(y, m - 1, d).toISOString();
}

/** The UTC ISO instant at which the local day after `text` starts (an exclusive upper bound). */
export function localDayEndUtc(text: string): string {
  const [y, m, d] = lenientParts(text);
  return new Date(y, m - 1, d + 1).toISOString();
}
