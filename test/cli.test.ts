// The command line, in-process (commands take an io object and return their exit code), plus one
// spawn of the real bin to prove exit codes reach the shell.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../electron/cli/cli-io';
import { main } from '../electron/cli/main';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from '../electron/core/sandbox/sandbox-server';
import { createFixture, fixtureSettings, FIXTURE_SAMPLES, SHIPPED_SAMPLES, type Fixture } from './helpers/runner-fixture';

const REPO = join(import.meta.dirname, '..');

describe('meisai-connector (in-process)', () => {
  it('prints Japanese help; no command or an unknown one is a usage error (2)', async () => {
    const io = memoryIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toContain('使い方: meisai-connector <コマンド>');
    for (const name of ['demo', 'run', 'validate', 'history', 'sandbox', 'agent']) expect(io.out()).toContain(`  ${name}`);
    expect(await main([], memoryIo())).toBe(2);
    const bad = memoryIo();
    expect(await main(['frobnicate'], bad)).toBe(2);
    expect(bad.err()).toContain('不明なコマンドです: frobnicate');
    for (const name of ['demo', 'run', 'validate', 'history', 'sandbox', 'agent']) {
      const h = memoryIo();
      expect(await main([name, '--help'], h)).toBe(0);
      expect(h.out()).toContain('使い方');
    }
  });

  it('demo: exits 0 and prints the result table', async () => {
    const io = memoryIo();
    const code = await main(['demo'], io);
    expect(code, io.err()).toBe(0);
    const out = io.out();
    expect(out).toMatch(/実行した設定\s+種類\s+ファイル\s+状態/);
    expect(out).toMatch(/請求書\s+顧客\s+clientmaster_20261130\.csv\s+完了/);
    expect(out).toMatch(/請求書\s+帳票\s+billdata_20261130\.csv\s+完了/);
    expect(out).toMatch(/支払明細\s+帳票\s+paydata_20261130\.csv\s+完了/);
    expect(out).toContain('デモ成功');
  });

  describe('validate', () => {
    it('good samples: exit 0', async () => {
      const io = memoryIo();
      expect(await main(['validate', join(SHIPPED_SAMPLES, 'clientmaster_20261130.csv'), join(SHIPPED_SAMPLES, 'billdata_20261130.csv')], io)).toBe(0);
      expect(io.out()).toContain('OK  clientmaster_20261130.csv');
      expect(io.out()).toContain('（顧客データとして確認）');
      expect(io.out()).toContain('（帳票データとして確認）');
    });

    it.each([
      ['clientmaster_not_cp932.csv', 1, '2行目'],
      ['billdata_broken_quote.csv', 1, '2行目'],
      ['billdata_ragged.csv', 1, '3行目'],
      ['billdata_header_only.csv', 0, 'データなし'],
      ['billdata_empty.csv', 0, 'データなし'],
      ['clientmaster_utf8bom.csv', 0, 'UTF-8'],
    ])('bad/%s → exit %i, says %s', async (name, code, words) => {
      const io = memoryIo();
      expect(await main(['validate', join(FIXTURE_SAMPLES, 'bad', name)], io)).toBe(code);
      expect(io.out()).toContain(words);
    });

    it('a missing file is exit 1; a wrong --kind is a usage error', async () => {
      const io = memoryIo();
      expect(await main(['validate', '/nonexistent/billdata.csv'], io)).toBe(1);
      expect(io.out()).toContain('見つかりません');
      expect(await main(['validate', '--kind', 'invoices', 'x.csv'], memoryIo())).toBe(2);
      expect(await main(['validate'], memoryIo())).toBe(2);
    });
  });

  describe('run and history', () => {
    let fx: Fixture;
    let work: string;
    afterEach(async () => {
      await fx?.close();
      if (work) await rm(work, { recursive: true, force: true });
    });

    async function config(settings: unknown): Promise<string> {
      work = await mkdtemp(join(tmpdir(), 'meisai-cli-'));
      const file = join(work, 'settings.json');
      await writeFile(file, JSON.stringify(settings, null, 2));
      return file;
    }

    it('run --base-url … exits 0 when everything sent completed; history lists the run', async () => {
      fx = await createFixture({ sandbox: { rateLimitPerMinute: null } });
      await fx.place('clientmaster', 'clientmaster_20261130.csv');
      await fx.place('billdata', 'billdata_20261130.csv');
      // The file names a real-looking tenant; the sandbox comes in through --base-url only.
      const file = await config({ ...fixtureSettings('https://rbsample.eco-serv.jp/abc1234/', '/does/not/matter'), meisai: { url: 'https://rbsample.eco-serv.jp/abc1234/' } });
      const dataDir = join(work, 'data');
      const io = memoryIo();
      const code = await main(['run', '--config', file, '--setting', '請求書', '--base-url', fx.sandbox.baseUrl(), '--token', SANDBOX_TOKEN, '--root', fx.root, '--data-dir', dataDir], io);
      expect(code, io.err()).toBe(0);
      expect(io.out()).toMatch(/請求書\s+帳票\s+billdata_20261130\.csv\s+完了/);
      expect(io.out()).toContain('[成功] 請求書: 2件完了');
      expect(fx.sandbox.imports()).toHaveLength(2);
      // One rotating log file in the data folder, with the run in it and never the token.
      const log = await readFile(join(dataDir, 'logs', 'agent.log'), 'utf8');
      expect(log).toContain('run finished');
      expect(log).not.toContain(SANDBOX_TOKEN);

      const h = memoryIo();
      expect(await main(['history', '--data-dir', dataDir], h)).toBe(0);
      expect(h.out()).toMatch(/請求書\s+手動\s+成功\s+2\s+0\s+0/);
      const j = memoryIo();
      expect(await main(['history', '--json', '--data-dir', dataDir], j)).toBe(0);
      const parsed = JSON.parse(j.out()) as { total: number; runs: { outcome: string; files: unknown[] }[] };
      expect(parsed.total).toBe(1);
      expect(parsed.runs[0]!.files).toHaveLength(2);
    });

    it('run exits 1 when an import did not complete (maintenance), --json gives the runs', async () => {
      fx = await createFixture();
      await fx.place('clientmaster', 'clientmaster_20261130.csv');
      fx.sandbox.faults.maintenance = '503';
      const file = await config(fixtureSettings('https://rbsample.eco-serv.jp/abc1234/', fx.root));
      const io = memoryIo({ MEISAI_API_TOKEN: SANDBOX_TOKEN });
      const code = await main(['run', '--config', file, '--customers-only', '--json', '--base-url', fx.sandbox.baseUrl(), '--data-dir', join(work, 'data')], io);
      expect(code).toBe(1);
      const runs = JSON.parse(io.out()) as { outcome: string; message: string; files: { state: { state: string; reason?: string } }[] }[];
      expect(runs[0]!.outcome).toBe('retry-wait');
      expect(runs[0]!.files[0]!.state).toMatchObject({ state: 'retry-wait', reason: '楽楽明細がメンテナンス中でした（データは届いていません）。' });
      // Said in words too: the one-shot run leaves the resend to the tray app or the agent.
      const io2 = memoryIo({ MEISAI_API_TOKEN: SANDBOX_TOKEN });
      expect(await main(['run', '--config', file, '--customers-only', '--base-url', fx.sandbox.baseUrl(), '--data-dir', join(work, 'data')], io2)).toBe(1);
      expect(io2.out()).toContain('この run コマンドは再送しません');
      expect(io2.out()).toContain('再送待ち');
      expect(fx.sandbox.imports()).toEqual([]);
    });

    it('refuses a plain-http URL from the file itself, an unknown --setting, and a missing token (exit 2)', async () => {
      let sandbox: SandboxHandle | null = await startSandbox({ port: 0 });
      try {
        const file = await config(fixtureSettings(sandbox.baseUrl(), '/tmp'));
        const io = memoryIo();
        expect(await main(['run', '--config', file, '--token', SANDBOX_TOKEN, '--data-dir', join(work, 'data')], io)).toBe(2);
        expect(io.err()).toContain('meisai.url');
        const io2 = memoryIo();
        expect(await main(['run', '--config', file, '--base-url', sandbox.baseUrl(), '--token', SANDBOX_TOKEN, '--setting', '9', '--data-dir', join(work, 'data')], io2)).toBe(2);
        expect(io2.err()).toContain('見つかりません');
        const io3 = memoryIo();
        expect(await main(['run', '--config', file, '--base-url', sandbox.baseUrl(), '--data-dir', join(work, 'data')], io3)).toBe(2);
        expect(io3.err()).toContain('APIトークン');
        expect(await main(['run'], memoryIo())).toBe(2);
      } finally {
        await sandbox.close();
        sandbox = null;
      }
    });

    it('says when the history was lost, holds the documents until `history --confirm-loss`, and the ledger still guards', async () => {
      fx = await createFixture({ sandbox: { rateLimitPerMinute: null } });
      await fx.place('clientmaster', 'clientmaster_20261130.csv');
      await fx.place('billdata', 'billdata_20261130.csv');
      const file = await config(fixtureSettings('https://rbsample.eco-serv.jp/abc1234/', '/does/not/matter'));
      const dataDir = join(work, 'data');
      const args = ['run', '--config', file, '--setting', '請求書', '--base-url', fx.sandbox.baseUrl(), '--token', SANDBOX_TOKEN, '--root', fx.root, '--data-dir', dataDir];
      expect(await main(args, memoryIo())).toBe(0);
      for (const suffix of ['', '-wal', '-shm']) await rm(join(dataDir, `history.db${suffix}`), { force: true });
      // The same month exported again under another name.
      await fx.place('billdata', 'billdata_20261130.csv', 'billdata_20261130_2.csv');

      const held = memoryIo();
      expect(await main(args, held)).toBe(1);
      expect(held.err()).toContain('【実行履歴が失われました】');
      expect(held.err()).toContain('meisai-connector history --confirm-loss');
      expect(held.out()).toContain('帳票データの送信を止めています');
      const listed = memoryIo();
      expect(await main(['history', '--data-dir', dataDir], listed)).toBe(0);
      expect(listed.err()).toContain('【実行履歴が失われました】');

      const confirm = memoryIo();
      expect(await main(['history', '--confirm-loss', '--data-dir', dataDir], confirm)).toBe(0);
      expect(confirm.out()).toContain('確認しました');
      const after = memoryIo();
      expect(await main(args, after)).toBe(1);
      expect(after.out()).toContain('要確認（一部送信済み）');
      expect(fx.sandbox.imports().filter((i) => i.kind === 'reports')).toHaveLength(1);
    });

    it('history on an empty data folder says so and exits 0', async () => {
      work = await mkdtemp(join(tmpdir(), 'meisai-cli-'));
      const io = memoryIo();
      expect(await main(['history', '--data-dir', join(work, 'data')], io)).toBe(0);
      expect(io.out()).toContain('実行履歴はまだありません');
    });
  });
});

describe('the bin', () => {
  it('passes exit codes to the shell', () => {
    const ok = spawnSync(process.execPath, [join(REPO, 'bin/meisai-connector.js'), 'validate', join(SHIPPED_SAMPLES, 'billdata_20261130.csv')], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('OK  billdata_20261130.csv');
    const bad = spawnSync(process.execPath, [join(REPO, 'bin/meisai-connector.js'), 'validate', join(FIXTURE_SAMPLES, 'bad', 'billdata_ragged.csv')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
  });
});
