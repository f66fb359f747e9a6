// `meisai-connector run --config FILE`: runs report settings (customers first) or customer data
// alone, once, in the foreground, and exits 0 only when everything sent was imported.
import type { RunSummary, RunTarget } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import { systemClock } from '../../core/ports/clock';
import type { CliIo } from '../cli-io';
import { CONFIG_HELP, CONFIG_OPTIONS, loadCommandConfig, openCommandEngine, openCommandLog } from '../command-config';
import { historyLossText } from '../history-loss-text';
import { resendDue, stillWaiting } from '../resend-waiting';
import { exitCodeFor, resultTable, RETRY_WAIT_LINE, runsAsJson, summaryLines } from '../run-report';
import { parseCommandArgs } from '../command-args';

export const RUN_HELP = `使い方: meisai-connector run --config 設定ファイル [オプション]

設定ファイルの帳票データ連携設定を実行します（顧客データを先に送り、取込完了を待ってから帳票データを送ります）。

  --setting 名前|番号    この帳票データ連携設定だけを実行（帳票名、または1から始まる番号）
  --force                連携タイミングが「連携しない」の設定でも --setting で指定したものは実行する
  --customers-only       顧客データだけを送る
  --json                 結果をJSONで出力
${CONFIG_HELP}

プロキシは設定ファイルの agent.proxyUrl、なければ環境変数 HTTPS_PROXY / NO_PROXY に従います。
社内の証明書は環境変数 NODE_EXTRA_CA_CERTS（PEMファイル）で追加できます。

楽楽明細に届かなかったファイル（メンテナンスなど）は「再送待ち」として「処理中」フォルダで待ちます。run は
後から再送しません（トレイのアプリか agent が自動で再送します）。次に run を実行したとき、再送の時刻が
来ているものは先に送ります。

終了コード: 送信したものがすべて取り込まれた（または対象なし）とき 0、再送待ちが残るときやそれ以外は 1、引数の誤りは 2。
`;

/**
 * `--setting`: a 帳票名, or a 1-based position in the file. A setting marked 連携しない is not run
 * unless `force`: the clerk switched it off on purpose.
 */
export function pickTargets(settings: Settings, setting: string | undefined, customersOnly: boolean, force = false): { targets: RunTarget[] } | { error: string } {
  if (customersOnly) return { targets: [{ kind: 'customers' }] };
  if (setting === undefined) {
    const active = settings.reports.filter((r) => r.timing.mode !== 'none');
    if (active.length === 0) return { error: '実行できる帳票データ連携設定がありません（連携タイミングが「連携しない」以外の設定がありません）。' };
    return { targets: active.map((r) => ({ kind: 'report', reportId: r.id })) };
  }
  const byName = settings.reports.find((r) => r.name === setting);
  const byNumber = /^[0-9]+$/.test(setting) ? settings.reports[Number(setting) - 1] : undefined;
  const chosen = byName ?? byNumber;
  if (chosen) {
    if (chosen.timing.mode === 'none' && !force) {
      const n = settings.reports.indexOf(chosen) + 1;
      return { error: `帳票データ連携設定${n}「${chosen.name}」は連携タイミングが「連携しない」のため実行しませんでした。それでも送る場合は --force を付けてください。` };
    }
    return { targets: [{ kind: 'report', reportId: chosen.id }] };
  }
  const names = settings.reports.map((r, i) => `${i + 1}: ${r.name}`).join('、');
  return { error: `帳票データ連携設定「${setting}」が見つかりません。名前か番号で指定してください（${names || '設定なし'}）。` };
}

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    ...CONFIG_OPTIONS,
    setting: { type: 'string' },
    force: { type: 'boolean', default: false },
    'customers-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  }, RUN_HELP, io);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const loaded = await loadCommandConfig(values, io, RUN_HELP);
  if ('exit' in loaded) return loaded.exit;
  const picked = pickTargets(loaded.settings, values.setting, values['customers-only'], values.force);
  if ('error' in picked) {
    io.stderr(`${picked.error}\n`);
    return 2;
  }
  // Warnings also on stderr; the whole story in agent.log.
  const logger = openCommandLog(loaded, io, { file: 'info', terminal: 'warn' }, systemClock);
  const engine = openCommandEngine(loaded, 'meisai-connector run', logger, systemClock);
  if (!engine.ok) {
    io.stderr(`${engine.error.message}\n`);
    logger.close();
    return 1;
  }
  try {
    const loss = engine.value.historyLoss();
    if (loss !== null) io.stderr(historyLossText(loss));
    const resumed = await engine.value.runner.resume();
    if (resumed.resumed > 0 && !values.json) io.stdout(`前回中断した ${resumed.resumed} 件を再開しました（要確認 ${resumed.held} 件）。\n`);
    // 再送待ち from earlier runs whose time has come go first (no agent may ever run here).
    const runs: RunSummary[] = await resendDue(engine.value, picked.targets, new Date());
    for (const target of picked.targets) runs.push(await engine.value.run(target, 'manual'));
    const waiting = stillWaiting(engine.value.history, picked.targets);
    // Texts in the history came from the server too (its messages): printed through the redactor, with
    // the token registered, whatever a server may have echoed.
    const { redactor } = loaded;
    if (values.json) io.stdout(`${JSON.stringify(redactor.value(runsAsJson(runs, engine.value.history)), null, 2)}\n`);
    else io.stdout(redactor.text(`${resultTable(runs, engine.value.history, loaded.settings.agent.root)}\n${summaryLines(runs, engine.value.history)}${waiting > 0 ? `${RETRY_WAIT_LINE}\n` : ''}`));
    return waiting > 0 ? 1 : exitCodeFor(runs);
  } finally {
    engine.value.close();
    logger.close();
  }
}
