// Benchmark (not a test): the history store at the size a busy PC reaches after years — 100,000 runs
// × 5 files — through the real reader (the queries the history window and the tray badge make).
// Moved here from electron/core/history/bench-history.ts so that bench/run.ts can report it.
//
//   npx tsx bench/history.ts [--quick] [dir]     (RUNS=20000 to try a smaller store)
//
// Also measures what migration 003 bought: the same resume / tray-badge queries with 001's partial
// state index put back (SQLite could not use it for a narrower IN list, so they scanned every file).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { systemClock } from '../electron/core/ports/clock';
import { silentLogger } from '../electron/core/ports/logger';
import { openHistoryDatabase } from '../electron/core/history/history-database';
import { isMainModule, median, round, timeRepeated } from './stats';

export interface HistoryFigures {
  readonly runs: number;
  readonly filesPerRun: number;
  readonly repeats: number;
  readonly seedMs: number;
  /** Database file size after a checkpoint (the WAL folded in), MB. */
  readonly dbSizeMb: number;
  /** Median milliseconds of `repeats` calls each. */
  readonly ms: Readonly<Record<string, number>>;
  /** The whole history exported: characters of CSV. */
  readonly csvChars: number;
  /** Resume and tray-badge queries with 001's partial index instead of 003's (the tuning, undone). */
  readonly withoutMigration003Ms: Readonly<Record<'findUnfinishedFiles' | 'attentionCount', number>>;
}

function seed(file: string, runs: number, files: number): void {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  const insertRun = raw.prepare(`INSERT INTO runs (id, target_kind, target_key, target_name, trigger, started_at, finished_at, outcome, message, file_count, done_count)
    VALUES (?, ?, ?, ?, 'schedule', ?, ?, ?, '完了', 5, 5)`);
  const insertFile = raw.prepare(`INSERT INTO run_files (run_id, kind, file_name, original_path, current_path, setting_key, sha256, state, state_json, import_id, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, ?)`);
  raw.transaction(() => {
    // One run every 15 minutes from 2022 on: 100,000 runs reach into 2024.
    const t0 = Date.UTC(2022, 0, 1);
    for (let i = 0; i < runs; i++) {
      const at = new Date(t0 + i * 15 * 60_000).toISOString();
      const key = i % 4 === 0 ? 'customers' : `rep${i % 4}`;
      const id = `run-${String(i).padStart(7, '0')}`;
      insertRun.run(id, key === 'customers' ? 'customers' : 'report', key, key, at, at, i % 50 === 0 ? 'failed' : 'success');
      for (let f = 0; f < files; f++) {
        const sha = `${i.toString(16).padStart(8, '0')}${f}`.padEnd(64, 'a');
        insertFile.run(id, key === 'customers' ? 'customers' : 'report', `f${f}.csv`, `/in/f${f}.csv`, `/done/f${f}.csv`, key, sha, `{"state":"done","importId":${i * 10 + f}}`, i * 10 + f, at, at);
      }
    }
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
}

export function benchHistory(options: { runs?: number; repeats: number; dir?: string; log?: (s: string) => void }): HistoryFigures {
  const runs = options.runs ?? 100_000;
  const files = 5;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'meisai-bench-history-'));
  const file = join(dir, 'history.db');
  const repeats = options.repeats;
  try {
    // Create the schema through the real code path (all migrations), then seed in bulk through a raw connection.
    const first = openHistoryDatabase(file, { logger: silentLogger, clock: systemClock });
    if (!first.ok) throw new Error(first.error.message);
    first.value.close();
    options.log?.(`  history: seeding ${runs} runs × ${files} files`);
    const s0 = performance.now();
    seed(file, runs, files);
    const seedMs = performance.now() - s0;
    const dbSizeMb = statSync(file).size / 1024 / 1024;

    const opened = openHistoryDatabase(file, { logger: silentLogger, clock: systemClock });
    if (!opened.ok) throw new Error(opened.error.message);
    const { reader } = opened.value;
    const ms: Record<string, number> = {};
    const time = (label: string, fn: () => unknown, times = repeats) => {
      fn(); // warm the page cache and the prepared statement
      ms[label] = round(median(timeRepeated(fn, times)), 3);
    };
    options.log?.('  history: queries');
    time('history page (first 50 runs)', () => reader.listRuns({}));
    time('history page at offset 10,000', () => reader.listRuns({ offset: 10_000 }));
    time('filter: setting + one month', () => reader.listRuns({ target: 'rep1', from: '2023-06-01', to: '2023-06-30' }));
    time('filter: setting + outcome + 3 years', () => reader.listRuns({ target: 'customers', outcome: 'failed', from: '2022-01-01', to: '2024-12-31' }));
    time('filter: setting only', () => reader.listRuns({ target: 'rep1' }));
    time('one run with its files', () => reader.getRun('run-0050000'));
    time('findUnfinishedFiles (resume)', () => reader.findUnfinishedFiles());
    time('attentionCount (tray badge)', () => reader.attentionCount());
    time('findImportedBySha (duplicate check)', () => reader.findImportedBySha('rep1', `${(50_001).toString(16).padStart(8, '0')}0`.padEnd(64, 'a')));
    time('CSV export: one setting, one month', () => reader.exportCsv({ target: 'rep2', from: '2023-06-01', to: '2023-06-30' }));
    options.log?.('  history: CSV export of the whole history');
    let csvChars = 0;
    const whole = timeRepeated(() => (csvChars = reader.exportCsv({}).length), Math.max(1, Math.min(3, repeats)));
    ms['CSV export: whole history'] = round(median(whole), 1);
    opened.value.close();

    // The tuning undone: 001's partial index back in place of 003's plain one.
    const raw = new Database(file);
    raw.exec(`DROP INDEX IF EXISTS run_files_by_state;
      CREATE INDEX run_files_open ON run_files (state, id)
        WHERE state IN ('found', 'checked', 'sending', 'sent', 'importing', 'unknown', 'held');`);
    raw.close();
    const old = openHistoryDatabase(file, { logger: silentLogger, clock: systemClock });
    if (!old.ok) throw new Error(old.error.message);
    const oldReader = old.value.reader;
    const oldTimes = (fn: () => unknown) => {
      fn();
      return round(median(timeRepeated(fn, Math.min(repeats, 10))), 3);
    };
    const withoutMigration003Ms = {
      findUnfinishedFiles: oldTimes(() => oldReader.findUnfinishedFiles()),
      attentionCount: oldTimes(() => oldReader.attentionCount()),
    };
    old.value.close();
    // Put 003's index back, so a kept database (a dir given) is as the app would leave it.
    const restore = new Database(file);
    restore.exec('DROP INDEX IF EXISTS run_files_open; CREATE INDEX IF NOT EXISTS run_files_by_state ON run_files (state, id);');
    restore.close();
    return { runs, filesPerRun: files, repeats, seedMs: round(seedMs, 0), dbSizeMb: round(dbSizeMb, 1), ms, csvChars, withoutMigration003Ms };
  } finally {
    if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

export function formatHistory(f: HistoryFigures): string {
  const lines = [`${f.runs} runs × ${f.filesPerRun} files: seeded in ${f.seedMs} ms, database ${f.dbSizeMb} MB (median of ${f.repeats} calls each)`];
  for (const [k, v] of Object.entries(f.ms)) lines.push(`  ${k.padEnd(40)} ${v.toFixed(3).padStart(10)} ms`);
  lines.push(`  whole-history CSV: ${(f.csvChars / 1e6).toFixed(1)} M characters`);
  lines.push(`  with 001's partial index instead of 003's: findUnfinishedFiles ${f.withoutMigration003Ms.findUnfinishedFiles} ms, attentionCount ${f.withoutMigration003Ms.attentionCount} ms`);
  return lines.join('\n');
}


if (isMainModule(import.meta.filename)) {
  const quick = process.argv.includes('--quick');
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const runs = process.env.RUNS ? Number(process.env.RUNS) : undefined;
  console.log(formatHistory(benchHistory({ runs, repeats: quick ? 5 : 20, dir, log: (s) => console.error(s) })));
}
