// The support bundle written by the CLI from a data folder with real runs in it: every expected
// entry is there and no entry holds the API token or an X-WB-apitoken value, wherever the token
// had got to (the settings file, a clerk's file name in the history and the waiting list, old log
// lines written before the token was known to the redactor).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_TOKEN } from '../../core/sandbox/sandbox-server';
import { BUNDLE_ENTRIES } from '../../core/support/support-bundle';
import { readZip, unmaskedHeaderValues } from '../../core/support/test-support/read-zip';
import { createFixture, fixtureSettings, type Fixture } from '../../../test/helpers/runner-fixture';
import { memoryIo } from '../cli-io';
import { supportBundleCommand } from './support-bundle';

let fx: Fixture | null = null;
afterEach(async () => {
  await fx?.close();
  fx = null;
});

const TOKEN = SANDBOX_TOKEN;
const TENANT_URL = 'https://rbsample.eco-serv.jp/keiri/';

describe('support-bundle (CLI)', () => {
  it('writes every expected entry and no trace of the token', async () => {
    fx = await createFixture();
    // A clerk's file whose name happens to carry the token: it reaches the history and the waiting list.
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv', `billdata_${TOKEN}.csv`);
    const run = await fx.run({ kind: 'report', reportId: 'bill' });
    expect(run.outcome).toBe('success');
    await fx.place('paydata', 'paydata_20261130.csv', `paydata_${TOKEN}.csv`);
    // Log lines from before the redactor knew the token, and a header another tool logged.
    await mkdir(fx.paths.logDir, { recursive: true });
    await writeFile(join(fx.paths.logDir, 'agent.log'), `{"msg":"sent","url":"${fx.sandbox.baseUrl()}","token":"${TOKEN}"}\n{"msg":"raw","text":"X-WB-apitoken: s3cr3t-value-42"}\n`);
    await writeFile(join(fx.paths.logDir, 'agent.log.1'), `old line ${TOKEN}\nx-wb-apitoken=another-secret\n`);
    const settingsFile = join(fx.work, 'settings.json');
    const settings = fixtureSettings(TENANT_URL, fx.root);
    await writeFile(settingsFile, JSON.stringify({ ...settings, meisai: { ...settings.meisai, apiToken: TOKEN } }));
    fx.engine.close();

    const out = join(fx.work, 'support.zip');
    const io = memoryIo({ MEISAI_API_TOKEN: TOKEN }, fx.work);
    const code = await supportBundleCommand(['--out', out, '--config', settingsFile, '--data-dir', fx.paths.dataDir], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/サポート用情報を保存しました/);
    fx.reopen();

    const entries = await readZip(out);
    expect([...entries.keys()].sort()).toEqual(
      [BUNDLE_ENTRIES.readme, BUNDLE_ENTRIES.about, BUNDLE_ENTRIES.settings, BUNDLE_ENTRIES.history, BUNDLE_ENTRIES.waiting, BUNDLE_ENTRIES.folders, 'logs/agent.log', 'logs/agent.log.1'].sort(),
    );
    for (const [name, bytes] of entries) {
      const text = bytes.toString('utf8');
      expect(text.includes(TOKEN), `${name} holds the token`).toBe(false);
      expect(unmaskedHeaderValues(text), `${name} holds an X-WB-apitoken value`).toEqual([]);
      expect(text).not.toMatch(/s3cr3t-value-42|another-secret/);
    }
    const text = (name: string) => entries.get(name)!.toString('utf8');
    // The settings without the token, the history's CSV with the run, the waiting file with its verdict.
    expect(JSON.parse(text(BUNDLE_ENTRIES.settings)).meisai).toEqual({ url: TENANT_URL });
    expect(text(BUNDLE_ENTRIES.history)).toMatch(/^\uFEFF/);
    expect(text(BUNDLE_ENTRIES.history)).toContain('請求書');
    expect(text(BUNDLE_ENTRIES.history)).toContain('billdata_[REDACTED].csv');
    const waiting = JSON.parse(text(BUNDLE_ENTRIES.waiting)) as { target: string; files: { fileName: string; verdict: { ok?: boolean } | null }[] }[];
    const pay = waiting.find((w) => w.target === 'pay')?.files ?? [];
    expect(pay.map((f) => f.fileName)).toEqual(['paydata_[REDACTED].csv']);
    expect(pay[0]?.verdict).not.toBeNull();
    expect(text(BUNDLE_ENTRIES.folders)).toMatch(/history\.db\n/);
    const about = JSON.parse(text(BUNDLE_ENTRIES.about)) as { face: string; app: string; runtime: { node: string }; folders: { state: string } };
    expect(about).toMatchObject({ face: 'CLI', runtime: { node: process.versions.node }, folders: { state: fx.paths.dataDir } });
    expect(about.app).toMatch(/^\d+\.\d+\.\d+/);
    expect(text('logs/agent.log')).toContain('"msg":"sent"');
  });

  it('shows a settings file that does not validate as written, without its token', async () => {
    fx = await createFixture();
    fx.engine.close();
    const settingsFile = join(fx.work, 'broken.json');
    await writeFile(settingsFile, JSON.stringify({ version: 1, meisai: { url: 'http://example.com/', apiToken: 'short-but-secret-token' }, reports: 'oops' }));
    const out = join(fx.work, 'broken.zip');
    expect(await supportBundleCommand(['--out', out, '--config', settingsFile, '--data-dir', fx.paths.dataDir], memoryIo({}, fx.work))).toBe(0);
    fx.reopen();
    const settings = (await readZip(out)).get(BUNDLE_ENTRIES.settings)!.toString('utf8');
    expect(JSON.parse(settings)).toMatchObject({ note: expect.stringMatching(/誤りがあります/), asWritten: { meisai: { url: 'http://example.com/' }, reports: 'oops' } });
    expect(settings).not.toContain('short-but-secret-token');
  });

  it('says what is missing in an empty data folder instead of failing', async () => {
    fx = await createFixture();
    fx.engine.close();
    const empty = join(fx.work, 'nothing-here');
    const out = join(fx.work, 'empty.zip');
    const io = memoryIo({}, fx.work);
    expect(await supportBundleCommand(['--out', out, '--data-dir', empty], io)).toBe(0);
    fx.reopen();
    const entries = await readZip(out);
    expect(entries.get(BUNDLE_ENTRIES.history)!.toString('utf8')).toMatch(/実行履歴はまだありません/);
    expect(entries.get(BUNDLE_ENTRIES.settings)!.toString('utf8')).toMatch(/設定ファイルがありません/);
    expect(entries.get(BUNDLE_ENTRIES.folders)!.toString('utf8')).toMatch(/（ありません）/);
  });
});
