// 再送待ち where it meets the claim, the overlap guard and the sent ledger (issue 10 beside issue 11),
// with the real runner, SQLite, folders and the sandbox over HTTP. A waiting file stays claimed in
// 処理中 through a restart and its sweep; its lines guard a corrected re-export while it waits and are
// recorded once however often it is resent; a file parked before its first POST meets the overlap
// guard again; a waiting file changed in 処理中 is not resent; a lost history takes a 再送待ち back as
// 再送待ち (held until the clerk confirms, then sent once), and a resend the history lost but the
// ledger knows is 要確認 — counted on the 楽楽明細 side, never twice.
import { createHash } from 'node:crypto';
import { readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredFile } from '../electron/core/history/history-interface';
import { recoveredAs } from '../electron/core/ledger/ledger-recovery';
import { openSentLedger } from '../electron/core/ledger/sent-ledger';
import { RESEND_HELD_FOR_LOSS } from '../electron/core/runner/send-retry';
import { createFixture, SHIPPED_SAMPLES, type Fixture } from './helpers/runner-fixture';

let fx: Fixture;
afterEach(async () => {
  await fx?.close();
});

const BILL = { kind: 'report', reportId: 'bill' } as const;
const POST_REPORTS = /^POST .*reports\/imports$/;
const SAMPLE = 'billdata_20261130.csv';
const reportImports = () => fx.sandbox.imports().filter((i) => i.kind === 'reports' && i.importId !== null);

async function sample(): Promise<string> {
  return iconv.decode(await readFile(join(SHIPPED_SAMPLES, SAMPLE)), 'cp932');
}

/** The sample with C0002's amount corrected: six of its seven lines are those of the sample. */
async function corrected(text?: string): Promise<Buffer> {
  const from = text ?? (await sample());
  const fixed = from.replace('C0002,1,33000,', 'C0002,1,36300,').replace(',33000,\r\n', ',36300,\r\n');
  expect(fixed).not.toBe(from);
  return iconv.encode(fixed, 'cp932');
}

/** Customers imported, then the document POST meets maintenance: 再送待ち after one POST, claimed in 処理中. */
async function waitingDocument(): Promise<{ runId: string; row: StoredFile }> {
  fx = await createFixture();
  await fx.place('clientmaster', 'clientmaster_20261130.csv');
  expect((await fx.run({ kind: 'customers' })).outcome).toBe('success');
  await fx.place('billdata', SAMPLE);
  fx.sandbox.faults.match = POST_REPORTS;
  fx.sandbox.faults.maintenance = '503';
  const s = await fx.run(BILL);
  expect(s.outcome).toBe('retry-wait');
  const row = fx.engine.db.reader.getRun(s.id)!.files.find((f) => f.kind === 'report')!;
  expect(row.state).toMatchObject({ state: 'retry-wait', attempts: 1 });
  expect(await fx.tree('billdata')).toEqual([`処理中/${SAMPLE}`]);
  return { runId: s.id, row };
}

/** What the history recorded of a file's lines: its sent_contents rows, their lines, and whether released. */
function recordedLines(fileId: number): { contents: number; lines: number; released: boolean } {
  const db = new Database(fx.paths.historyDb, { readonly: true, fileMustExist: true });
  try {
    const contents = db.prepare<[number], { id: number; released_at: string | null }>('SELECT id, released_at FROM sent_contents WHERE file_id = ?').all(fileId);
    const lines = contents.reduce((n, c) => n + db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sent_lines WHERE content_id = ?').get(c.id)!.n, 0);
    return { contents: contents.length, lines, released: contents.length > 0 && contents.every((c) => c.released_at !== null) };
  } finally {
    db.close();
  }
}

describe('再送待ち and the claim', () => {
  it('a waiting document stays claimed in 処理中 through a restart (resume and its sweep leave it), then goes once from there', async () => {
    const { runId, row } = await waitingDocument();
    fx.reopen();
    await fx.engine.runner.resume();
    expect(await fx.tree('billdata')).toEqual([`処理中/${SAMPLE}`]);
    expect(fx.engine.db.reader.findUnfinishedFiles().map((f) => f.id)).toContain(row.id);
    expect(fx.engine.db.reader.getFile(row.id)!.state.state).toBe('retry-wait');

    fx.sandbox.faults.maintenance = null;
    expect((await fx.retryRun(runId)).outcome).toBe('success');
    expect(await fx.tree('billdata')).toEqual([expect.stringMatching(new RegExp(`^処理済み/.*/${SAMPLE}$`))]);
    expect(reportImports()).toHaveLength(1);
  });

  it('changed in 処理中 while it waited (written through a handle kept open): not resent; the new content goes back to the folder and is sent, once', async () => {
    const { runId, row } = await waitingDocument();
    const newContent = await corrected();
    await writeFile(row.currentPath!, newContent);
    fx.sandbox.faults.maintenance = null;
    await fx.retryRun(runId);
    const files = fx.engine.db.reader.getRun(runId)!.files.filter((f) => f.kind === 'report');
    expect(files[0]!.state).toMatchObject({ state: 'skipped', reason: expect.stringContaining('再送待ちの間に書き換えられた') });
    // The waiting copy's lines went free: the new content is not held against lines that never arrived.
    expect(recordedLines(row.id)).toMatchObject({ contents: 1, released: true });
    expect(files.at(-1)!.state.state).toBe('done');
    const sent = reportImports();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sha256).toBe(createHash('sha256').update(newContent).digest('hex'));
  });
});

describe('再送待ち and the overlap guard', () => {
  it('its lines count as in flight: a re-export under its name is new content — the same bytes are left alone, a correction is held; the resend records nothing twice', async () => {
    const { runId, row } = await waitingDocument();
    expect(recordedLines(row.id)).toEqual({ contents: 1, lines: 7, released: false });

    // The exporter writes the month again under the same name while the first waits in 処理中.
    await fx.place('billdata', SAMPLE);
    const same = await fx.run(BILL);
    const sameRow = fx.engine.db.reader.getRun(same.id)!.files.find((f) => f.kind === 'report')!;
    expect(sameRow.state).toMatchObject({ state: 'skipped', reason: expect.stringContaining('再送待ち') });
    await fx.write('billdata', SAMPLE, await corrected());
    const correction = await fx.run(BILL);
    const held = fx.engine.db.reader.getRun(correction.id)!.files.find((f) => f.kind === 'report')!;
    expect(held.state).toMatchObject({ state: 'overlap', lines: 7, overlapping: 6 });

    // Still under maintenance: another POST, the same lines, one record.
    await fx.retryRun(runId);
    expect(fx.engine.db.reader.getFile(row.id)!.state).toMatchObject({ state: 'retry-wait', attempts: 2 });
    expect(recordedLines(row.id)).toEqual({ contents: 1, lines: 7, released: false });
    // The ledger reads it as a POST that never arrived, sent again and waiting again.
    const attempt = openSentLedger(fx.paths.dataDir).readAll().find((a) => a.sending.file === row.id)!;
    expect(attempt.outcomes.map((o) => o.t)).toEqual(['retry-wait', 'resending', 'retry-wait']);
    expect(recoveredAs(attempt)).toMatchObject({ as: 'waiting', waiting: { attempts: 2 } });

    fx.sandbox.faults.maintenance = null;
    expect((await fx.retryRun(runId)).outcome).toBe('success');
    expect(reportImports()).toHaveLength(1);
    expect(recordedLines(row.id)).toEqual({ contents: 1, lines: 7, released: false });
  });

  it('given up after 72 hours: failed (not sent), back in its folder, its lines free; the next run sends it as new content', async () => {
    const { runId, row } = await waitingDocument();
    fx.reopen({ runner: { retryWait: { firstMs: 0, maxMs: 0, limitMs: 0 } } });
    const ended = await fx.retryRun(runId);
    expect(ended.retry).toMatchObject({ expired: 1, waiting: 0 });
    const failed = fx.engine.db.reader.getFile(row.id)!;
    expect(failed.state).toMatchObject({ state: 'failed', cause: 'not-sent' });
    expect(failed.currentPath).toBe(failed.originalPath);
    expect(await fx.tree('billdata')).toEqual([SAMPLE]);
    expect(ended.message).toContain('元のフォルダのまま1件');
    expect(recordedLines(row.id).released).toBe(true);

    fx.reopen();
    fx.sandbox.faults.maintenance = null;
    const again = await fx.run(BILL);
    expect(fx.engine.db.reader.getRun(again.id)!.files.map((f) => f.state.state)).toEqual(['done']);
    expect(reportImports()).toHaveLength(1);
  });

  it('a document parked before its first POST meets the guard before it goes: lines another run sent meanwhile are not sent twice', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    expect((await fx.run({ kind: 'customers' })).outcome).toBe('success');
    // Two months in one run, October older: its POST meets maintenance and November is parked behind it.
    const november = await sample();
    const october = november.replaceAll('2026年11月', '2026年10月');
    const a = await fx.write('billdata', 'billdata_202610.csv', iconv.encode(october, 'cp932'));
    await utimes(a, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    await fx.place('billdata', SAMPLE);
    fx.sandbox.faults.match = POST_REPORTS;
    fx.sandbox.faults.maintenance = '503';
    const first = await fx.run(BILL);
    const parked = fx.engine.db.reader.getRun(first.id)!.files.find((f) => f.fileName === SAMPLE)!;
    expect(parked.state).toMatchObject({ state: 'retry-wait', attempts: 0 });
    expect(recordedLines(parked.id).contents).toBe(0);

    // Maintenance over; the clerk exports November again, corrected, under a new name: it goes.
    fx.sandbox.faults.maintenance = null;
    await fx.write('billdata', 'billdata_20261130_訂正.csv', await corrected(november));
    const correction = await fx.run(BILL);
    expect(fx.engine.db.reader.getRun(correction.id)!.files.map((f) => f.state.state)).toEqual(['done']);

    // The resend: October goes; the parked November would repeat six lines the correction carried.
    const resent = await fx.retryRun(first.id);
    expect(resent.outcome).toBe('attention');
    expect(fx.engine.db.reader.getFile(parked.id)!.state).toMatchObject({ state: 'overlap', lines: 7, overlapping: 6 });
    expect(reportImports().map((i) => i.fileName)).toEqual(['billdata_20261130_訂正.csv', 'billdata_202610.csv']);
    expect((await fx.tree('billdata')).filter((n) => n.endsWith(SAMPLE))).toEqual([expect.stringMatching(/^エラー\//)]);
  });
});

describe('再送待ち and a lost history', () => {
  it('history.db gone: the sent ledger gives the waiting file back as 再送待ち; it waits for the clerk, then goes once', async () => {
    const { runId, row } = await waitingDocument();
    for (const suffix of ['', '-wal', '-shm']) await rm(`${fx.paths.historyDb}${suffix}`, { force: true });
    fx.reopen();
    const loss = fx.engine.historyLoss();
    expect(loss).toMatchObject({ kind: 'missing', recovered: { held: 0, polled: 0, waiting: 1 } });
    expect(loss!.message).toContain('再送待ち1件');
    await fx.engine.runner.resume();
    const back = fx.engine.db.reader.getFile(row.id)!;
    expect(back.state).toMatchObject({ state: 'retry-wait', attempts: 1 });
    expect(back.currentPath).toBe(row.currentPath);
    expect(fx.engine.db.reader.findRetryWaits().map((f) => f.id)).toEqual([row.id]);
    // Still claimed: the start-up sweep left it to its row.
    expect(await fx.tree('billdata')).toEqual([`処理中/${SAMPLE}`]);

    // Documents wait for the clerk's confirmation, the automatic resend too.
    fx.sandbox.faults.maintenance = null;
    await fx.retryRun(runId);
    expect(fx.engine.db.reader.getFile(row.id)!.state).toMatchObject({ state: 'retry-wait', reason: RESEND_HELD_FOR_LOSS });
    expect(reportImports()).toHaveLength(0);

    expect(fx.engine.confirmHistoryLoss().ok).toBe(true);
    await fx.retryRun(runId);
    expect(fx.engine.db.reader.getFile(row.id)!.state.state).toBe('done');
    expect(reportImports()).toHaveLength(1);
  });

  it('a resend the history lost while the ledger has it: 要確認, never sent again by itself', async () => {
    const { row } = await waitingDocument();
    // The history says 再送待ち; the ledger says the same row was sent again after (its WAL lost that).
    const ledger = openSentLedger(fx.paths.dataDir);
    const attempt = ledger.readAll().find((a) => a.sending.file === row.id)!;
    expect(ledger.append(attempt.settingKey, { ...attempt.sending, at: new Date().toISOString() }).ok).toBe(true);
    fx.reopen();
    expect(fx.engine.historyLoss()).toMatchObject({ kind: 'rows-gone', recovered: { held: 1 } });
    await fx.engine.runner.resume();
    const now = fx.engine.db.reader.getFile(row.id)!;
    expect(now.state.state).toBe('held');
    expect(fx.engine.db.reader.findRetryWaits()).toEqual([]);
    expect((await fx.tree('billdata')).filter((n) => n.endsWith('.csv'))).toEqual([expect.stringMatching(new RegExp(`^エラー/.*/${SAMPLE}$`))]);
    expect(reportImports()).toHaveLength(0);
  });
});
