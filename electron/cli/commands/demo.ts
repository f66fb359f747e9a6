// `meisai-connector demo` (npm run demo): the whole main job on one machine in a few seconds. Starts
// the built-in sandbox (an emulator of 楽楽明細's API) on a free loopback port, lays out a temporary
// ファイルの配置場所 with the samples shipped in resources/samples, runs every report setting
// (customers first), prints what happened to each file, and exits 0 only when every import completed.
import { mkdtemp, copyFile, mkdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSummary } from '../../../shared/run';
import type { SettingsInput } from '../../../shared/settings/schema';
import { ok } from '../../../shared/result';
import { openEngine } from '../../core/engine/engine';
import { createConsoleLogger, createRedactor } from '../../core/logging';
import { systemClock } from '../../core/ports/clock';
import { silentLogger } from '../../core/ports/logger';
import { startSandbox, SANDBOX_TOKEN } from '../../core/sandbox/sandbox-server';
import { dataPathsFor } from '../../core/settings/data-paths';
import type { CliIo } from '../cli-io';
import { settingsFromRaw } from '../load-config';
import { exitCodeFor, resultTable, summaryLines } from '../run-report';
import { parseCommandArgs } from '../command-args';

export const DEMO_HELP = `使い方: meisai-connector demo [--keep]

内蔵のサンドボックス（楽楽明細APIの模擬サーバー）をこのPCだけで起動し、サンプルのCSVを
一時フォルダに置いて、すべての帳票データ連携設定を実行します（顧客データ → 帳票データの順）。
インターネットには接続しません。

  --keep   一時フォルダを残す（処理済みフォルダや実行履歴を自分で確認したいとき）
`;

/** resources/samples, found from this file so the demo works from any working directory. */
export function samplesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../resources/samples');
}

export const DEMO_FILES = {
  customers: { folder: 'clientmaster', file: 'clientmaster_20261130.csv' },
  reports: [
    { name: '請求書', reportTypeId: 14, folder: 'billdata', prefix: 'billdata', file: 'billdata_20261130.csv' },
    { name: '支払明細', reportTypeId: 15, folder: 'paydata', prefix: 'paydata', file: 'paydata_20261130.csv' },
  ],
} as const;

export function demoSettings(baseUrl: string, root: string): SettingsInput {
  return {
    version: 1,
    meisai: { url: baseUrl },
    agent: { root },
    customers: { settingId: 1, folder: DEMO_FILES.customers.folder, filePrefix: 'clientmaster', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
    reports: DEMO_FILES.reports.map((r, i) => ({
      id: `demo-${i + 1}`,
      name: r.name,
      reportTypeId: r.reportTypeId,
      folder: r.folder,
      filePrefix: r.prefix,
      firstLine: 'skip' as const,
      approve: false,
      approvalFlowId: null,
      timing: { mode: 'manual' as const },
    })),
  };
}

/** Copies the samples into a fresh root, dated a minute ago (an export finished a while back). */
export async function layOutDemoRoot(root: string, from = samplesDir()): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  const place = async (folder: string, file: string) => {
    await mkdir(join(root, folder), { recursive: true });
    const target = join(root, folder, file);
    await copyFile(join(from, file), target);
    await utimes(target, past, past);
  };
  await place(DEMO_FILES.customers.folder, DEMO_FILES.customers.file);
  for (const r of DEMO_FILES.reports) await place(r.folder, r.file);
}

export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { keep: { type: 'boolean', default: false } }, DEMO_HELP, io);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const work = await mkdtemp(join(tmpdir(), 'meisai-demo-'));
  const root = join(work, 'userdata');
  const paths = dataPathsFor(join(work, 'data'), process.platform);
  const sandbox = await startSandbox({ port: 0, importDelayMs: 300, logger: silentLogger });
  try {
    await layOutDemoRoot(root);
    io.stdout(`サンドボックス（楽楽明細APIの模擬サーバー）: ${sandbox.baseUrl()}\nファイルの配置場所: ${root}\n帳票データ連携設定ごとに、顧客データを先に送って取込完了を待ち、それから帳票データを送ります。\n\n`);
    const loaded = settingsFromRaw(demoSettings(sandbox.baseUrl(), root), { baseUrl: sandbox.baseUrl() });
    if (!loaded.ok) {
      io.stderr(`デモの設定が読めません（不具合です）:\n${loaded.errors.join('\n')}\n`);
      return 1;
    }
    const redactor = createRedactor();
    redactor.registerSecret(SANDBOX_TOKEN);
    const logger = createConsoleLogger({ level: 'warn', stream: { write: (t: string) => io.stderr(t) }, redactor });
    const { settings } = loaded;
    const engine = openEngine({
      paths,
      purpose: 'meisai-connector demo',
      settings: () => settings,
      token: async () => ok(SANDBOX_TOKEN),
      // The sandbox on this PC: no proxy, no certificates.
      network: { resolveProxy: null, ca: null },
      clock: systemClock,
      logger,
      // The samples were laid out a minute ago; a short stability wait keeps the demo quick.
      tuning: { stableForMs: 200, runner: { firstPollMs: 300, maxPollMs: 2_000 } },
    });
    if (!engine.ok) {
      io.stderr(`${engine.error.message}\n`);
      return 1;
    }
    try {
      const runs: RunSummary[] = [];
      for (const report of loaded.settings.reports) {
        io.stdout(`実行中: ${report.name} …\n`);
        runs.push(await engine.value.run({ kind: 'report', reportId: report.id }, 'manual'));
      }
      io.stdout(`\n${resultTable(runs, engine.value.history, root)}\n${summaryLines(runs, engine.value.history)}`);
      const imported = sandbox.imports().filter((i) => i.processStatus === 'complete').length;
      io.stdout(`サンドボックスが受け取った取込: ${sandbox.imports().length}件（完了 ${imported}件）、顧客 ${sandbox.customers().length}件\n`);
      const code = exitCodeFor(runs);
      io.stdout(code === 0 ? '\nデモ成功: すべての取込が完了しました。\n' : '\nデモ失敗: 完了しなかった取込があります。上の表を確認してください。\n');
      if (values.keep) io.stdout(`一時フォルダを残しました: ${work}\n`);
      return code;
    } finally {
      engine.value.close();
    }
  } finally {
    await sandbox.close();
    if (!values.keep) await rm(work, { recursive: true, force: true });
  }
}
