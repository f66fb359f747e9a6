// 待機中のファイル and 実行履歴 in Debian's Chromium against the real handlers, runner and sandbox.
// Scenarios: waiting files with their pre-flight verdict; 「今すぐ連携」 shows live progress per file
// and lands in the history with its counts; the API's errors for a bad file appear with line and
// column; the history filters; the CSV export downloads what the history holds.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVICE_HELD, heldCause } from '../../shared/clerk-advice';
import type { HistoryPage, RunDetail } from '../../shared/run';
import type { AppHost } from './host/app-host';
import type { WindowSession } from './host/window-session';
import { goTo, textOf, waitForText } from './host/window-helpers';
import { clerkSettings, reportSetting, SAMPLES_DIR, startScenario, type Scenario } from './window-scenario';

let scenario: Scenario;
let host: AppHost;
let session: WindowSession;

/**
 * The sample billing file for another month (other invoices: lines the overlap guard has not seen)
 * with one customer code 楽楽明細 does not know: the API refuses that line.
 */
async function writeBillWithUnknownCustomer(path: string): Promise<number> {
  const text = iconv.decode(await readFile(join(SAMPLES_DIR, 'billdata_20261130.csv')), 'cp932').replaceAll('2026年11月', '2026年10月');
  const lines = text.split('\r\n');
  const index = lines.findIndex((l, i) => i > 0 && l.includes(',C0005,'));
  expect(index).toBeGreaterThan(0);
  lines[index] = (lines[index] as string).replace(',C0005,', ',C9999,');
  await writeFile(path, iconv.encode(lines.join('\r\n'), 'cp932'));
  return index + 1;
}

const invoke = <T>(channel: string, payload: unknown): Promise<T> => scenario.invoke<T>(channel, payload);

let badLine = 0;

beforeAll(async () => {
  scenario = await startScenario();
  ({ host, session } = scenario);
  const reports = [reportSetting('請求書', 'billdata'), reportSetting('支払通知書', 'paydata', { reportTypeId: 15, filePrefix: 'pay', timing: { mode: 'none' } })];
  await invoke('settings:save', { settings: clerkSettings(host.rootDir, host.sandboxUrl, reports), newToken: host.sandboxToken });
  for (const folder of ['clientmaster', 'billdata', 'paydata']) await mkdir(join(host.rootDir, folder), { recursive: true });
  await copyFile(join(SAMPLES_DIR, 'clientmaster_20261130.csv'), join(host.rootDir, 'clientmaster', 'clientmaster_20261130.csv'));
  await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_20261130.csv'));
  badLine = await writeBillWithUnknownCustomer(join(host.rootDir, 'billdata', 'billdata_20261201_unknown.csv'));
  // A line with fewer columns than the header: the pre-flight check refuses it before sending.
  await writeFile(join(host.rootDir, 'paydata', 'pay_ragged.csv'), iconv.encode('日付,顧客コード,支払金額\r\n2026年11月30日,C0001\r\n', 'cp932'));
  // The tray's 起動: the agent watches the folders and judges each waiting file.
  await invoke('agent:start', undefined);
  await session.open();
});

afterAll(async () => {
  await scenario?.close();
});

describe('waiting files, runs and history', () => {
  it('lists the waiting files per setting with their pre-flight verdict', async () => {
    const { page } = session;
    await goTo(page, '待機中のファイル');
    const bills = page.locator('section.waiting-group[data-target]', { has: page.getByRole('heading', { name: '帳票データ連携設定1（請求書）' }) });
    expect(await waitForText(bills.locator('tr[data-waiting-file="billdata_20261130.csv"]'), /送信できます/)).toMatch(/Shift_JIS・\d+行/);
    // Its size and time as a clerk reads them: 「855 バイト」 or 「1.2 KB」, 2026/11/30(月) 09:00.
    const [, modified, size] = await bills.locator('tr[data-waiting-file="billdata_20261130.csv"] td').allTextContents();
    expect(size).toMatch(/^(\d{1,3}(,\d{3})* バイト|\d+\.\d KB)$/);
    expect(modified).toMatch(/^\d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2}$/);
    expect(await waitForText(bills.locator('tr[data-waiting-file="billdata_20261201_unknown.csv"]'), /送信できます/)).toBeTruthy();
    const customers = page.locator('section.waiting-group[data-target="customers"]');
    expect(await waitForText(customers.locator('tr[data-waiting-file="clientmaster_20261130.csv"]'), /送信できます/)).toBeTruthy();
    // A refused file names its line, before anything is sent.
    const pay = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定2（支払通知書）' }) });
    const ragged = pay.locator('tr[data-waiting-file="pay_ragged.csv"]');
    await waitForText(ragged, /エラー/);
    const [line, column, message] = await ragged.locator('table.problems tbody tr').first().locator('td').allTextContents();
    expect(line).toBe('2');
    expect(column).toBe('—');
    expect(message).toContain('2行目');
    expect(await textOf(pay.locator('.muted'))).toContain('連携タイミングが「連携しない」');
    await session.capture('waiting');
  });

  it('「今すぐ連携」 shows progress per file and the run lands in the history with its counts', async () => {
    const { page } = session;
    const bills = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定1（請求書）' }) });
    // Record every progress label the window shows, to see the states go by.
    await page.evaluate(() => {
      const g = globalThis as unknown as { __labels: string[]; document: { body: unknown }; MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void } };
      g.__labels = [];
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document;
      new g.MutationObserver(() => {
        for (const el of Array.from(doc.querySelectorAll('[data-progress-file] .badge'))) {
          const t = el.textContent ?? '';
          if (g.__labels.at(-1) !== t) g.__labels.push(t);
        }
      }).observe(g.document.body, { subtree: true, childList: true, characterData: true });
    });
    await bills.getByRole('button', { name: '帳票データ連携設定1（請求書）を今すぐ連携' }).click();
    const finished = await textOf(bills.getByTestId('run-finished'));
    expect(finished).toMatch(/^一部エラー: /);
    expect(await textOf(bills.locator('[data-progress-file="billdata_20261130.csv"] .badge'))).toBe('完了');
    expect(await textOf(bills.locator('[data-progress-file="billdata_20261201_unknown.csv"] .badge'))).toBe('エラー');
    const seen = await page.evaluate(() => (globalThis as unknown as { __labels: string[] }).__labels);
    expect(seen).toContain('送信中');
    expect(seen.some((l) => l.startsWith('取込中'))).toBe(true);
    await session.capture('waiting-progress');

    const history = await invoke<HistoryPage>('history:list', {});
    const run = history.runs[0];
    expect(run).toMatchObject({ targetName: '請求書', trigger: 'manual', outcome: 'partial' });
    expect(run?.counts.failed).toBe(1);
    expect(run?.counts.done).toBeGreaterThanOrEqual(1);

    // The finished run links to itself in 実行履歴.
    await bills.getByTestId('run-link').click();
    await page.getByRole('heading', { name: /^実行の詳細: 請求書/ }).waitFor();
    expect(page.url()).toContain(`#/history/${run?.id}`);
    await goTo(page, '実行履歴');
    const row = page.locator(`tr[data-run-id="${run?.id}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    // Files and their lines: the customer master (5) and the two document files (7 each).
    expect(run?.counts.lines).toBe(19);
    expect(cells.slice(1, 5)).toEqual(['請求書', '手動', '一部エラー', `ファイル${run?.counts.files}件・19行: ${run?.counts.done}件完了、1件エラー（「エラー」フォルダへ1件）`]);
    // Dates read 2026/11/30(月) 09:00, on one line.
    expect(cells[0]).toMatch(/^\d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2}$/);
    // Newest first.
    expect(await page.locator('tbody tr').first().getAttribute('data-run-id')).toBe(run?.id);
  });

  it('shows a bad file’s errors from 楽楽明細 with line and column, and each file’s import id', async () => {
    const { page } = session;
    const runId = (await page.locator('tbody tr').first().getAttribute('data-run-id')) ?? '';
    await page.locator(`tr[data-run-id="${runId}"]`).getByRole('link', { name: /の詳細$/ }).click();
    const detail = page.locator('section.run-detail');
    await detail.getByRole('heading', { name: /^実行の詳細: / }).waitFor();
    const bad = detail.locator('li[data-file-name="billdata_20261201_unknown.csv"]');
    const problemRow = bad.locator('table.problems tbody tr').first();
    const [line, column, message] = await problemRow.locator('td').allTextContents();
    expect(line).toBe(String(badLine));
    expect(column).toBe('顧客コード');
    expect(message).toContain('C9999');
    expect(await textOf(bad.locator('.badge'))).toBe('エラー');
    const good = detail.locator('li[data-file-name="billdata_20261130.csv"]');
    expect(await textOf(good.locator('.import-id'))).toMatch(/^取込ID: \d+$/);
    const stored = await invoke<RunDetail>('history:get', { runId });
    const goodFile = stored.files.find((f) => f.fileName === 'billdata_20261130.csv');
    expect(goodFile?.state.state).toBe('done');
    await session.capture('history-detail');
  });

  it('filters the history by setting, result and date, and exports it as CSV', async () => {
    const { page } = session;
    await page.getByRole('link', { name: '← 実行履歴の一覧へ' }).click();
    // A second run: customers alone (nothing left to send, its file went with the first run).
    await goTo(page, '待機中のファイル');
    const customers = page.locator('section.waiting-group[data-target="customers"]');
    await customers.getByRole('button', { name: '顧客データを今すぐ連携' }).click();
    await textOf(customers.getByTestId('run-finished'));
    await goTo(page, '実行履歴');
    const all = await invoke<HistoryPage>('history:list', {});
    expect(all.total).toBeGreaterThanOrEqual(2);
    await waitForRows(all.total);

    // 顧客データ: the customers-only run, and the 請求書 run that sent the customer master first.
    await page.getByLabel('連携設定').selectOption({ label: '顧客データ' });
    expect(page.url()).toContain('#/history?target=customers');
    const customersRun = all.runs.find((r) => r.target.kind === 'customers');
    const billRun = all.runs.find((r) => r.targetName === '請求書' && r.outcome === 'partial');
    await page.locator(`tr[data-run-id="${customersRun?.id}"]`).waitFor();
    await page.locator(`tr[data-run-id="${billRun?.id}"]`).waitFor();
    expect(await page.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['顧客データ', '請求書']);
    // In that run's detail the customer file stands under 顧客データ with its own status.
    await page.locator(`tr[data-run-id="${billRun?.id}"]`).getByRole('link', { name: /の詳細$/ }).click();
    const customerGroup = page.getByRole('region', { name: '顧客データ' });
    expect(await textOf(customerGroup.locator('li[data-file-name="clientmaster_20261130.csv"] .badge'))).toBe('完了');
    expect(await textOf(page.getByRole('region', { name: '帳票データ（請求書）' }).locator('h3'))).toBe('帳票データ（請求書）（2件・14行）');
    await page.goBack();
    await page.locator(`tr[data-run-id="${customersRun?.id}"]`).waitFor();
    expect(await page.getByLabel('連携設定').inputValue()).toBe('customers');

    await page.getByLabel('連携設定').selectOption({ label: 'すべて' });
    await page.getByLabel('結果').selectOption({ label: '一部エラー' });
    await waitForRows(1);
    expect(await page.locator('tbody tr td:nth-child(4)').allTextContents()).toEqual(['一部エラー']);

    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}/${String(d.getMonth() + 1).padStart(2, '0')}/${String(d.getDate()).padStart(2, '0')}`;
    });
    // Typed the way the clerk writes a date (the field says 例: 2026/11/30), full-width digits too.
    expect(await page.getByLabel('開始日').getAttribute('placeholder')).toBe('例: 2026/11/30');
    await page.getByLabel('開始日').fill(today.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)));
    await waitForRows(1);
    await page.getByLabel('開始日').blur();
    expect(await page.getByLabel('開始日').inputValue()).toBe(today);
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    await page.getByLabel('開始日').fill(nextYear);
    await page.getByText('条件に合う実行履歴はありません。').waitFor();
    await page.getByLabel('開始日').fill('');
    await waitForRows(1);
    await session.capture('history');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSVに書き出す' }).click()]);
    const path = await download.path();
    const bytes = await readFile(path);
    // Excel-friendly: UTF-8 with BOM, CRLF, exactly what main produced for the same filter.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const expected = await invoke<{ fileName: string; csv: string }>('history:export-csv', { outcome: 'partial' });
    expect(download.suggestedFilename()).toBe(expected.fileName);
    expect(bytes.toString('utf8')).toBe(expected.csv.startsWith('\uFEFF') ? expected.csv : `\uFEFF${expected.csv}`);
    expect(expected.csv).toContain('請求書');
    expect(expected.csv).toContain('\r\n');
    expect(await textOf(page.locator('.notice'))).toContain(`「${expected.fileName}」を書き出しました。`);
  });

  it('offers the 要確認 choice for a file whose sending may have reached 楽楽明細, and records it', async () => {
    const { page } = session;
    // Next month's bills (new content: the same content would be skipped as 同一内容).
    const text = iconv.decode(await readFile(join(SAMPLES_DIR, 'billdata_20261130.csv')), 'cp932').replaceAll('2026年11月', '2026年12月');
    await writeFile(join(host.rootDir, 'billdata', 'billdata_20261202.csv'), iconv.encode(text, 'cp932'));
    // The connection drops after 楽楽明細 received the file: the agent cannot know if it was imported.
    host.sandbox.faults.dropAfterBody = 1;
    host.sandbox.faults.match = /^POST .*reports\/imports$/;
    await goTo(page, '待機中のファイル');
    const bills = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定1（請求書）' }) });
    await waitForText(bills.locator('tr[data-waiting-file="billdata_20261202.csv"]'), /送信できます/);
    await bills.getByRole('button', { name: '帳票データ連携設定1（請求書）を今すぐ連携' }).click();
    expect(await waitForText(bills.getByTestId('run-finished'), /^要確認: /)).toBeTruthy();
    expect(await textOf(bills.locator('[data-progress-file="billdata_20261202.csv"] .badge'))).toBe('要確認');
    expect(await waitForText(page.locator('.agent-status'), /要確認 1件/)).toBeTruthy();

    await goTo(page, '実行履歴');
    await page.getByLabel('結果').selectOption({ label: '要確認' });
    await waitForRows(1);
    await page.locator('tbody tr').first().getByRole('link', { name: /の詳細$/ }).click();
    const held = page.locator('section.run-detail li[data-file-name="billdata_20261202.csv"]');
    expect(await textOf(held.locator('.badge'))).toBe('要確認');
    // The runner's reason, as recorded, tells the clerk what to check before choosing.
    const stored = await invoke<HistoryPage>('history:list', { outcome: 'attention' });
    const heldRun = await invoke<RunDetail>('history:get', { runId: stored.runs[0]?.id });
    const heldState = heldRun.files.find((f) => f.fileName === 'billdata_20261202.csv')?.state;
    expect(heldState?.state).toBe('held');
    const reason = heldState?.state === 'held' ? heldState.reason : '(not held)';
    // What happened, in the runner's words; the steps that follow are laid out, not told in a paragraph.
    expect(await textOf(held.locator('.cause'))).toBe(heldCause(reason, heldState?.state === 'held' ? heldState.importName ?? '' : ''));
    expect(await textOf(held.locator('.what-to-do'))).toContain(ADVICE_HELD);
    await session.capture('history-held');
    await held.getByRole('button', { name: '送信済みにする' }).click();
    expect(await textOf(page.locator('.notice'))).toBe('送信済みとして記録しました。このファイルは再送信しません。');
    await held.getByRole('group').waitFor({ state: 'detached' });
    // Back to the list as it was left: still filtered to 要確認.
    expect(await page.getByRole('link', { name: '← 実行履歴の一覧へ' }).getAttribute('href')).toBe('#/history?outcome=attention');
    expect(await textOf(held.getByTestId('held-resolved'))).toMatch(/^対応済み（.+）: 取り込まれていることを確認し、送信済みとして記録しました。$/);
    // Nothing was sent again, and the tray's 要確認 count is back to zero.
    expect(host.sandbox.imports().filter((i) => i.fileName === 'billdata_20261202.csv')).toHaveLength(1);
    await page.locator('.agent-status', { hasText: '要確認' }).waitFor({ state: 'detached' });
  });

  it('sets a file with content already imported aside as 同一内容, and sends it only when the clerk insists', async () => {
    const { page } = session;
    // The clerk exports November's bills once more under another name.
    await copyFile(join(SAMPLES_DIR, 'billdata_20261130.csv'), join(host.rootDir, 'billdata', 'billdata_copy.csv'));
    await goTo(page, '待機中のファイル');
    const bills = page.locator('section.waiting-group', { has: page.getByRole('heading', { name: '帳票データ連携設定1（請求書）' }) });
    // The list already says what the run will do: not 送信できます, but 同一内容 and where it goes.
    const row = bills.locator('tr[data-waiting-file="billdata_copy.csv"]');
    await waitForText(row, /同一内容/);
    expect(await textOf(row)).toContain('送信せずに「処理済み」へ移します');
    expect(await textOf(row)).not.toContain('送信できます');
    await bills.getByRole('button', { name: '帳票データ連携設定1（請求書）を今すぐ連携' }).click();
    expect(await waitForText(bills.getByTestId('run-finished'), /同一内容1件/)).toBeTruthy();
    const copies = () => host.sandbox.imports().filter((i) => i.fileName === 'billdata_copy.csv').length;
    expect(copies()).toBe(0);

    await goTo(page, '実行履歴');
    await page.getByLabel('結果').selectOption({ label: 'すべて' });
    await page.locator('tbody tr').first().getByRole('link', { name: /の詳細$/ }).click();
    const file = page.locator('section.run-detail li[data-file-name="billdata_copy.csv"]');
    expect(await textOf(file.locator('.badge'))).toBe('同一内容');
    const send = file.getByRole('button', { name: '同じ内容でも送信する' });
    // The warning first; answering no sends nothing.
    session.answerDialogs(false);
    await send.click();
    await expect.poll(() => session.dialogs.at(-1)?.message).toContain('二重に届くおそれがあります');
    expect(session.dialogs.at(-1)?.accepted).toBe(false);
    expect(copies()).toBe(0);
    // Yes: sent in a run of its own, and the history shows that run.
    session.answerDialogs(true);
    await send.click();
    expect(await textOf(page.locator('.notice'))).toBe('送信を受け付けました。結果は実行履歴に追加されます。 その実行を見る');
    await expect.poll(copies).toBe(1);
    await expect.poll(async () => (await invoke<HistoryPage>('history:list', {})).runs[0]?.outcome).toBe('success');
    // The notice links to the run it started, and that run shows the file sent.
    await page.locator('.notice').getByRole('link', { name: 'その実行を見る' }).click();
    expect(await waitForText(page.locator('section.run-detail li[data-file-name="billdata_copy.csv"] .badge'), /完了/)).toBe('完了');
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});

async function waitForRows(count: number): Promise<void> {
  const rows = session.page.locator('tbody tr');
  for (;;) {
    if ((await rows.count()) === count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
