// Measures the history store at the size a busy PC reaches after years: 100,000 runs × 5 files.
// Not a test (no time assertions): run `npx tsx electron/core/history/bench-history.ts [dir]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { systemClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { openHistoryDatabase } from './history-database';

const RUNS = Number(process.env.RUNS ?? 100_000);
const FILES = 5;
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'meisai-bench-'));
const file = join(dir, 'history.db');

function time<T>(label: string, fn: () => T, repeat = 1): T {
  let out!: T;
  const start = performance.now();
  for (let i = 0; i < repeat; i++) out = fn();
  const ms = (performance.now() - start) / repeat;
  console.log(`${label.padEnd(44)} ${ms.toFixed(2).padStart(9)} ms${repeat > 1 ? ` (mean of ${repeat})` : ''}`);
  return out;
}

// Create the schema through the real code path, then seed in bulk through a raw connection.
const first = openHistoryDatabase(file, { logger: silentLogger, clock: systemClock });
if (!first.ok) throw new Error(first.error.message);
first.value.close();

const raw = new Database(file);
raw.pragma('journal_mode = WAL');
const insertRun = raw.prepare(`INSERT INTO runs (id, target_kind, target_key, target_name, trigger, started_at, finished_at, outcome, message, file_count, done_count)
  VALUES (?, ?, ?, ?, 'schedule', ?, ?, ?, '完了', 5, 5)`);
const insertFile = raw.prepare(`INSERT INTO run_files (run_id, kind, file_name, original_path, current_path, setting_key, sha256, state, state_json, import_id, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, ?)`);
time(`seed ${RUNS} runs × ${FILES} files`, () => {
  raw.transaction(() => {
    const t0 = Date.UTC(2022, 0, 1);
    for (let i = 0; i < RUNS; i++) {
      const at = new Date(t0 + i * 15 * 60_000).toISOString();
      const key = i % 4 === 0 ? 'customers' : `rep${i % 4}`;
      const id = `run-${String(i).padStart(7, '0')}`;
      insertRun.run(id, key === 'customers' ? 'customers' : 'report', key, key, at, at, i % 50 === 0 ? 'failed' : 'success');
      for (let f = 0; f < FILES; f++) {
        const sha = `${i.toString(16).padStart(8, '0')}${f}`.padEnd(64, 'a');
        insertFile.run(id, key === 'customers' ? 'customers' : 'report', `f${f}.csv`, `/in/f${f}.csv`, `/done/f${f}.csv`, key, sha, `{"state":"done","importId":${i * 10 + f}}`, i * 10 + f, at, at);
      }
    }
  })();
});
raw.close();

const opened = time('open (migrations already applied)', () => openHistoryDatabase(file, { logger: silentLogger, clock: systemClock }));
if (!opened.ok) throw new Error(opened.error.message);
const { reader, writer } = opened.value;
time('listRuns first page (50)', () => reader.listRuns({}), 20);
time('listRuns page at offset 10,000', () => reader.listRuns({ offset: 10_000 }), 20);
time('listRuns target=rep1', () => reader.listRuns({ target: 'rep1' }), 20);
time('listRuns outcome=failed', () => reader.listRuns({ outcome: 'failed' }), 20);
time('listRuns one local month', () => reader.listRuns({ from: '2023-06-01', to: '2023-06-30' }), 20);
time('listRuns target + outcome + dates', () => reader.listRuns({ target: 'customers', outcome: 'failed', from: '2022-01-01', to: '2024-12-31' }), 20);
time('getRun', () => reader.getRun('run-0050000'), 20);
time('findUnfinishedFiles', () => reader.findUnfinishedFiles(), 20);
time('attentionCount', () => reader.attentionCount(), 20);
time('findImportedBySha (hit)', () => reader.findImportedBySha('rep1', `${(50_001).toString(16).padStart(8, '0')}0`.padEnd(64, 'a')), 20);
time('findImportedBySha (miss)', () => reader.findImportedBySha('rep1', 'f'.repeat(64)), 20);
const csv = time('exportCsv, whole history', () => reader.exportCsv({}));
console.log(`  csv size ${(csv.length / 1e6).toFixed(1)} M chars`);
time('exportCsv, one target one month', () => reader.exportCsv({ target: 'rep2', from: '2023-06-01', to: '2023-06-30' }), 5);
const run = writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual' });
if (!run.ok) throw new Error(run.error.message);
time('writer: addFile + 5 state changes (synchronous=FULL)', () => {
  const f = writer.addFile({ runId: run.value.id, kind: 'customers', fileName: 'x.csv', originalPath: '/x.csv', settingKey: 'customers' });
  if (!f.ok) throw new Error(f.error.message);
  writer.setFileState(f.value.id, { state: 'checked', sha256: 'e'.repeat(64), lines: 1, bytes: 1 });
  writer.setFileState(f.value.id, { state: 'sending', sha256: 'e'.repeat(64) });
  writer.setFileState(f.value.id, { state: 'sent', importId: 1 });
  writer.setFileState(f.value.id, { state: 'importing', importId: 1 });
  writer.setFileState(f.value.id, { state: 'done', importId: 1 });
}, 20);
opened.value.close();
if (process.argv[2] === undefined) rmSync(dir, { recursive: true, force: true });
