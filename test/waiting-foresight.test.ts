// 待機中のファイル never says 「送信できます」 of a file the run will not send: with the real engine,
// agent, runner and sandbox, a month already sent, then the corrected re-export (six of its seven
// lines sent before) and an exact copy under another name are placed. The list foresees
// 要確認（一部送信済み）7行中6行 and 同一内容 — and the run then does exactly that. A new month's
// file still reads 送信できます. After the run the list is judged again from the new history.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WaitingFile } from '../shared/run';
import type { Agent } from '../electron/core/agent/agent';
import { createFixture, SHIPPED_SAMPLES, type Fixture } from './helpers/runner-fixture';

let fx: Fixture | null = null;
let agent: Agent | null = null;
afterEach(async () => {
  await agent?.stop({ graceful: false });
  agent = null;
  await fx?.close();
  fx = null;
});

const BILL = { kind: 'report', reportId: 'bill' } as const;
const WAIT = { timeout: 20_000, interval: 20 };

async function sample(edit: (text: string) => string): Promise<Buffer> {
  const text = iconv.decode(await readFile(join(SHIPPED_SAMPLES, 'billdata_20261130.csv')), 'cp932');
  const changed = edit(text);
  return iconv.encode(changed, 'cp932');
}

const billFiles = (a: Agent): readonly WaitingFile[] => a.waitingFiles().find((g) => g.target === 'bill')?.files ?? [];
const verdictOf = (a: Agent, name: string) => billFiles(a).find((f) => f.fileName === name)?.verdict ?? null;

describe('待機中のファイル foresees the content guards', () => {
  it('a corrected re-export reads 要確認（一部送信済み）, an exact copy 同一内容, a new month 送信できます; the run agrees', async () => {
    const f = (fx = await createFixture({ watch: { quietMs: 200, stableMs: 200, liveWatchLimit: -1, rescanIntervalMs: 500 } }));
    await f.place('clientmaster', 'clientmaster_20261130.csv');
    await f.place('billdata', 'billdata_20261130.csv');
    expect((await f.run(BILL)).outcome).toBe('success');

    await f.write('billdata', 'billdata_20261130_訂正.csv', await sample((t) => t.replace('C0002,1,33000,', 'C0002,1,36300,')));
    await f.place('billdata', 'billdata_20261130.csv', 'billdata_20261130_copy.csv');
    await f.write('billdata', 'billdata_20261231.csv', await sample((t) => t.replaceAll('2026年11月', '2026年12月')));

    const a = (agent = f.engine.createAgent(f.settings));
    await a.start();
    await vi.waitFor(() => expect(billFiles(a).every((w) => w.verdict !== null)).toBe(true), WAIT);
    expect(verdictOf(a, 'billdata_20261130_訂正.csv')).toMatchObject({ verdict: 'ok', foresight: { kind: 'overlap', lines: 7, overlapping: 6 } });
    expect(verdictOf(a, 'billdata_20261130_copy.csv')).toMatchObject({ verdict: 'ok', foresight: { kind: 'same-content' } });
    const december = verdictOf(a, 'billdata_20261231.csv');
    expect(december).toMatchObject({ verdict: 'ok', lines: 7 });
    expect(december && 'foresight' in december).toBe(false);

    // The run does what the list said.
    const run = await f.run(BILL);
    const states = Object.fromEntries(f.engine.db.reader.getRun(run.id)!.files.filter((x) => x.settingKey === 'bill').map((x) => [x.fileName, x.state.state]));
    expect(states).toEqual({ 'billdata_20261130_訂正.csv': 'overlap', 'billdata_20261130_copy.csv': 'duplicate', 'billdata_20261231.csv': 'done' });

    // The history moved on: a December re-export placed now is foreseen from it, not from the cache.
    await f.write('billdata', 'billdata_20261231_再出力.csv', await sample((t) => t.replaceAll('2026年11月', '2026年12月')));
    await vi.waitFor(() => expect(verdictOf(a, 'billdata_20261231_再出力.csv')).toMatchObject({ foresight: { kind: 'same-content' } }), WAIT);
  });
});
