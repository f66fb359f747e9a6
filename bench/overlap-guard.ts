// Benchmark (not a test): what the overlap guard costs (issue 11). 100,000 document lines already
// recorded for one setting — sent through the real history writer with their fingerprints, and
// into the sent ledger, as the runner does — then the guard's check for one new file of typical
// sizes (fingerprinting its CP932 bytes, then asking the history who sent each line): a file with
// new lines (the usual case) and a re-export whose lines all went before. Also the growth it brings:
// the database with the lines recorded against the same history without them, and the ledger file;
// and what the start pays to read the ledger back (the loss check).
//
//   npx tsx bench/overlap-guard.ts [--quick]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import iconv from 'iconv-lite';
import Database from 'better-sqlite3';
import { openHistoryDatabase } from '../electron/core/history/history-database';
import type { HistoryDatabase } from '../electron/core/history/history-interface';
import { openCheckedHistory } from '../electron/core/history/open-checked-history';
import { fingerprintLines, type LineFingerprint } from '../electron/core/ledger/line-fingerprints';
import { encodeLines, openSentLedger } from '../electron/core/ledger/sent-ledger';
import { systemClock } from '../electron/core/ports/clock';
import { silentLogger } from '../electron/core/ports/logger';
import { dataPathsFor } from '../electron/core/settings/data-paths';
import { isMainModule, mb, median, round, timeRepeated } from './stats';

export interface OverlapGuardFigures {
  readonly recordedLines: number;
  readonly files: number;
  readonly repeats: number;
  /** Database growth for the recorded lines (same history with and without them), MB and bytes a line. */
  readonly dbGrowthMb: number;
  readonly dbBytesPerLine: number;
  /** The sent ledger for those sends, MB. */
  readonly ledgerMb: number;
  /** Median milliseconds of the check (fingerprint + lookup) for one file of N lines. */
  readonly checkMs: Readonly<Record<string, { readonly newLines: number; readonly allSent: number; readonly fingerprintOnly: number }>>;
  /** Reading the whole ledger and comparing it with the history at start (openCheckedHistory), ms. */
  readonly startCheckMs: number;
}

export const TYPICAL_SIZES = [100, 1_000, 10_000] as const;
const LINES_PER_FILE = 100;
const HEADER = '日付,顧客コード,ページ,ご請求金額,振込期限日,請求年月,明細名称,請求明細No.,明細金額,備考,登録番号\r\n';

/** One data line of the sample's shape, distinct for each n. */
const line = (n: number) => `2026年11月30日,C${String(n % 5000).padStart(4, '0')},1,${(n % 97) * 1000},2026年12月31日,2026年11月,保守費用 ${n},No.${String(n).padStart(7, '0')},${(n % 97) * 1000},,T1234567890123`;

function csv(from: number, count: number): Uint8Array {
  const rows: string[] = [];
  for (let i = 0; i < count; i++) rows.push(line(from + i));
  return iconv.encode(HEADER + rows.join('\r\n') + '\r\n', 'cp932');
}

const linesOf = (bytes: Uint8Array): LineFingerprint[] => fingerprintLines(bytes, { skipFirstRecord: true, firstLine: 2 });

/** `files` document files through the writer to `done`, with or without their lines. */
function seed(db: HistoryDatabase, files: number, withLines: boolean, ledger: ReturnType<typeof openSentLedger> | null): void {
  const sha = 'b'.repeat(64);
  for (let f = 0; f < files; f++) {
    const run = db.writer.createRun({ target: { kind: 'report', reportId: 'bill' }, targetName: '請求書', trigger: 'schedule' });
    if (!run.ok) throw new Error(run.error.message);
    const added = db.writer.addFile({ runId: run.value.id, kind: 'report', fileName: `billdata_${f}.csv`, originalPath: `/in/billdata_${f}.csv`, settingKey: 'bill', state: { state: 'checked', sha256: sha, lines: LINES_PER_FILE, bytes: 1 } });
    if (!added.ok) throw new Error(added.error.message);
    const sent = withLines ? linesOf(csv(f * LINES_PER_FILE, LINES_PER_FILE)) : undefined;
    db.writer.setFileState(added.value.id, { state: 'sending', sha256: sha }, sent ? { sentLines: sent } : {});
    db.writer.setFileState(added.value.id, { state: 'sent', importId: f + 1 });
    db.writer.setFileState(added.value.id, { state: 'done', importId: f + 1 });
    if (ledger && sent) {
      const a = `${run.value.id}/${added.value.id}`;
      ledger.append('bill', { v: 1, t: 'sending', a, at: new Date().toISOString(), run: run.value.id, file: added.value.id, name: `billdata_${f}.csv`, path: `/in/billdata_${f}.csv`, staged: null, sha, part: 1, parts: 1, issue: 'new', lines: encodeLines(sent) });
      ledger.append('bill', { v: 1, t: 'sent', a, at: new Date().toISOString(), importId: f + 1 });
      ledger.append('bill', { v: 1, t: 'done', a, at: new Date().toISOString() });
    }
  }
}

function sizeAfterCheckpoint(file: string): number {
  const raw = new Database(file);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  return statSync(file).size;
}

export function benchOverlapGuard(options: { readonly lines?: number; readonly repeats: number; readonly log?: (s: string) => void }): OverlapGuardFigures {
  const recordedLines = options.lines ?? 100_000;
  const files = Math.ceil(recordedLines / LINES_PER_FILE);
  const work = mkdtempSync(join(tmpdir(), 'meisai-bench-guard-'));
  try {
    const open = (dir: string) => {
      const r = openHistoryDatabase(join(dir, 'history.db'), { logger: silentLogger, clock: systemClock });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    // The same history twice: once without the lines, once with them (and the ledger).
    options.log?.(`  guard: ${files} files × ${LINES_PER_FILE} lines through the writer, without and with their lines`);
    const plainDir = join(work, 'plain');
    const plain = open(plainDir);
    seed(plain, files, false, null);
    plain.close();
    const guardedDir = join(work, 'guarded');
    const ledger = openSentLedger(guardedDir);
    const guarded = open(guardedDir);
    const s0 = performance.now();
    seed(guarded, files, true, ledger);
    options.log?.(`  guard: seeded in ${Math.round(performance.now() - s0)} ms`);

    const checkMs: Record<string, { newLines: number; allSent: number; fingerprintOnly: number }> = {};
    for (const size of TYPICAL_SIZES) {
      const fresh = csv(recordedLines + 1_000_000, size);
      const resent = csv(0, Math.min(size, recordedLines));
      const check = (bytes: Uint8Array) => () => guarded.sentLines.findOverlap('bill', linesOf(bytes));
      check(fresh)();
      check(resent)();
      const times = size >= 10_000 ? Math.max(3, Math.floor(options.repeats / 2)) : options.repeats;
      checkMs[String(size)] = {
        newLines: round(median(timeRepeated(check(fresh), times)), 2),
        allSent: round(median(timeRepeated(check(resent), times)), 2),
        fingerprintOnly: round(median(timeRepeated(() => linesOf(fresh), times)), 2),
      };
    }
    guarded.close();
    const plainBytes = sizeAfterCheckpoint(join(plainDir, 'history.db'));
    const guardedBytes = sizeAfterCheckpoint(join(guardedDir, 'history.db'));
    const ledgerBytes = statSync(join(ledger.dir, 'bill.jsonl')).size;

    // The start: the whole ledger read back and compared with the history (nothing lost).
    const paths = dataPathsFor(guardedDir, process.platform);
    const startCheck = () => {
      const opened = openCheckedHistory({ paths, settings: null, logger: silentLogger, clock: systemClock });
      if (!opened.ok) throw new Error(opened.error.message);
      if (opened.value.db.losses.pending() !== null) throw new Error('a loss where there is none');
      opened.value.db.close();
    };
    startCheck();
    const startCheckMs = round(median(timeRepeated(startCheck, Math.max(3, Math.floor(options.repeats / 2)))), 1);
    return {
      recordedLines, files, repeats: options.repeats,
      dbGrowthMb: round(mb(guardedBytes - plainBytes), 2),
      dbBytesPerLine: round((guardedBytes - plainBytes) / recordedLines, 1),
      ledgerMb: round(mb(ledgerBytes), 2),
      checkMs,
      startCheckMs,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatOverlapGuard(f: OverlapGuardFigures): string {
  const lines = [`${f.recordedLines} lines recorded (${f.files} files): database +${f.dbGrowthMb} MB (${f.dbBytesPerLine} bytes a line), ledger ${f.ledgerMb} MB; start check ${f.startCheckMs} ms`];
  for (const [size, m] of Object.entries(f.checkMs)) lines.push(`  check of a ${size}-line file: new lines ${m.newLines} ms, all sent before ${m.allSent} ms (fingerprints alone ${m.fingerprintOnly} ms)`);
  return lines.join('\n');
}

if (isMainModule(import.meta.filename)) {
  const quick = process.argv.includes('--quick');
  console.log(formatOverlapGuard(benchOverlapGuard({ repeats: quick ? 5 : 15, log: (s) => console.error(s) })));
}
