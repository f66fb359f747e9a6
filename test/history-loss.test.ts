// Issue 11's case: four documents in flight when the agent dies, then history.db-wal or history.db
// deleted, truncated or damaged before the next start. Before the sent ledger, all four went out a
// second time with no word to the clerk. Now, with the agent as a child process and the sandbox
// counting on the 楽楽明細 side: none goes out twice, the damaged files are kept aside, the clerk is
// told (at start, as the CLI and the window show it), and document files wait for the clerk's
// confirmation — after which the lines the ledger gave back still guard against a re-export.
import { existsSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { importNameOf } from '../shared/clerk-advice';
import type { HistoryLossNotice } from '../shared/run';
import { DOCUMENTS_HELD_FOR_LOSS } from '../electron/core/engine/engine';
import { defaultSandboxAccount } from '../electron/core/sandbox/sandbox-server';
import { spawnAgentChild, type ChildRun } from './helpers/agent-child';
import { createFixture, type Fixture } from './helpers/runner-fixture';

let fx: Fixture;
afterEach(async () => {
  await fx?.close();
});

const HEADER = '日付,顧客コード,ページ,ご請求金額,振込期限日,請求年月,明細名称,請求明細No.,明細金額,備考,登録番号\r\n';
const CUSTOMERS = ['C0001', 'C0002', 'C0003', 'C0004', 'C0005'];

/** Four months of invoices for the five customers: no line of one file is in another. */
function monthFile(month: number): Buffer {
  const lines = CUSTOMERS.map((c, i) => `2026年${month}月30日,${c},1,${1000 * (i + 1)},2026年${month + 1}月末日,2026年${month}月,保守費用 ${month}月分,No.${month}0${i},${1000 * (i + 1)},,T1234567890123\r\n`);
  return iconv.encode(HEADER + lines.join(''), 'cp932');
}

async function fourInFlight(): Promise<void> {
  // Imports stay 取込中 far longer than the first agent follows them (100 ms): it leaves all four in
  // flight (取込状況不明) and dies; the restarted agent follows them to their end.
  fx = await createFixture({ sandbox: { importDelayMs: 6_000, accounts: [defaultSandboxAccount({ customers: CUSTOMERS.map((code) => ({ code, fields: {}, webStatus: '未利用' })) })] } });
  for (const month of [7, 8, 9, 10]) await fx.write('billdata', `billdata_2026${month}.csv`, monthFile(month));
  fx.engine.close();
  const first = await spawnAgentChild(fx, { killAt: 'report unknown', killAtCount: 4, activeLimitMs: 100 });
  expect(first.signal, first.stderr).toBe('SIGKILL');
  expect(reportImports()).toHaveLength(4);
}

const reportImports = () => fx.sandbox.imports().filter((i) => i.kind === 'reports' && i.importId !== null);
const lossOf = (run: ChildRun): HistoryLossNotice | null => JSON.parse(run.lines.find((l) => l.startsWith('LOSS '))!.slice(5)) as HistoryLossNotice | null;
const summaryOf = (run: ChildRun) => JSON.parse(run.lines.find((l) => l.startsWith('SUMMARY '))!.slice(8)) as { outcome: string; message: string };

const db = () => fx.paths.historyDb;
const LOSSES = [
  ['history.db-wal deleted', 'rows-gone', () => rmSync(`${db()}-wal`)],
  ['history.db-wal truncated', 'rows-gone', () => truncateSync(`${db()}-wal`, Math.floor(statSync(`${db()}-wal`).size / 3))],
  ['history.db deleted with its WAL', 'missing', () => ['', '-wal', '-shm'].forEach((s) => rmSync(`${db()}${s}`, { force: true }))],
  ['history.db damaged', 'unreadable', () => writeFileSync(db(), Buffer.alloc(4096, 0x5a))],
] as const;

describe('the history lost between two runs with four documents in flight', () => {
  it.each(LOSSES)('%s: none goes out twice, the clerk is told, documents wait for the confirmation', async (_, kind, lose) => {
    await fourInFlight();
    lose();
    const second = await spawnAgentChild(fx);
    expect(second.code, `${second.stderr}\n${second.lines.join('\n')}`).toBe(0);

    // Told at start: what was found, where the damaged files are, that documents wait.
    const loss = lossOf(second);
    expect(loss?.kind).toBe(kind);
    expect(loss?.message).toContain('確認するまで帳票データの送信を止めています');
    // The run after it sent no document, and says why.
    expect(summaryOf(second).message).toContain(DOCUMENTS_HELD_FOR_LOSS);

    // Not one document twice, counted on the 楽楽明細 side.
    const imports = reportImports();
    expect(imports, second.lines.join('\n')).toHaveLength(4);
    expect(new Set(imports.map((i) => i.sha256)).size).toBe(4);

    // The damaged files kept aside, never overwritten (a WAL deleted leaves only the database to keep).
    if (loss?.keptAt) expect(readdirSync(loss.keptAt).length).toBeGreaterThan(0);
    if (kind === 'unreadable') expect(readdirSync(loss!.keptAt!)).toContain('history.db');

    fx.reopen();
    expect(fx.engine.historyLoss()?.id).toBe(loss?.id);
    if (kind !== 'rows-gone' || _ === 'history.db-wal deleted') {
      // Every row was gone: the ledger gave all four back as in flight, and the resume polled them
      // to their end and filed them under 処理済み.
      expect(loss?.recovered).toEqual({ imported: 0, polled: 4, held: 0 });
      await expect.poll(async () => (await fx.tree('billdata')).filter((n) => n.startsWith('処理済み/')).length, { timeout: 20_000 }).toBe(4);
    } else {
      // Part of the WAL survived: whatever it still knew went its usual way (polled, or 要確認 for
      // a `sending` it kept), and the ledger gave back the rest.
      expect(loss!.recovered.polled + loss!.recovered.held).toBeGreaterThan(0);
    }

    // Confirmed: documents go again; a re-export of July under a new name meets the lines the
    // ledger gave back and is held for the clerk, not sent.
    expect(fx.engine.confirmHistoryLoss().ok).toBe(true);
    expect(fx.engine.historyLoss()).toBe(null);
    await fx.write('billdata', 'billdata_20267_再出力.csv', Buffer.concat([monthFile(7), Buffer.from('\r\n')]));
    const after = await fx.run({ kind: 'report', reportId: 'bill' });
    const row = fx.engine.db.reader.getRun(after.id)!.files.find((f) => f.fileName === 'billdata_20267_再出力.csv');
    expect(row?.state.state === 'overlap' || row?.state.state === 'skipped').toBe(true);
    expect(reportImports()).toHaveLength(4);
  });

  it('a document POST that left without an answer comes back as 要確認, never as new', async () => {
    fx = await createFixture({ sandbox: { importDelayMs: 50 } });
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    fx.sandbox.faults.match = /^POST .*reports\/imports$/;
    fx.sandbox.faults.hangMs = 30_000;
    fx.engine.close();
    const first = await spawnAgentChild(fx, { killWhen: () => fx.sandbox.imports().some((i) => i.kind === 'reports') });
    expect(first.signal).toBe('SIGKILL');
    fx.sandbox.faults.hangMs = 0;
    fx.sandbox.faults.match = null;
    rmSync(`${db()}-wal`);

    const second = await spawnAgentChild(fx);
    expect(second.code, second.stderr).toBe(0);
    expect(lossOf(second)?.recovered.held).toBe(1);
    expect(reportImports()).toHaveLength(1);
    fx.reopen();
    const held = fx.engine.db.reader.findHeldFiles();
    expect(held.map((f) => f.fileName)).toEqual(['billdata_20261130.csv']);
    // The import the clerk looks for in 楽楽明細 carries the name the 要確認 row shows.
    expect(reportImports()[0]!.json.importProcessName).toBe(importNameOf(held[0]!));
    // Filed under エラー like any 要確認, its staged copy kept for 再送する.
    expect((await fx.tree('billdata')).filter((n) => n.endsWith('.csv'))).toEqual([expect.stringMatching(/^エラー\//)]);
    expect(held[0]!.stagedPath !== null && existsSync(held[0]!.stagedPath)).toBe(true);
  });

  it('a first start with an empty data folder is not a loss', async () => {
    fx = await createFixture();
    expect(fx.engine.historyLoss()).toBe(null);
    fx.reopen();
    expect(fx.engine.historyLoss()).toBe(null);
  });
});
