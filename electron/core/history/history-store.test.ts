import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FileState } from '../../../shared/run';
import { IllegalFileTransitionError } from './history-interface';
import { importFile, openForTest, unwrap } from './test-history';

let tz: string | undefined;
beforeAll(() => {
  tz = process.env.TZ;
  // Local-date filters are the PC's days: fix the zone so the expectations are exact.
  process.env.TZ = 'Asia/Tokyo';
});
afterAll(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meisai-history-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

describe('history writer and reader', () => {
  it('creates a run, records each file state with its sha and import id, and finishes the run with counts', () => {
    const { db, clock } = openForTest();
    const run = unwrap(db.writer.createRun({ target: { kind: 'report', reportId: 'rep1' }, targetName: '請求書', trigger: 'manual' }));
    expect(run).toMatchObject({ id: 'run-0001', outcome: 'running', finishedAt: null, startedAt: '2026-11-28T00:00:00.000Z' });
    const done = importFile(db, run.id, 'billdata_1.csv', SHA_A, 41, 'rep1');
    expect(done).toMatchObject({ state: { state: 'done', importId: 41 }, sha256: SHA_A, importId: 41, currentPath: '/processed/billdata_1.csv', originalPath: '/in/billdata_1.csv' });
    const bad = unwrap(db.writer.addFile({ runId: run.id, kind: 'report', fileName: 'billdata_2.csv', originalPath: '/in/billdata_2.csv', settingKey: 'rep1' }));
    const problems = [{ line: 3, column: '請求金額', message: '数値ではありません' }];
    unwrap(db.writer.setFileState(bad.id, { state: 'failed', problems }, { currentPath: '/error/billdata_2.csv' }));
    clock.jump(5000);
    const finished = unwrap(db.writer.finishRun(run.id, 'partial', '1件完了、1件エラー'));
    expect(finished).toMatchObject({ outcome: 'partial', message: '1件完了、1件エラー', finishedAt: '2026-11-28T00:00:05.000Z', counts: { files: 2, done: 1, failed: 1, skipped: 0, attention: 0 } });
    const detail = db.reader.getRun(run.id);
    expect(detail?.files.map((f) => [f.fileName, f.state.state])).toEqual([
      ['billdata_1.csv', 'done'],
      ['billdata_2.csv', 'failed'],
    ]);
    expect(detail?.files[1]?.problems).toEqual(problems);
    expect(db.reader.getRun('nope')).toBe(null);
  });

  it('rejects an illegal transition as a programming error and leaves the row unchanged', () => {
    const { db } = openForTest();
    const run = unwrap(db.writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual' }));
    const f = unwrap(db.writer.addFile({ runId: run.id, kind: 'customers', fileName: 'c.csv', originalPath: '/in/c.csv', settingKey: 'customers' }));
    expect(() => db.writer.setFileState(f.id, { state: 'sending', sha256: SHA_A })).toThrow(IllegalFileTransitionError);
    expect(db.reader.getFile(f.id)?.state).toEqual({ state: 'found' });
    unwrap(db.writer.setFileState(f.id, { state: 'checked', sha256: SHA_A, lines: 1, bytes: 9 }));
    unwrap(db.writer.setFileState(f.id, { state: 'sending', sha256: SHA_A }));
    // After sending, going back to checked (which would resend) is forbidden.
    expect(() => db.writer.setFileState(f.id, { state: 'checked', sha256: SHA_A, lines: 1, bytes: 9 })).toThrow(/sending -> checked/);
    expect(() => db.writer.addFile({ runId: run.id, kind: 'customers', fileName: 'x', originalPath: '/x', settingKey: 'customers', state: { state: 'done', importId: 1 } })).toThrow(IllegalFileTransitionError);
    expect(() => db.writer.setFileState(9999, { state: 'checked', sha256: SHA_A, lines: 1, bytes: 1 })).toThrow(/no file/);
    expect(() => db.writer.finishRun('nope', 'success', '')).toThrow(/no run/);
    unwrap(db.writer.finishRun(run.id, 'attention', '要確認'));
    expect(() => db.writer.finishRun(run.id, 'success', '')).toThrow(/already finished/);
  });

  it('revises a finished run\'s outcome without touching its end time, never a running one', () => {
    const { db } = openForTest();
    const run = unwrap(db.writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual' }));
    expect(() => db.writer.reviseOutcome(run.id, 'success', 'x')).toThrow(/still running/);
    const finished = unwrap(db.writer.finishRun(run.id, 'attention', '顧客データ: 1件要確認'));
    const revised = unwrap(db.writer.reviseOutcome(run.id, 'success', '顧客データ: 1件完了'));
    expect(revised).toMatchObject({ outcome: 'success', message: '顧客データ: 1件完了', finishedAt: finished.finishedAt });
    expect(db.reader.getRun(run.id)?.outcome).toBe('success');
    expect(() => db.writer.reviseOutcome('nope', 'success', '')).toThrow(/no run/);
  });

  it('keeps every state after close and reopen (file-backed), and lists what a crash left unfinished', () => {
    const file = join(dir, 'history.db');
    const first = openForTest(file);
    const run = unwrap(first.db.writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'schedule' }));
    const states: FileState[][] = [
      [{ state: 'checked', sha256: SHA_A, lines: 2, bytes: 20 }],
      [{ state: 'checked', sha256: SHA_B, lines: 2, bytes: 20 }, { state: 'sending', sha256: SHA_B }],
      [{ state: 'checked', sha256: 'c'.repeat(64), lines: 2, bytes: 20 }, { state: 'sending', sha256: 'c'.repeat(64) }, { state: 'sent', importId: 7 }],
      [{ state: 'no-data' }],
    ];
    const ids = states.map((path, i) => {
      const f = unwrap(first.db.writer.addFile({ runId: run.id, kind: 'customers', fileName: `c${i}.csv`, originalPath: `/in/c${i}.csv`, settingKey: 'customers', partIndex: 1, partTotal: 1 }));
      for (const s of path) unwrap(first.db.writer.setFileState(f.id, s, { stagedPath: `/staging/c${i}.csv` }));
      return f.id;
    });
    unwrap(first.db.writer.setFilePath(ids[0]!, { currentPath: '/staging/c0.csv' }));
    first.db.scheduleState.recordFiredSlot('rep1', new Date('2026-11-28T00:00:00.000Z'));
    // No finishRun: the process "died" here.
    first.db.close();

    const second = openForTest(file);
    expect(second.db.reader.findUnfinishedRuns().map((r) => r.id)).toEqual([run.id]);
    const unfinished = second.db.reader.findUnfinishedFiles();
    expect(unfinished.map((f) => [f.fileName, f.state.state, f.sha256, f.importId, f.stagedPath])).toEqual([
      ['c0.csv', 'checked', SHA_A, null, '/staging/c0.csv'],
      ['c1.csv', 'sending', SHA_B, null, '/staging/c1.csv'],
      ['c2.csv', 'sent', 'c'.repeat(64), 7, '/staging/c2.csv'],
    ]);
    expect(unfinished[0]?.currentPath).toBe('/staging/c0.csv');
    expect(second.db.scheduleState.lastFiredSlot('rep1')?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    // Resume: the file whose POST may have happened becomes 要確認.
    unwrap(second.db.writer.setFileState(ids[1]!, { state: 'held', sha256: SHA_B, reason: '送信中に終了しました' }));
    expect(second.db.reader.findHeldFiles().map((f) => f.id)).toEqual([ids[1]]);
    second.db.close();
  });

  it('counts attention (unresolved held + unknown) and resolves held files by the clerk\'s choice', () => {
    const { db } = openForTest();
    const run = unwrap(db.writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual' }));
    const mk = (name: string, sha: string) => {
      const f = unwrap(db.writer.addFile({ runId: run.id, kind: 'customers', fileName: name, originalPath: `/in/${name}`, settingKey: 'customers', state: { state: 'checked', sha256: sha, lines: 1, bytes: 1 } }));
      unwrap(db.writer.setFileState(f.id, { state: 'sending', sha256: sha }));
      return f;
    };
    const h1 = mk('h1.csv', SHA_A);
    const h2 = mk('h2.csv', SHA_B);
    const u = mk('u.csv', 'd'.repeat(64));
    unwrap(db.writer.setFileState(h1.id, { state: 'held', sha256: SHA_A, reason: 'timeout' }));
    unwrap(db.writer.setFileState(h2.id, { state: 'held', sha256: SHA_B, reason: 'reset' }));
    unwrap(db.writer.setFileState(u.id, { state: 'sent', importId: 3 }));
    unwrap(db.writer.setFileState(u.id, { state: 'unknown', importId: 3 }));
    expect(db.reader.attentionCount()).toBe(3);
    expect(db.reader.getRun(run.id)?.counts.attention).toBe(3);
    expect(db.reader.findImportedBySha('customers', SHA_A)).toBe(null);

    const marked = unwrap(db.writer.resolveHeld(h1.id, 'mark-sent'));
    expect(marked.resolution).toEqual({ action: 'mark-sent', at: '2026-11-28T00:00:00.000Z' });
    // Confirmed as received: the same content later is 同一内容.
    expect(db.reader.findImportedBySha('customers', SHA_A)).toMatchObject({ fileId: h1.id, runId: run.id, fileName: 'h1.csv' });
    unwrap(db.writer.resolveHeld(h2.id, 'resend'));
    expect(db.reader.findImportedBySha('customers', SHA_B)).toBe(null);
    expect(db.reader.attentionCount()).toBe(1);
    expect(db.reader.findHeldFiles()).toEqual([]);
    expect(db.reader.getRun(run.id)?.counts.attention).toBe(1);

    const again = db.writer.resolveHeld(h1.id, 'resend');
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('history.not-held');
    expect(db.writer.resolveHeld(12345, 'resend').ok).toBe(false);
    // The resend happens in the same record: held → sending is legal.
    unwrap(db.writer.setFileState(h2.id, { state: 'sending', sha256: SHA_B }));
    expect(db.reader.getFile(h2.id)?.resolution?.action).toBe('resend');
  });

  it('finds an earlier import of the same content only for the same setting, and only when all parts were imported', () => {
    const { db } = openForTest();
    const r1 = unwrap(db.writer.createRun({ target: { kind: 'report', reportId: 'rep1' }, targetName: '請求書', trigger: 'manual' }));
    importFile(db, r1.id, 'b.csv', SHA_A, 1, 'rep1');
    expect(db.reader.findImportedBySha('rep1', SHA_A)).toMatchObject({ runId: r1.id, importId: 1, fileName: 'b.csv' });
    expect(db.reader.findImportedBySha('rep2', SHA_A)).toBe(null);
    expect(db.reader.findImportedBySha('rep1', SHA_B)).toBe(null);

    // A customer file split into two imports: part 2 failed, so the content was not fully imported.
    const r2 = unwrap(db.writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual' }));
    const part = (i: number) =>
      unwrap(db.writer.addFile({ runId: r2.id, kind: 'customers', fileName: 'big.csv', originalPath: '/in/big.csv', settingKey: 'customers', partIndex: i, partTotal: 2, state: { state: 'checked', sha256: SHA_B, lines: 5, bytes: 50 } }));
    const p1 = part(1);
    const p2 = part(2);
    for (const [p, id] of [[p1, 10], [p2, 11]] as const) {
      unwrap(db.writer.setFileState(p.id, { state: 'sending', sha256: SHA_B }));
      unwrap(db.writer.setFileState(p.id, { state: 'sent', importId: id }));
    }
    unwrap(db.writer.setFileState(p1.id, { state: 'done', importId: 10 }));
    unwrap(db.writer.setFileState(p2.id, { state: 'failed', importId: 11, problems: [{ message: 'x' }] }));
    expect(db.reader.getFile(p2.id)).toMatchObject({ partIndex: 2, partTotal: 2, importId: 11 });
    expect(db.reader.findImportedBySha('customers', SHA_B)).toBe(null);

    const r3 = unwrap(db.writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual' }));
    importFile(db, r3.id, 'big.csv', SHA_B, 20);
    expect(db.reader.findImportedBySha('customers', SHA_B)).toMatchObject({ runId: r3.id, importId: 20 });
  });

  it('logs slow operations through the logger', () => {
    const { db, logger } = openForTest(':memory:', { slowQueryMs: -1 });
    db.reader.listRuns();
    expect(logger.lines.some((l) => l.level === 'warn' && l.message === 'history: slow query' && l.fields.operation === 'listRuns')).toBe(true);
  });

  it('keeps the schedule state per report, overwriting the previous slot', () => {
    const { db } = openForTest();
    expect(db.scheduleState.lastFiredSlot('rep1')).toBe(null);
    db.scheduleState.recordFiredSlot('rep1', new Date('2026-11-27T00:00:00Z'));
    db.scheduleState.recordFiredSlot('rep1', new Date('2026-11-28T00:00:00Z'));
    db.scheduleState.recordFiredSlot('rep2', new Date('2026-11-01T00:00:00Z'));
    expect(db.scheduleState.lastFiredSlot('rep1')?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(db.scheduleState.lastFiredSlot('rep2')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(() => db.scheduleState.recordFiredSlot('rep1', new Date('nope'))).toThrow(RangeError);
  });
});

describe('listRuns filters and paging', () => {
  function seed() {
    const ctx = openForTest();
    const { db } = ctx;
    // 30 runs, one every 8 hours from 2026-11-01T00:00Z (09:00 JST): alternating settings and outcomes.
    for (let i = 0; i < 30; i++) {
      const target = i % 3 === 0 ? ({ kind: 'customers' } as const) : ({ kind: 'report', reportId: i % 3 === 1 ? 'rep1' : 'rep2' } as const);
      const run = unwrap(db.writer.createRun({ target, targetName: `t${i}`, trigger: 'schedule', startedAt: new Date(Date.UTC(2026, 10, 1) + i * 8 * 3600_000) }));
      unwrap(db.writer.finishRun(run.id, i % 2 === 0 ? 'success' : 'failed', `run ${i}`));
    }
    return ctx;
  }

  it('lists newest first with a total, paging without overlap or gaps', () => {
    const { db } = seed();
    const all = db.reader.listRuns({ limit: 500 });
    expect(all.total).toBe(30);
    expect(all.runs.map((r) => r.targetName)).toEqual(Array.from({ length: 30 }, (_, i) => `t${29 - i}`));
    const pages = [0, 7, 14, 21, 28].map((offset) => db.reader.listRuns({ limit: 7, offset }));
    expect(pages.every((p) => p.total === 30)).toBe(true);
    expect(pages.flatMap((p) => p.runs.map((r) => r.id))).toEqual(all.runs.map((r) => r.id));
    expect(db.reader.listRuns().runs).toHaveLength(30);
  });

  it('filters by setting and outcome', () => {
    const { db } = seed();
    const rep1 = db.reader.listRuns({ target: 'rep1', limit: 500 });
    expect(rep1.total).toBe(10);
    expect(rep1.runs.every((r) => r.target.kind === 'report' && r.target.reportId === 'rep1')).toBe(true);
    const customersFailed = db.reader.listRuns({ target: 'customers', outcome: 'failed', limit: 500 });
    expect(customersFailed.runs.map((r) => r.targetName)).toEqual(['t27', 't21', 't15', 't9', 't3']);
    expect(customersFailed.runs.every((r) => r.target.kind === 'customers')).toBe(true);
  });

  it('filters by the PC\'s local dates, inclusive on both ends', () => {
    const { db } = seed();
    // Run i starts at 2026-11-01T00:00Z + 8h·i; the local (JST) day 2026-11-02 is 2026-11-01T15:00Z up to
    // 2026-11-02T15:00Z, which holds runs 2 (01:00 JST), 3 (09:00) and 4 (17:00).
    const day = db.reader.listRuns({ from: '2026-11-02', to: '2026-11-02', limit: 500 });
    const expected = Array.from({ length: 30 }, (_, i) => i).filter((i) => {
      const t = Date.UTC(2026, 10, 1) + i * 8 * 3600_000;
      return t >= Date.UTC(2026, 10, 1, 15) && t < Date.UTC(2026, 10, 2, 15);
    });
    expect(expected).toEqual([2, 3, 4]);
    expect(day.runs.map((r) => r.targetName).sort()).toEqual(['t2', 't3', 't4']);
    expect(db.reader.listRuns({ from: '2026-11-10', limit: 500 }).total).toBe(30 - Array.from({ length: 30 }, (_, i) => Date.UTC(2026, 10, 1) + i * 8 * 3600_000).filter((t) => t < Date.UTC(2026, 10, 9, 15)).length);
    expect(db.reader.listRuns({ to: '2026-10-31', limit: 500 }).total).toBe(0);
    // An impossible day rolls over instead of failing the window's list; a malformed one is a bug.
    expect(db.reader.listRuns({ from: '2026-10-32', to: '2026-10-32', limit: 500 }).runs.map((r) => r.targetName).sort()).toEqual(['t0', 't1']);
    expect(() => db.reader.listRuns({ from: '2026/11/01' })).toThrow(RangeError);
  });

  it('exports the filtered list (all pages) as CSV with file names', () => {
    const { db } = seed();
    const run = unwrap(db.writer.createRun({ target: { kind: 'report', reportId: 'rep9' }, targetName: '請求書,本社', trigger: 'manual', startedAt: new Date('2026-12-01T00:00:00Z') }));
    importFile(db, run.id, 'a,1.csv', SHA_A, 1, 'rep9');
    importFile(db, run.id, 'b "2".csv', SHA_B, 2, 'rep9');
    unwrap(db.writer.finishRun(run.id, 'success', '2件完了'));
    const csv = db.reader.exportCsv({ target: 'rep9', limit: 1 });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFF開始日時,終了日時,設定,実行方法,結果,ファイル数,完了,エラー,保留,要確認,メッセージ,ファイル名,実行ID');
    expect(lines[1]).toBe(`2026/12/01 09:00:00,2026/11/28 09:00:00,"請求書,本社",手動,成功,2,2,0,0,0,2件完了,"a,1.csv\nb ""2"".csv",${run.id}`);
    expect(lines).toHaveLength(3);
    const rep1 = db.reader.exportCsv({ target: 'rep1', limit: 1 });
    expect(rep1.split('\r\n').length - 2).toBe(10);
  });
});
