// Faults injected with the sandbox's knobs, over real HTTP: maintenance (503 and 200+HTML), 500s,
// a connection dropped after the request body was read, answers slower than the timeout. The
// invariant every case checks: a document is never imported twice, and no file is lost.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLocal } from '../shared/local-time';
import { SANDBOX_TOKEN } from '../electron/core/sandbox/sandbox-server';
import { createFixture, type Fixture } from './helpers/runner-fixture';

let fx: Fixture;
afterEach(async () => {
  // got's errors carry the request headers: whatever failed, the token never reached the log.
  if (fx) expect(fx.logger.text()).not.toContain(SANDBOX_TOKEN);
  await fx?.close();
});

const POST_REPORTS = /^POST .*reports\/imports$/;
const POST_CUSTOMERS = /^POST .*customers\/imports$/;
const STATE = /^GET .*\/state$/;

async function placeBoth(f: Fixture): Promise<void> {
  await f.place('clientmaster', 'clientmaster_20261130.csv');
  await f.place('billdata', 'billdata_20261130.csv');
}

const reportImports = (f: Fixture) => f.sandbox.imports().filter((i) => i.kind === 'reports' && i.importId !== null);

describe('maintenance', () => {
  it.each(['503', 'html'] as const)('maintenance as %s: nothing sent, the files wait claimed in 処理中 as 再送待ち; the automatic resend sends each once and the run ends 完了', async (kind) => {
    fx = await createFixture();
    await placeBoth(fx);
    fx.sandbox.faults.maintenance = kind;
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('retry-wait');
    expect(s.message).toContain('2件再送待ち（「処理中」フォルダに2件）');
    expect(s.message).toContain('自動で送信します');
    expect(fx.sandbox.imports()).toHaveLength(0);
    // One POST met the maintenance; the document was parked behind its customers, not sent into the wall.
    expect(fx.sandbox.requestCount()).toBe(1);
    const rows = fx.engine.db.reader.getRun(s.id)!.files;
    expect(rows.map((f) => [f.kind, f.state.state, f.state.state === 'retry-wait' ? f.state.attempts : null])).toEqual([
      ['customers', 'retry-wait', 1],
      ['report', 'retry-wait', 0],
    ]);
    expect(rows[0]!.state).toMatchObject({ reason: '楽楽明細がメンテナンス中でした（データは届いていません）。' });
    expect(rows[1]!.state).toMatchObject({ reason: '先に送る顧客データが再送待ちのため、顧客データの送信の後に送ります。' });
    // Both wait claimed in 処理中 (the parked document too): an export under the same name meanwhile is a new file.
    expect(await fx.tree('clientmaster')).toEqual(['処理中/clientmaster_20261130.csv']);
    expect(await fx.tree('billdata')).toEqual(['処理中/billdata_20261130.csv']);
    expect(rows.map((f) => f.currentPath)).toEqual([join(fx.root, 'clientmaster', '処理中', 'clientmaster_20261130.csv'), join(fx.root, 'billdata', '処理中', 'billdata_20261130.csv')]);

    // Still under maintenance: the resend waits on, nothing is sent twice.
    const still = await fx.retryRun(s.id);
    expect(still).toMatchObject({ id: s.id, outcome: 'retry-wait', retry: { continued: true, expired: 0 } });
    expect(fx.engine.db.reader.getFile(rows[0]!.id)!.state).toMatchObject({ state: 'retry-wait', attempts: 2 });

    fx.sandbox.faults.maintenance = null;
    const done = await fx.retryRun(s.id);
    expect(done).toMatchObject({ id: s.id, outcome: 'success', message: '請求書: 2件完了' });
    expect(fx.sandbox.imports().map((i) => i.kind)).toEqual(['customers', 'reports']);
    expect((await fx.tree('billdata'))[0]).toMatch(/^処理済み\//);
    expect(fx.engine.db.reader.findRetryWaits()).toEqual([]);
    expect(fx.engine.db.reader.getRun(s.id)!.outcome).toBe('success');
    // The staged copies went with the archived files.
    expect(await fx.tree('../data/staging')).toEqual([]);
  });

  it('maintenance during state polling: retried, then 取込状況不明; the next run polls the same id and archives', async () => {
    fx = await createFixture();
    await fx.place('billdata', 'billdata_20261130.csv');
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.run({ kind: 'customers' });
    fx.sandbox.faults.match = STATE;
    fx.sandbox.faults.maintenance = 'html';
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('attention');
    const row = fx.engine.db.reader.getRun(s.id)!.files[0]!;
    expect(row.state.state).toBe('unknown');
    // Still claimed (処理中, beside its folder); a second run must not send it again while its state is unknown.
    expect(await fx.tree('billdata')).toEqual(['処理中/billdata_20261130.csv']);
    expect(fx.logger.text()).toContain('import state call failed');

    fx.sandbox.faults.maintenance = null;
    const next = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(next.outcome).toBe('nothing');
    expect(reportImports(fx)).toHaveLength(1);
    expect(fx.engine.db.reader.getFile(row.id)!.state).toMatchObject({ state: 'done', importId: row.importId });
    expect((await fx.tree('billdata'))[0]).toMatch(/^処理済み\//);
    // The earlier run no longer asks for attention: its file is settled.
    const earlier = fx.engine.db.reader.getRun(s.id)!;
    expect(earlier.outcome).toBe('success');
    expect(earlier.counts.attention).toBe(0);
    expect(earlier.message).toBe('請求書: 1件完了');
    expect(fx.engine.db.reader.listRuns({ outcome: 'attention' }).total).toBe(0);
  });
});

describe('500s', () => {
  it('500s on state polling are retried with backoff and the import completes', async () => {
    fx = await createFixture();
    await placeBoth(fx);
    fx.sandbox.faults.match = STATE;
    fx.sandbox.faults.fail500 = 2;
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('success');
    expect(fx.sandbox.faults.fail500).toBe(0);
    expect(reportImports(fx)).toHaveLength(1);
  });

  it('a 500 answering a document POST is 要確認 (held), moved to エラー with the instructions, never resent', async () => {
    fx = await createFixture();
    await placeBoth(fx);
    fx.sandbox.faults.match = POST_REPORTS;
    fx.sandbox.faults.fail500 = 1;
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('attention');
    const row = fx.engine.db.reader.getRun(s.id)!.files.find((f) => f.kind === 'report')!;
    expect(row.state.state).toBe('held');
    // The name to look for in 楽楽明細's 取込履歴 is the one the POST carried, recorded with the file.
    const name = `明細コネクタ ${formatLocal(new Date(s.startedAt), 'import-name')} #${fx.engine.history.runNumber(s.id)}`;
    expect(row.state.state === 'held' && row.state.importName).toBe(name);
    expect(row.state.state === 'held' && row.state.reason).toContain(`処理名「${name}」`);
    expect(fx.engine.db.reader.findHeldFiles().map((f) => f.id)).toEqual([row.id]);
    const files = await fx.tree('billdata');
    const txt = files.find((f) => f.startsWith('エラー/') && f.endsWith('.txt'))!;
    const note = await readFile(join(fx.root, 'billdata', txt), 'utf8');
    expect(note).toContain('要確認');
    expect(note).toContain('取込履歴');

    // The clerk puts the same file back by mistake: still not sent while it is 要確認.
    await fx.place('billdata', 'billdata_20261130.csv');
    const again = await fx.run({ kind: 'report', reportId: 'bill' });
    const skipped = fx.engine.db.reader.getRun(again.id)!.files[0]!;
    expect(skipped.state.state === 'skipped' && skipped.state.reason).toContain('要確認');
    expect(reportImports(fx)).toHaveLength(0);
  });

  it('「再送する」: the clerk resends a held file: the staged bytes go in a new run, the file ends in 処理済み', async () => {
    fx = await createFixture();
    await placeBoth(fx);
    fx.sandbox.faults.match = POST_REPORTS;
    fx.sandbox.faults.fail500 = 1;
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    const held = fx.engine.db.reader.findHeldFiles()[0]!;
    expect(fx.engine.db.reader.attentionCount()).toBe(1);

    const resent = await fx.engine.runner.resendHeld({ fileId: held.id, runId: 'resend-1' });
    expect(resent.ok && resent.value.outcome).toBe('success');
    const imports = reportImports(fx);
    expect(imports).toHaveLength(1);
    expect(imports[0]!.json.importProcessName).toBe(`明細コネクタ ${formatLocal(new Date(fx.engine.history.getRun('resend-1')!.startedAt), 'import-name')} #${fx.engine.history.runNumber('resend-1')}`);
    expect(fx.engine.db.reader.getFile(held.id)!.resolution?.action).toBe('resend');
    expect(fx.engine.db.reader.attentionCount()).toBe(0);
    const files = await fx.tree('billdata');
    expect(files.filter((f) => f.endsWith('.csv'))).toEqual([expect.stringMatching(/^処理済み\/.*billdata_20261130\.csv$/)]);
    expect(s.id).not.toBe('resend-1');
    // A second click on the same file is refused as a value.
    const again = await fx.engine.runner.resendHeld({ fileId: held.id, runId: 'resend-2' });
    expect(again.ok).toBe(false);
    expect(reportImports(fx)).toHaveLength(1);
  });

  it('a 500 answering a customer POST is resent (customer imports are upserts)', async () => {
    fx = await createFixture();
    await placeBoth(fx);
    fx.sandbox.faults.match = POST_CUSTOMERS;
    fx.sandbox.faults.fail500 = 1;
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('success');
    expect(fx.sandbox.imports().map((i) => i.kind)).toEqual(['customers', 'reports']);
  });
});

describe('connection dropped after the request body was read', () => {
  it('document: the import happened on the server but no answer came: held, not resent; exactly one import', async () => {
    fx = await createFixture();
    await placeBoth(fx);
    fx.sandbox.faults.match = POST_REPORTS;
    fx.sandbox.faults.dropAfterBody = 1;
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('attention');
    const imports = reportImports(fx);
    expect(imports).toHaveLength(1);
    expect(imports[0]!.answered).toBe(false);
    const row = fx.engine.db.reader.getRun(s.id)!.files.find((f) => f.kind === 'report')!;
    expect(row.state.state).toBe('held');
    // Exactly the name the import carries in 楽楽明細's 取込履歴 is what the clerk is told to look for.
    expect(row.state.state === 'held' && row.state.importName).toBe(imports[0]!.json.importProcessName);
    // The clerk checked 楽楽明細's import history and marks it as sent: the same content later is 同一内容.
    const marked = fx.engine.runner.markSent(row.id);
    expect(marked.ok && marked.value.revised).toMatchObject({ id: s.id, outcome: 'success', counts: { attention: 0 } });
    await fx.place('billdata', 'billdata_20261130.csv', 'billdata_again.csv');
    const again = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(fx.engine.db.reader.getRun(again.id)!.files[0]!.state.state).toBe('duplicate');
    expect(reportImports(fx)).toHaveLength(1);
  });

  it('customer: resent, and the documents follow', async () => {
    fx = await createFixture();
    await placeBoth(fx);
    fx.sandbox.faults.match = POST_CUSTOMERS;
    fx.sandbox.faults.dropAfterBody = 1;
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('success');
    expect(fx.sandbox.imports().map((i) => [i.kind, i.answered])).toEqual([
      ['customers', false],
      ['customers', true],
      ['reports', true],
    ]);
  });
});

describe('answers slower than the timeout', () => {
  it('document POST timing out: held (the import may exist), exactly one import on the server', async () => {
    fx = await createFixture({ timeouts: { connectMs: 1_000, responseMs: 300 } });
    await placeBoth(fx);
    fx.sandbox.faults.match = POST_REPORTS;
    fx.sandbox.faults.hangMs = 1_500;
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('attention');
    expect(fx.engine.db.reader.getRun(s.id)!.files.find((f) => f.kind === 'report')!.state.state).toBe('held');
    expect(reportImports(fx)).toHaveLength(1);
  });

  it('state polls timing out: 取込状況不明, then done on the next run once the server answers', async () => {
    fx = await createFixture({ timeouts: { connectMs: 1_000, responseMs: 300 } });
    await placeBoth(fx);
    fx.sandbox.faults.match = STATE;
    fx.sandbox.faults.hangMs = 1_500;
    const s = await fx.run({ kind: 'customers' });
    expect(s.outcome).toBe('attention');
    fx.sandbox.faults.hangMs = 0;
    const next = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(next.outcome).toBe('success');
    expect(fx.sandbox.imports().map((i) => i.kind)).toEqual(['customers', 'reports']);
    expect((await fx.tree('clientmaster'))[0]).toMatch(/^処理済み\//);
  });
});

describe('the API refuses the file', () => {
  it('a document naming customers never imported fails at the API: moved to エラー with the API\'s messages', async () => {
    fx = await createFixture();
    await fx.place('billdata', 'billdata_20261130.csv');
    const s = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(s.outcome).toBe('failed');
    const row = fx.engine.db.reader.getRun(s.id)!.files[0]!;
    expect(row.state.state).toBe('failed');
    expect(row.problems.length).toBeGreaterThan(0);
    const files = await fx.tree('billdata');
    expect(files.some((f) => f.startsWith('エラー/') && f.endsWith('billdata_20261130.csv'))).toBe(true);
    expect(files.some((f) => f.endsWith('billdata_20261130_エラー内容.txt'))).toBe(true);
  });
});
