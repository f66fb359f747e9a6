// The corrected re-export, with the real runner, the sandbox over HTTP and real folders: the clerk
// fixes one line in the ERP and exports the month again under a new name. It is held as
// 要確認（一部送信済み） with its six overlapping lines, and each of the clerk's three answers does
// what it says, counted on the 楽楽明細 side: 差替発行 leaves each invoice once, 新規発行 issues the
// six unchanged ones twice (only after that explicit choice), 送信しない files it under エラー with a
// note and sends nothing.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixture, SHIPPED_SAMPLES, type Fixture } from './helpers/runner-fixture';

let fx: Fixture;
afterEach(async () => {
  await fx?.close();
});

const BILL = { kind: 'report', reportId: 'bill' } as const;

/** The sample with C0002's amount corrected (line 4): the other six lines are byte for byte the same. */
async function correctedExport(): Promise<Buffer> {
  const text = iconv.decode(await readFile(join(SHIPPED_SAMPLES, 'billdata_20261130.csv')), 'cp932');
  const fixed = text.replace('C0002,1,33000,2026年12月31日,2026年11月,資材レンタル料,No.000003,33000,', 'C0002,1,36300,2026年12月31日,2026年11月,資材レンタル料,No.000003,36300,');
  expect(fixed).not.toBe(text);
  return iconv.encode(fixed, 'cp932');
}

/** The month sent once, then the corrected export placed under a new name and run: held. */
async function heldCorrection() {
  fx = await createFixture();
  await fx.place('clientmaster', 'clientmaster_20261130.csv');
  await fx.place('billdata', 'billdata_20261130.csv');
  const first = await fx.run(BILL);
  expect(first.outcome).toBe('success');
  await fx.write('billdata', 'billdata_20261130_訂正.csv', await correctedExport());
  const second = await fx.run(BILL);
  const file = fx.engine.db.reader.getRun(second.id)!.files.find((f) => f.fileName === 'billdata_20261130_訂正.csv')!;
  return { first, second, file };
}

const reportImports = () => fx.sandbox.imports().filter((i) => i.kind === 'reports' && i.importId !== null);
const liveInvoices = () => fx.sandbox.documents().filter((d) => d.replacedBy === null);
const invoicesPerCustomer = () => {
  const count = new Map<string, number>();
  for (const d of liveInvoices()) count.set(d.customerCode, (count.get(d.customerCode) ?? 0) + 1);
  return Object.fromEntries([...count].sort());
};

describe('a corrected re-export under a new name', () => {
  it('is held with its overlap (7行中6行), the lines and the earlier run named, nothing sent', async () => {
    const { first, second, file } = await heldCorrection();
    expect(second.outcome).toBe('attention');
    expect(second.counts.attention).toBe(1);
    expect(file.state.state).toBe('overlap');
    if (file.state.state !== 'overlap') return;
    expect({ lines: file.state.lines, overlapping: file.state.overlapping }).toEqual({ lines: 7, overlapping: 6 });
    // The changed line (line 4 of the file) is the one not listed.
    expect(file.state.sample.map((s) => s.line)).toEqual([2, 3, 5, 6, 7, 8]);
    expect(file.state.sample.every((s) => s.runId === first.id && s.fileName === 'billdata_20261130.csv')).toBe(true);
    expect(file.lines).toBe(7);
    expect(reportImports()).toHaveLength(1);
    // In エラー with a note listing the lines; the staged copy kept for the clerk's choice.
    const tree = await fx.tree('billdata');
    expect(tree.filter((n) => n.endsWith('.csv'))).toEqual([expect.stringMatching(/^エラー\/.*billdata_20261130_訂正\.csv$/), expect.stringMatching(/^処理済み\//)]);
    const note = await readFile(join(fx.root, 'billdata', tree.find((n) => n.endsWith('訂正_エラー内容.txt'))!), 'utf8');
    expect(note).toContain('一部が送信済みです（7行中6行）');
    expect(note).toContain(`実行 ${first.id} の「billdata_20261130.csv」`);
    expect(note).toContain('差替発行として送信');
    expect(file.stagedPath).not.toBeNull();
    expect(fx.engine.db.reader.attentionCount()).toBe(1);
    // A later run leaves it alone: it is in エラー, waiting for the clerk.
    const third = await fx.run(BILL);
    expect(third.outcome).toBe('nothing');
  });

  it('差替発行として送信: sent with isNewIssues 2 in a run of its own; each customer’s invoice exists once, corrected', async () => {
    const { second, file } = await heldCorrection();
    const sent = await fx.engine.runner.sendOverlap({ fileId: file.id, runId: 'clerk-replace-1', issue: 'replace' });
    expect(sent.ok && sent.value.outcome).toBe('success');
    const imports = reportImports();
    expect(imports.map((i) => i.json.isNewIssues)).toEqual([1, 2]);
    expect(imports[1]!.json).toMatchObject({ isSendMail: 1, isPostReplaceBill: 0 });
    expect(invoicesPerCustomer()).toEqual({ C0001: 1, C0002: 1, C0003: 1, C0004: 1, C0005: 1 });
    expect(liveInvoices().find((d) => d.customerCode === 'C0002')?.lines[0]).toContain('36300');
    // The clerk's file ends in 処理済み; the run that held it is no longer 要確認.
    expect((await fx.tree('billdata')).filter((n) => n.endsWith('訂正.csv'))).toEqual([expect.stringMatching(/^処理済み\//)]);
    const revised = fx.engine.db.reader.getRun(second.id)!;
    expect(revised.outcome).not.toBe('attention');
    expect(revised.files.find((f) => f.id === file.id)?.overlapChoice?.choice).toBe('replace');
    const row = fx.engine.db.reader.getRun('clerk-replace-1')!.files[0]!;
    expect([row.state.state, row.issue, row.lines]).toEqual(['done', 'replace', 7]);
    expect(fx.engine.db.reader.attentionCount()).toBe(0);
    // Answered once: a second answer is refused.
    const again = await fx.engine.runner.sendOverlap({ fileId: file.id, runId: 'clerk-replace-2', issue: 'replace' });
    expect(!again.ok && again.error.code).toBe('runner.not-overlap');
  });

  it('すべて新規発行で送信: the explicit choice issues the six unchanged invoices a second time', async () => {
    const { file } = await heldCorrection();
    const sent = await fx.engine.runner.sendOverlap({ fileId: file.id, runId: 'clerk-new-1', issue: 'new' });
    expect(sent.ok && sent.value.outcome).toBe('success');
    expect(reportImports().map((i) => i.json.isNewIssues)).toEqual([1, 1]);
    expect(invoicesPerCustomer()).toEqual({ C0001: 2, C0002: 2, C0003: 2, C0004: 2, C0005: 2 });
    expect(fx.engine.db.reader.getFile(file.id)?.overlapChoice?.choice).toBe('new-issue');
  });

  it('送信しない: filed under エラー with a note, nothing sent, the run settled', async () => {
    const { second, file } = await heldCorrection();
    const skipped = await fx.engine.runner.skipOverlap(file.id);
    expect(skipped.ok).toBe(true);
    const after = fx.engine.db.reader.getFile(file.id)!;
    expect(after.state.state).toBe('failed');
    expect(after.overlapChoice?.choice).toBe('skip');
    expect(reportImports()).toHaveLength(1);
    const tree = await fx.tree('billdata');
    expect(tree.filter((n) => n.endsWith('訂正.csv'))).toEqual([expect.stringMatching(/^エラー\//)]);
    const note = tree.find((n) => n.endsWith('訂正_送信しない.txt'));
    expect(note).toBeDefined();
    expect(await readFile(join(fx.root, 'billdata', note!), 'utf8')).toContain('送信しませんでした（送信しない）');
    expect(await fx.tree('../data/staging')).toEqual([]);
    // The run held nothing else: it ends as エラー, the one file filed there by the clerk's answer.
    expect(fx.engine.db.reader.getRun(second.id)!).toMatchObject({ outcome: 'failed', message: '請求書: 1件エラー（「エラー」フォルダへ1件）' });
    expect(fx.engine.db.reader.attentionCount()).toBe(0);
  });

  it('content still in flight counts: a re-export while the first import is 取込状況不明 is held too', async () => {
    // An import that stays 取込中 past this run's patience (no customer folder: documents only).
    fx = await createFixture({ sandbox: { importDelayMs: 60_000 }, runner: { activeLimitMs: 50 } });
    await fx.place('billdata', 'billdata_20261130.csv');
    const first = await fx.run(BILL);
    const firstRows = fx.engine.db.reader.getRun(first.id)!.files;
    expect(firstRows.filter((f) => f.kind === 'report').map((f) => f.state.state)).toEqual(['unknown']);
    await fx.write('billdata', 'billdata_20261130_訂正.csv', await correctedExport());
    const second = await fx.run(BILL);
    const held = fx.engine.db.reader.getRun(second.id)!.files.find((f) => f.fileName === 'billdata_20261130_訂正.csv');
    expect(held?.state.state).toBe('overlap');
    expect(reportImports()).toHaveLength(1);
  });

  it('customer files are upserts: a customer file whose lines went before is sent, not held', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    expect((await fx.run({ kind: 'customers' })).outcome).toBe('success');
    const text = iconv.decode(await readFile(join(SHIPPED_SAMPLES, 'clientmaster_20261130.csv')), 'cp932');
    await fx.write('clientmaster', 'clientmaster_20261201.csv', iconv.encode(text.replace('山田 太郎', '山田 花子'), 'cp932'));
    const again = await fx.run({ kind: 'customers' });
    expect(again.outcome).toBe('success');
    expect(fx.sandbox.imports().filter((i) => i.kind === 'customers' && i.importId !== null)).toHaveLength(2);
  });
});
