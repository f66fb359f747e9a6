// The writable side of the history store, for the runner only. Every change is one IMMEDIATE
// transaction on a database opened with synchronous=FULL (history-write.ts): when a call returns ok,
// the row is on disk, and only then may the runner move the file or call 楽楽明細. The writer is
// composed of rooms, one per kind of row it changes: run rows, file rows, the clerk's choices.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock';
import { createClerkChoiceWriter } from './clerk-choice-writer';
import { createFileRowsWriter } from './file-rows-writer';
import type { HistoryWriter } from './history-interface';
import { createHistoryWrite } from './history-write';
import { createRecount } from './run-counts';
import { createRowLookups } from './row-lookups';
import { createRunRowsWriter } from './run-rows-writer';
import { createSentLines, type SentLinesStore } from './sent-lines';
import type { Timed } from './slow-query-log';

export interface HistoryWriterDeps {
  readonly clock: Clock;
  readonly timed: Timed;
  readonly newId?: () => string;
}

export function createHistoryWriter(db: Database.Database, deps: HistoryWriterDeps & { readonly sentLines?: SentLinesStore }): HistoryWriter {
  const { clock } = deps;
  const sentLines = deps.sentLines ?? createSentLines(db, deps.timed);
  const write = createHistoryWrite(db, deps.timed);
  const rows = createRowLookups(db);
  const recount = createRecount(db);
  const now = () => clock.now().toISOString();
  return {
    ...createRunRowsWriter(db, { write, rows, recount, clock, newId: deps.newId ?? randomUUID }),
    ...createFileRowsWriter(db, { write, rows, recount, now, sentLines }),
    ...createClerkChoiceWriter(db, { write, rows, recount, now, sentLines }),
  };
}
