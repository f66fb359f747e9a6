// The history filter 顧客データ on a real SQLite file: the customer file a document setting's run
// sends first is found under 顧客データ as well as under its document setting, in the list, its
// total and the CSV export.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, openForTest, unwrap } from './test-history';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meisai-history-reader-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function seed() {
  const { db, clock } = openForTest(join(dir, 'history.db'));
  // 1: 請求書 with the customer master sent first in the same run.
  const withCustomers = unwrap(db.writer.createRun({ target: { kind: 'report', reportId: 'bill' }, targetName: '請求書', trigger: 'schedule' }));
  importFile(db, withCustomers.id, 'clientmaster_1130.csv', 'a'.repeat(64), 1, 'customers');
  importFile(db, withCustomers.id, 'billdata_1130.csv', 'b'.repeat(64), 2, 'bill');
  unwrap(db.writer.finishRun(withCustomers.id, 'success', '請求書: 2件完了'));
  await clock.advance(60_000);
  // 2: 請求書 alone (no customer file waited).
  const billOnly = unwrap(db.writer.createRun({ target: { kind: 'report', reportId: 'bill' }, targetName: '請求書', trigger: 'manual' }));
  importFile(db, billOnly.id, 'billdata_1201.csv', 'c'.repeat(64), 3, 'bill');
  unwrap(db.writer.finishRun(billOnly.id, 'success', '請求書: 1件完了'));
  await clock.advance(60_000);
  // 3: 顧客データ alone.
  const customersOnly = unwrap(db.writer.createRun({ target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual' }));
  const bad = unwrap(db.writer.addFile({ runId: customersOnly.id, kind: 'customers', fileName: 'clientmaster_1202.csv', originalPath: '/in/c.csv', settingKey: 'customers' }));
  unwrap(db.writer.setFileState(bad.id, { state: 'failed', problems: [{ message: 'x' }] }));
  unwrap(db.writer.finishRun(customersOnly.id, 'failed', '顧客データ: 1件エラー'));
  return { db, ids: { withCustomers: withCustomers.id, billOnly: billOnly.id, customersOnly: customersOnly.id } };
}

describe('history filter 顧客データ', () => {
  it('finds customer-only runs and document runs that carried a customer file, newest first', async () => {
    const { db, ids } = await seed();
    const page = db.reader.listRuns({ target: 'customers' });
    expect(page.runs.map((r) => r.id)).toEqual([ids.customersOnly, ids.withCustomers]);
    expect(page.total).toBe(2);
    // Still under its own setting, too.
    expect(db.reader.listRuns({ target: 'bill' }).runs.map((r) => r.id)).toEqual([ids.billOnly, ids.withCustomers]);
    // Combined with the other filters.
    expect(db.reader.listRuns({ target: 'customers', outcome: 'success' }).runs.map((r) => r.id)).toEqual([ids.withCustomers]);
    expect(db.reader.listRuns({ target: 'customers', limit: 1, offset: 1 })).toEqual({ runs: [expect.objectContaining({ id: ids.withCustomers })], total: 2 });
    db.close();
  });

  it('exports the same runs as CSV, each with its files', async () => {
    const { db } = await seed();
    const csv = db.reader.exportCsv({ target: 'customers' });
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('clientmaster_1202.csv');
    expect(lines[2]).toContain('clientmaster_1130.csv');
    expect(lines[2]).toContain('billdata_1130.csv');
    db.close();
  });
});
