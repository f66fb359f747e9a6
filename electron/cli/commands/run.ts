// `meisai-connector run --config FILE`: runs report settings (customers first) or customer data
// alone, once, in the foreground, and exits 0 only when everything sent was imported.
import type { RunSummary, RunTarget } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import { createConsoleLogger, openAgentLog } from '../../core/logging';
import { systemClock } from '../../core/ports/clock';
import type { CliIo } from '../cli-io';
import { openEngine } from '../engine';
import { loadCommandConfig } from '../command-config';
import { exitCodeFor, resultTable, runsAsJson, summaryLines } from '../run-report';
import { parseCommandArgs } from '../command-args';

export const RUN_HELP = `使い方: meisai-connector run --config 設定ファイル [オプション]

設定ファイルの帳票データ連携設定を実行します（顧客データを先に送り、取込完了を待ってから帳票データを送ります）。

  --config FILE          設定ファイル（JSON）
  --setting 名前|番号    この帳票データ連携設定だけを実行（帳票名、または1から始まる番号）
  --customers-only       顧客データだけを送る
  --json                 結果をJSONで出力
  --base-url URL         「楽楽明細」URLを上書き（http://127.0.0.1:PORT/<account>/ のサンドボックスも可）
  --token T              APIトークン（環境変数 MEISAI_API_TOKEN でも可）
  --root DIR             ファイルの配置場所を上書き
  --data-dir DIR         実行履歴・ログ・作業用コピーの保存先

終了コード: 送信したものがすべて取り込まれた（または対象なし）とき 0、それ以外は 1、引数の誤りは 2。
`;

/** `--setting`: a 帳票名, or a 1-based position in the file. */
export function pickTargets(settings: Settings, setting: string | undefined, customersOnly: boolean): { targets: RunTarget[] } | { error: string } {
  if (customersOnly) return { targets: [{ kind: 'customers' }] };
  if (setting === undefined) {
    const active = settings.reports.filter((r) => r.timing.mode !== 'none');
    if (active.length === 0) return { error: '実行できる帳票データ連携設定がありません（連携タイミングが「連携しない」以外の設定がありません）。' };
    return { targets: active.map((r) => ({ kind: 'report', reportId: r.id })) };
  }
  const byName = settings.reports.find((r) => r.name === setting);
  if (byName) return { targets: [{ kind: 'report', reportId: byName.id }] };
  if (/^[0-9]+$/.test(setting)) {
    const byNumber = settings.reports[Number(setting) - 1];
    if (byNumber) return { targets: [{ kind: 'report', reportId: byNumber.id }] };
  }
  const names = settings.reports.map((r, i) => `${i + 1}: ${r.name}`).join('、');
  return { error: `帳票データ連携設定「${setting}」が見つかりません。名前か番号で指定してください（${names || '設定なし'}）。` };
}

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    config: { type: 'string' },
    setting: { type: 'string' },
    'customers-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'base-url': { type: 'string' },
    token: { type: 'string' },
    root: { type: 'string' },
    'data-dir': { type: 'string' },
  }, RUN_HELP, io);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const loaded = await loadCommandConfig(values, io, RUN_HELP);
  if ('exit' in loaded) return loaded.exit;
  const picked = pickTargets(loaded.settings, values.setting, values['customers-only']);
  if ('error' in picked) {
    io.stderr(`${picked.error}\n`);
    return 2;
  }
  const { paths, redactor } = loaded;
  const console = createConsoleLogger({ level: 'warn', stream: { write: (t: string) => io.stderr(t) }, redactor });
  // The same rotating log file the tray app writes, so support sees CLI runs too; warnings also on stderr.
  const logger = openAgentLog({ logDir: paths.logDir, clock: systemClock, level: 'info', alsoTo: console, redactor });
  const engine = openEngine({ settings: loaded.settings, token: loaded.token, paths, logger });
  if (!engine.ok) {
    io.stderr(`${engine.error.message}\n`);
    logger.close();
    return 1;
  }
  try {
    const resumed = await engine.value.runner.resume();
    if (resumed.resumed > 0 && !values.json) io.stdout(`前回中断した ${resumed.resumed} 件を再開しました（要確認 ${resumed.held} 件）。\n`);
    const runs: RunSummary[] = [];
    for (const target of picked.targets) runs.push(await engine.value.run(target, 'manual'));
    if (values.json) io.stdout(`${JSON.stringify(runsAsJson(runs, engine.value.db.reader), null, 2)}\n`);
    else io.stdout(`${resultTable(runs, engine.value.db.reader, loaded.settings.agent.root)}\n${summaryLines(runs, engine.value.db.reader)}`);
    return exitCodeFor(runs);
  } finally {
    engine.value.close();
    logger.close();
  }
}
