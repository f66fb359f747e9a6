// A lost run history in Debian's Chromium against the real app service: the data folder shows the
// agent sent from here before (its staging folder and a sent ledger), but history.db is gone. What
// the clerk SEES: a banner on every page saying what was found, what came back from the sent
// ledger and that document files wait; its confirmation asks once more, and then the banner is gone
// and the status no longer holds documents.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/run';
import type { WindowSession } from './host/window-session';
import { goTo, textOf } from './host/window-helpers';
import { startScenario, type Scenario } from './window-scenario';

let scenario: Scenario;
let session: WindowSession;

/** One document import the ledger says went out and was imported; the history that knew it is gone. */
const LEDGER = [
  { v: 1, t: 'sending', a: 'run-lost/3', at: '2026-11-27T00:00:00.000Z', run: 'run-lost', file: 3, name: 'billdata_20261127.csv', path: '/gone/billdata_20261127.csv', staged: null, sha: 'a'.repeat(64), part: 1, parts: 1, issue: 'new', lines: ['2:AAAAAAAAAAAAAAAAAAAAAA'] },
  { v: 1, t: 'sent', a: 'run-lost/3', at: '2026-11-27T00:00:01.000Z', importId: 1001 },
  { v: 1, t: 'done', a: 'run-lost/3', at: '2026-11-27T00:00:05.000Z' },
];

beforeAll(async () => {
  scenario = await startScenario({
    async prepareDataDir(dataDir) {
      await mkdir(join(dataDir, 'staging'), { recursive: true });
      await mkdir(join(dataDir, 'sent-ledger'), { recursive: true });
      await writeFile(join(dataDir, 'sent-ledger', 'bill.jsonl'), LEDGER.map((r) => JSON.stringify(r)).join('\n') + '\n');
    },
  });
  ({ session } = scenario);
  await session.open();
});

afterAll(async () => {
  await scenario?.close();
});

describe('a lost run history', () => {
  it('is said on every page, with what came back from the sent ledger and that documents wait', async () => {
    const { page } = session;
    const banner = page.getByTestId('history-loss');
    await banner.waitFor();
    expect(await textOf(banner.getByRole('heading'))).toMatch(/^実行履歴が失われました（\d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2}に検出）$/);
    const text = await textOf(banner);
    expect(text).toContain('history.db）が見つかりませんでした');
    expect(text).toContain('以前の送信1件を取り戻しました（取込済み1件）');
    expect(text).toContain('確認するまで帳票データの送信を止めています');
    await goTo(page, '実行履歴');
    expect(await banner.isVisible()).toBe(true);
    await session.capture('history-lost');
  });

  it('the confirmation asks once more; then the banner is gone and documents go again', async () => {
    const { page } = session;
    const banner = page.getByTestId('history-loss');
    session.answerDialogs(false);
    await banner.getByRole('button', { name: '確認しました（帳票データの送信を再開する）' }).click();
    expect(session.dialogs.at(-1)?.message).toContain('帳票データの送信を再開します');
    expect(await banner.isVisible()).toBe(true);
    session.answerDialogs(true);
    await banner.getByRole('button', { name: '確認しました（帳票データの送信を再開する）' }).click();
    await banner.waitFor({ state: 'detached' });
    const status = await scenario.invoke<AgentStatus>('agent:status', undefined);
    expect(status.historyLoss).toBe(null);
    expect(session.problems).toEqual([]);
  });
});
