// The history's record of the data lines sent per document setting (migration 005): written by the
// history writer in the same transaction as a file's `sending` (so content still in flight is
// guarded too), released when the import failed or was refused, and read by the overlap guard. Lines
// taken back from the sent ledger after a loss of the history land here too, without a file row.
import type Database from 'better-sqlite3';
import type { OverlapLine } from '../../../shared/run';
import type { LineFingerprint } from '../ledger/line-fingerprints';
import type { Timed } from './slow-query-log';

/** What the overlap guard learns about a new file's lines. */
export interface OverlapFinding {
  /** How many of the given lines were sent before (and not released) for the setting. */
  readonly overlapping: number;
  /** The first `sampleSize` of them, in file order, each with its latest earlier sender. */
  readonly sample: readonly OverlapLine[];
}

export interface SentContent {
  /** The history row, or null for content taken back from the sent ledger. */
  readonly fileId: number | null;
  readonly settingKey: string;
  readonly runId: string;
  readonly fileName: string;
  /** ISO 8601 UTC of the `sending`. */
  readonly sentAt: string;
  readonly lines: readonly LineFingerprint[];
  readonly source: 'history' | 'ledger';
}

/** The guard's side: reading only. */
export interface SentLinesReader {
  findOverlap(settingKey: string, lines: readonly LineFingerprint[], sampleSize?: number): OverlapFinding;
  /** Rows in the two tables: the benchmark's measure of growth. */
  size(): { readonly contents: number; readonly lines: number };
  /**
   * Changes whenever this store records or releases content: what foresight read may be out of date.
   * Kept in memory (one process writes the history: agent.lock), so asking costs nothing — the
   * waiting list asks it for every file it shows.
   */
  version(): string;
}

/** The writer's side: called inside the writer's own transactions. */
export interface SentLinesStore extends SentLinesReader {
  /** Records a file's lines once (a retried `sending` of the same row adds nothing). */
  record(content: SentContent): void;
  /** The file's import failed or was refused, or the clerk said it never arrived: its lines go free. */
  release(fileId: number, at: string): void;
}

export const DEFAULT_SAMPLE_SIZE = 20;

interface OwnerRow {
  readonly run_id: string;
  readonly file_name: string;
  readonly sent_at: string;
}

export function createSentLines(db: Database.Database, timed: Timed): SentLinesStore {
  const insertContent = db.prepare(`
    INSERT INTO sent_contents (file_id, setting_key, run_id, file_name, sent_at, source)
    VALUES (@fileId, @settingKey, @runId, @fileName, @sentAt, @source)
    ON CONFLICT (file_id) DO NOTHING`);
  const insertLine = db.prepare('INSERT OR IGNORE INTO sent_lines (fingerprint, content_id, line) VALUES (?, ?, ?)');
  const release = db.prepare('UPDATE sent_contents SET released_at = @at WHERE file_id = @fileId AND released_at IS NULL');
  // The newest earlier sender of one line: the clerk is shown the file that carried it last.
  const ownerOf = db.prepare<[Buffer, string], OwnerRow>(`
    SELECT c.run_id, c.file_name, c.sent_at FROM sent_lines l JOIN sent_contents c ON c.id = l.content_id
    WHERE l.fingerprint = ? AND c.setting_key = ? AND c.released_at IS NULL
    ORDER BY c.sent_at DESC, c.id DESC LIMIT 1`);
  const countContents = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sent_contents');
  const countLines = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sent_lines');
  let changes = 0;

  const findOverlap = db.transaction((settingKey: string, lines: readonly LineFingerprint[], sampleSize: number): OverlapFinding => {
    let overlapping = 0;
    const sample: OverlapLine[] = [];
    for (const l of lines) {
      const owner = ownerOf.get(Buffer.from(l.fingerprint, 'base64url'), settingKey);
      if (owner === undefined) continue;
      overlapping++;
      if (sample.length < sampleSize) sample.push({ line: l.line, runId: owner.run_id, fileName: owner.file_name, sentAt: owner.sent_at });
    }
    return { overlapping, sample };
  });

  return {
    findOverlap(settingKey, lines, sampleSize = DEFAULT_SAMPLE_SIZE) {
      // One read transaction: the count and the sample describe the same moment.
      return timed('findOverlap', () => findOverlap(settingKey, lines, sampleSize));
    },
    record(content) {
      const info = insertContent.run({
        fileId: content.fileId,
        settingKey: content.settingKey,
        runId: content.runId,
        fileName: content.fileName,
        sentAt: content.sentAt,
        source: content.source,
      });
      if (info.changes === 0) return;
      changes++;
      const contentId = Number(info.lastInsertRowid);
      for (const l of content.lines) insertLine.run(Buffer.from(l.fingerprint, 'base64url'), contentId, l.line);
    },
    release(fileId, at) {
      if (release.run({ fileId, at }).changes > 0) changes++;
    },
    size() {
      return { contents: countContents.get()?.n ?? 0, lines: countLines.get()?.n ?? 0 };
    },
    version: () => String(changes),
  };
}
