// The runner on temporary folders with the samples, against the sandbox over real HTTP: customers
// first, documents after, everything archived, one import per file on the sandbox side.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importProcessName } from '../shared/clerk-advice';
import { formatLocal } from '../shared/local-time';
import type { RunProgress } from '../shared/run';
import { createFixture, type Fixture } from './helpers/runner-fixture';

let fx: Fixture;
afterEach(async () => {
  await fx?.close();
});

describe('runner end to end (sandbox over real HTTP)', () => {
  it('sends customers first, waits for their import, then documents; archives both; records history', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    const events: RunProgress[] = [];
    // Each import stays 'active' until the runner has seen it so (取込中), however slow the machine.
    fx.sandbox.faults.holdImports = true;
    const summary = await fx.run({ kind: 'report', reportId: 'bill' }, (p) => {
      events.push(p);
      if (p.type === 'file-state' && p.state.state === 'importing') fx.sandbox.releaseImports();
    });

    expect(summary.outcome).toBe('success');
    expect(summary.counts).toMatchObject({ files: 2, done: 2, failed: 0, attention: 0 });
    expect(summary.message).toBe('請求書: 2件完了');

    const imports = fx.sandbox.imports();
    expect(imports.map((i) => [i.kind, i.fileName, i.processStatus])).toEqual([
      ['customers', 'clientmaster_20261130.csv', 'complete'],
      ['reports', 'billdata_20261130.csv', 'complete'],
    ]);
    // The customer import had completed before the document import was even received.
    expect(fx.sandbox.customers().map((c) => c.code)).toEqual(['C0001', 'C0002', 'C0003', 'C0004', 'C0005']);
    // The short, human name of 楽楽明細's 取込履歴: the run's local start time and its number.
    const name = importProcessName(new Date(summary.startedAt), fx.engine.history.runNumber(summary.id)!);
    expect(name).toMatch(/^明細コネクタ \d{1,2}\/\d{1,2} \d{2}:\d{2} #1$/);
    for (const i of imports) expect(i.json.importProcessName).toBe(name);
    // Exactly the checked bytes: the CP932 sample as is.
    const original = await readFile(join(import.meta.dirname, '../resources/samples/billdata_20261130.csv'));
    expect(imports[1]!.bytes).toBe(original.length);

    const day = (await fx.tree('clientmaster'))[0]!.split('/')[1];
    expect(await fx.tree('clientmaster')).toEqual([`処理済み/${day}/clientmaster_20261130.csv`]);
    expect(await fx.tree('billdata')).toEqual([`処理済み/${day}/billdata_20261130.csv`]);

    const run = fx.engine.db.reader.getRun(summary.id)!;
    expect(run.files.map((f) => [f.kind, f.state.state, f.importId])).toEqual([
      ['customers', 'done', imports[0]!.importId],
      ['report', 'done', imports[1]!.importId],
    ]);
    expect(run.files.every((f) => f.currentPath?.includes('処理済み'))).toBe(true);

    // Progress: run-started first, run-finished last, every state of each file in order.
    expect(events[0]?.type).toBe('run-started');
    expect(events.at(-1)?.type).toBe('run-finished');
    const billStates = events.filter((e) => e.type === 'file-state' && e.fileName === 'billdata_20261130.csv').map((e) => (e.type === 'file-state' ? e.state.state : ''));
    expect(billStates).toEqual(['found', 'checked', 'sending', 'sent', 'importing', 'done']);
    // Staged copies are the agent's and are gone once the files are archived.
    expect(await fx.tree('../data/staging')).toEqual([]);
  });

  it('sends customer data alone, and a second document setting finds no customer file left to send', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('paydata', 'paydata_20261130.csv');
    const customers = await fx.run({ kind: 'customers' });
    expect(customers.outcome).toBe('success');
    expect(customers.targetName).toBe('顧客データ');
    const pay = await fx.run({ kind: 'report', reportId: 'pay' });
    expect(pay.outcome).toBe('success');
    expect(fx.sandbox.imports().map((i) => [i.kind, i.json.reportTypeId ?? null])).toEqual([
      ['customers', null],
      ['reports', 15],
    ]);
  });

  it('takes oldest first and leaves a folder with nothing to send as 対象なし', async () => {
    fx = await createFixture();
    const older = await fx.place('billdata', 'billdata_20261130.csv', 'billdata_a_newer_name.csv');
    const { utimes } = await import('node:fs/promises');
    await utimes(older, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    // Other invoices (other detail numbers): lines the overlap guard has not seen.
    await fx.write('billdata', 'billdata_b.csv', await readFile(join(import.meta.dirname, '../resources/samples/billdata_20261130.csv')).then((b) => Buffer.from(b.toString('latin1').replaceAll('No.0000', 'No.1000'), 'latin1')));
    // Not ours: another prefix, a temporary file, an Excel lock file.
    await fx.write('billdata', 'other_20261130.csv', 'x');
    await fx.write('billdata', '~$billdata_c.csv', 'x');
    await fx.write('billdata', 'billdata_d.csv.tmp', 'x');
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('success');
    expect(fx.sandbox.imports().map((i) => i.fileName)).toEqual(['clientmaster_20261130.csv', 'billdata_a_newer_name.csv', 'billdata_b.csv']);
    const again = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(again.outcome).toBe('nothing');
    expect(again.message).toBe('請求書: 送信するファイルはありませんでした');
    expect((await fx.tree('billdata')).filter((n) => !n.includes('/'))).toEqual(['other_20261130.csv', 'billdata_d.csv.tmp', '~$billdata_c.csv'].sort());
  });

  it('does not send the same content twice: 同一内容のため送信しませんでした, moved aside with a note', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    const first = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(first.outcome).toBe('success');
    await fx.place('billdata', 'billdata_20261130.csv', 'billdata_20261130_copy.csv');
    const second = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(second.counts.done).toBe(0);
    expect(second.message).toBe('請求書: 同一内容1件');
    const row = fx.engine.db.reader.getRun(second.id)!.files[0]!;
    expect(row.state).toMatchObject({ state: 'duplicate', previousRunId: first.id });
    expect(fx.sandbox.imports()).toHaveLength(2);
    const moved = (await fx.tree('billdata')).filter((n) => n.includes('copy'));
    expect(moved).toHaveLength(2);
    const note = moved.find((n) => n.endsWith('.txt'))!;
    expect(await readFile(join(fx.root, 'billdata', note), 'utf8')).toContain('同一内容のため送信しませんでした');
  });

  it('the clerk can force a 同一内容 file: it is sent again in a new run', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    await fx.run({ kind: 'report', reportId: 'bill' });
    await fx.place('billdata', 'billdata_20261130.csv', 'billdata_again.csv');
    const second = await fx.run({ kind: 'report', reportId: 'bill' });
    const dup = fx.engine.db.reader.getRun(second.id)!.files[0]!;
    expect(dup.state.state).toBe('duplicate');
    const forced = await fx.engine.runner.forceSend({ fileId: dup.id, runId: 'forced-1' });
    expect(forced.ok && forced.value.outcome).toBe('success');
    const reports = fx.sandbox.imports().filter((i) => i.kind === 'reports');
    expect(reports.map((i) => i.fileName)).toEqual(['billdata_20261130.csv', 'billdata_again.csv']);
    expect(reports[1]!.json.importProcessName).toBe(`明細コネクタ ${formatLocal(new Date(fx.engine.history.getRun('forced-1')!.startedAt), 'import-name')} #${fx.engine.history.runNumber('forced-1')}`);
    expect(reports[1]!.json.importProcessName).not.toBe(reports[0]!.json.importProcessName);
    expect((await fx.tree('billdata')).filter((f) => f.endsWith('billdata_again.csv'))).toHaveLength(1);
    // Only duplicates can be forced.
    expect((await fx.engine.runner.forceSend({ fileId: dup.id, runId: 'forced-2' })).ok).toBe(false);
  });

  it('stops between files when cancelled and leaves the rest untouched', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    const controller = new AbortController();
    const s = await fx.run({ kind: 'report', reportId: 'bill' }, (p) => {
      // Cancel as soon as the customer file is imported: the document file must not be touched.
      if (p.type === 'file-state' && p.kind === 'customers' && p.state.state === 'done') controller.abort();
    }, controller.signal);
    expect(s.outcome).toBe('cancelled');
    expect(fx.sandbox.imports().map((i) => i.kind)).toEqual(['customers']);
    expect(await fx.tree('billdata')).toEqual(['billdata_20261130.csv']);
  });

  it('a cancel during a document POST lets the POST finish (no 要確認), stops polling (取込状況不明), and the next run completes it', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv', 'billdata_zz_second.csv');
    fx.sandbox.faults.match = /^POST .*reports\/imports$/;
    fx.sandbox.faults.latencyMs = 300;
    const controller = new AbortController();
    const s = await fx.run({ kind: 'report', reportId: 'bill' }, (p) => {
      if (p.type === 'file-state' && p.kind === 'report' && p.state.state === 'sending') controller.abort();
    }, controller.signal);
    expect(s.outcome).toBe('cancelled');
    const rows = fx.engine.db.reader.getRun(s.id)!.files;
    expect(rows.map((r) => [r.fileName, r.state.state])).toEqual([
      ['clientmaster_20261130.csv', 'done'],
      ['billdata_20261130.csv', 'unknown'],
    ]);
    // The second file was not touched; the first stays claimed (処理中) while its import is 取込状況不明.
    expect((await fx.tree('billdata')).filter((f) => !f.includes('/') || f.startsWith('処理中/')).sort()).toEqual(['billdata_zz_second.csv', '処理中/billdata_20261130.csv']);

    fx.sandbox.faults.latencyMs = 0;
    const next = await fx.run({ kind: 'report', reportId: 'bill' });
    const all = fx.sandbox.imports().filter((i) => i.kind === 'reports');
    // The first file imported once (polled, not resent); the second one is 同一内容 of it.
    expect(all.map((i) => i.fileName)).toEqual(['billdata_20261130.csv']);
    expect(fx.engine.db.reader.getFile(rows[1]!.id)!.state.state).toBe('done');
    expect(fx.engine.db.reader.getRun(next.id)!.files.map((f) => f.state.state)).toEqual(['duplicate']);
  });
});
