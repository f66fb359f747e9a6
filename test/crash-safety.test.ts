// The agent process killed with SIGKILL at each persisted state of a customer file and of a
// document file, then restarted: each file is imported exactly once (counted on the sandbox, which
// runs in this test process), none is lost, and the one case that cannot be decided alone (a
// document POST that may have left) shows up as 要確認.
import { afterEach, describe, expect, it } from 'vitest';
import type { FileStateName } from '../shared/run';
import { spawnAgentChild, type ChildRun } from './helpers/agent-child';
import { createFixture, type Fixture } from './helpers/runner-fixture';

async function runChild(fx: Fixture, killAt: string | null, killWhen?: () => boolean): Promise<ChildRun> {
  // The child is the agent: while it runs, this process lets go of the data folder, and inspects it
  // again afterwards.
  fx.engine.close();
  try {
    return await spawnAgentChild(fx, { killAt, ...(killWhen ? { killWhen } : {}) });
  } finally {
    fx.reopen();
  }
}

let fx: Fixture;
afterEach(async () => {
  await fx?.close();
});

const KILL_STATES: FileStateName[] = ['found', 'checked', 'sending', 'sent', 'importing', 'done'];
const cases = (['customers', 'report'] as const).flatMap((kind) => KILL_STATES.map((state) => [kind, state] as const));

describe('SIGKILL at each persisted state, then restart', () => {
  it.each(cases)('%s file killed at %s', async (kind, state) => {
    // A longer import keeps `importing` observable; the kill point freezes the child anyway.
    fx = await createFixture({ sandbox: { importDelayMs: 200 } });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');

    const first = await runChild(fx, `${kind} ${state}`);
    expect(first.signal, `child 1 should be killed (stderr: ${first.stderr})`).toBe('SIGKILL');
    expect(first.lines).toContain('KILLPOINT');

    const second = await runChild(fx, null);
    expect(second.code, `child 2 stderr: ${second.stderr}\n${second.lines.join('\n')}`).toBe(0);

    const imports = fx.sandbox.imports().filter((i) => i.importId !== null);
    const customerImports = imports.filter((i) => i.kind === 'customers');
    const reportImports = imports.filter((i) => i.kind === 'reports');
    const reader = fx.engine.db.reader;

    // Nothing is left mid-way, and every crashed run was finished by resume().
    expect(reader.findUnfinishedFiles()).toEqual([]);
    expect(reader.findUnfinishedRuns()).toEqual([]);

    // Customers: imported exactly once in every case (the kill point comes before the POST, so
    // even the resend after `sending` is the first and only import).
    expect(customerImports).toHaveLength(1);
    expect(customerImports[0]!.processStatus).toBe('complete');
    expect((await fx.tree('clientmaster')).filter((f) => f.endsWith('.csv'))).toEqual([expect.stringMatching(/^処理済み\/.*clientmaster_20261130\.csv$/)]);

    const billFiles = await fx.tree('billdata');
    if (kind === 'report' && state === 'sending') {
      // The POST may or may not have left: 要確認, never resent by itself.
      expect(reportImports.length).toBeLessThanOrEqual(1);
      const held = reader.findHeldFiles();
      expect(held.map((f) => [f.kind, f.fileName])).toEqual([['report', 'billdata_20261130.csv']]);
      // The clerk is told the short name the POST carried (recorded with `sending` before it left).
      const name = held[0]!.state.state === 'held' ? held[0]!.state.importName : undefined;
      expect(name).toMatch(/^明細コネクタ \d{1,2}\/\d{1,2} \d{2}:\d{2} #\d+$/);
      expect(held[0]!.state.state === 'held' && held[0]!.state.reason).toContain(`処理名「${name}」`);
      if (reportImports[0]) expect(reportImports[0].json.importProcessName).toBe(name);
      expect(billFiles.filter((f) => f.endsWith('.csv'))).toEqual([expect.stringMatching(/^エラー\/.*billdata_20261130\.csv$/)]);
      expect(billFiles.some((f) => f.endsWith('billdata_20261130_エラー内容.txt'))).toBe(true);
    } else {
      expect(reportImports).toHaveLength(1);
      expect(reportImports[0]!.processStatus).toBe('complete');
      expect(billFiles.filter((f) => f.endsWith('.csv'))).toEqual([expect.stringMatching(/^処理済み\/.*billdata_20261130\.csv$/)]);
      expect(reader.findHeldFiles()).toEqual([]);
    }
    // A crash between `done` and the move is finished by resume() (the same file, checked by its
    // hash), not caught later as 同一内容; only a file interrupted before sending is re-taken.
    const rows = reader.listRuns({ limit: 50 }).runs.flatMap((r) => reader.getRun(r.id)!.files);
    expect(rows.filter((f) => f.state.state === 'duplicate' || f.state.state === 'failed')).toEqual([]);
    const skipped = rows.filter((f) => f.state.state === 'skipped');
    expect(skipped.length).toBe(state === 'found' || state === 'checked' ? 1 : 0);

    // A run finished by resume gets the outcome of what happened: never 一部エラー for being resumed
    // (39 of 102 such runs read 一部エラー before), 要確認 only for a held document.
    const resumedRuns = reader.listRuns({ limit: 50 }).runs.filter((r) => r.message.includes('再開して完了'));
    // (a run whose only file was interrupted before sending did nothing itself: 対象なし).
    for (const r of resumedRuns) {
      expect(r.counts.attention > 0 ? ['attention'] : r.counts.done > 0 ? ['success'] : ['nothing'], r.message).toContain(r.outcome);
    }
    // Nothing is left in 処理中.
    expect((await fx.tree('billdata')).concat(await fx.tree('clientmaster')).filter((f) => f.startsWith('処理中/'))).toEqual([]);

    // No orphaned copies in the agent's staging folder; only a 要確認 file keeps its copy (for 再送する).
    const staged = await fx.tree('../data/staging');
    expect(staged).toHaveLength(kind === 'report' && state === 'sending' ? 1 : 0);

    // The document went after the customers in every case.
    if (reportImports[0]) expect(reportImports[0].receivedAt.getTime()).toBeGreaterThanOrEqual(customerImports[0]!.receivedAt.getTime());
  });
});

describe('SIGKILL while the import POST is on the server and unanswered', () => {
  it('document: the import exists, the agent never heard of it: 要確認 after restart, exactly one import', async () => {
    fx = await createFixture({ sandbox: { importDelayMs: 50 } });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    fx.sandbox.faults.match = /^POST .*reports\/imports$/;
    fx.sandbox.faults.hangMs = 30_000;
    const first = await runChild(fx, null, () => fx.sandbox.imports().some((i) => i.kind === 'reports'));
    expect(first.signal).toBe('SIGKILL');
    expect(first.lines).toContain('STATE report billdata_20261130.csv sending');
    fx.sandbox.faults.hangMs = 0;
    fx.sandbox.faults.match = null;

    const second = await runChild(fx, null);
    expect(second.code, second.stderr).toBe(0);
    const reports = fx.sandbox.imports().filter((i) => i.kind === 'reports');
    expect(reports).toHaveLength(1);
    const held = fx.engine.db.reader.findHeldFiles();
    expect(held.map((f) => f.fileName)).toEqual(['billdata_20261130.csv']);
    // The name the clerk looks for in 楽楽明細's import history is the one the import carries.
    expect(held[0]!.state.state === 'held' && held[0]!.state.importName).toBe(reports[0]!.json.importProcessName);
    expect(fx.engine.db.reader.attentionCount()).toBe(1);
  });

  it('customer: resent after restart (an upsert), the documents follow once', async () => {
    fx = await createFixture({ sandbox: { importDelayMs: 50 } });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    fx.sandbox.faults.match = /^POST .*customers\/imports$/;
    fx.sandbox.faults.hangMs = 30_000;
    const first = await runChild(fx, null, () => fx.sandbox.imports().some((i) => i.kind === 'customers'));
    expect(first.signal).toBe('SIGKILL');
    fx.sandbox.faults.hangMs = 0;
    fx.sandbox.faults.match = null;

    const second = await runChild(fx, null);
    expect(second.code, second.stderr).toBe(0);
    const imports = fx.sandbox.imports().filter((i) => i.importId !== null);
    expect(imports.filter((i) => i.kind === 'customers')).toHaveLength(2);
    expect(imports.filter((i) => i.kind === 'reports').map((i) => i.processStatus)).toEqual(['complete']);
    expect(fx.engine.db.reader.findHeldFiles()).toEqual([]);
    expect(fx.sandbox.customers()).toHaveLength(5);
  });
});

describe('SIGKILL inside a customer file split into two imports', () => {
  it.each(['customers done 1', 'customers sending 2', 'customers importing 2'])('killed at %s: each part imported once, file archived', async (killAt) => {
    fx = await createFixture({ sandbox: { importDelayMs: 200 } });
    const iconv = (await import('iconv-lite')).default;
    let csv = '顧客コード,顧客名,郵便番号,住所１,住所２,会社名,担当者名,メールアドレス\r\n';
    // C0001–C0005 are the customers billdata_20261130.csv names.
    for (let i = 1; i <= 10_000; i++) csv += `${i <= 5 ? `C000${i}` : `K${String(i).padStart(5, '0')}`},顧客${i},100-0001,東京都,,会社${i},担当,k${i}@example.jp\r\n`;
    await fx.write('clientmaster', 'clientmaster_big.csv', iconv.encode(csv, 'cp932'));
    await fx.place('billdata', 'billdata_20261130.csv');

    const first = await runChild(fx, killAt);
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const second = await runChild(fx, null);
    expect(second.code, `${second.stderr}\n${second.lines.join('\n')}`).toBe(0);

    const customerImports = fx.sandbox.imports().filter((i) => i.kind === 'customers' && i.importId !== null);
    expect(customerImports).toHaveLength(2);
    expect(customerImports.map((i) => i.processStatus)).toEqual(['complete', 'complete']);
    expect(customerImports[0]!.sha256).not.toBe(customerImports[1]!.sha256);
    expect(fx.sandbox.customers()).toHaveLength(10_000);
    expect(fx.sandbox.imports().filter((i) => i.kind === 'reports' && i.processStatus === 'complete')).toHaveLength(1);
    expect((await fx.tree('clientmaster')).filter((f) => f.endsWith('.csv'))).toEqual([expect.stringMatching(/^処理済み\/.*clientmaster_big\.csv$/)]);
    expect(fx.engine.db.reader.findUnfinishedFiles()).toEqual([]);
    expect(fx.engine.db.reader.findUnfinishedRuns()).toEqual([]);
  });
});
