// The shape of one schema migration. Each lives in its own numbered file and runs in one transaction
// together with the PRAGMA user_version bump, so a crash mid-migration leaves the old schema intact.
import type Database from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3… with no gaps: the PRAGMA user_version after it ran. */
  readonly version: number;
  /** What it does, for the log. */
  readonly name: string;
  up(db: Database.Database): void;
}
