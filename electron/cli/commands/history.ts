// `meisai-connector history`: the runs recorded in the data folder's history.db, newest first.
import { existsSync } from 'node:fs';
import { OUTCOME_LABELS, TRIGGER_LABELS } from '../../../shared/run';
import { formatLocalIso } from '../../../shared/local-time';
import { openHistoryDatabase } from '../../core/history';
import { systemClock } from '../../core/ports/clock';
import { silentLogger } from '../../core/ports/logger';
import type { CliIo } from '../cli-io';
import { historyLossText } from '../history-loss-text';
import { formatTable } from '../text-table';
import { parseCommandArgs } from '../command-args';
import { commandDataPaths } from '../data-folders';

export const HISTORY_HELP = `使い方: meisai-connector history [--json] [--limit N] [--data-dir DIR] [--confirm-loss]

実行履歴を新しい順に表示します。

  --json           JSONで出力（ファイルごとの状態も含む）
  --limit N        表示する件数（既定 50）
  --data-dir DIR   実行履歴の保存先（省略時は既定の場所、環境変数 MEISAI_DATA_DIR）
  --confirm-loss   実行履歴が失われたことを確認し、止めていた帳票データの送信を再開する
`;

export async function historyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    json: { type: 'boolean', default: false },
    limit: { type: 'string' },
    'data-dir': { type: 'string' },
    'confirm-loss': { type: 'boolean', default: false },
  }, HISTORY_HELP, io);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    io.stderr('--limit は1〜500の整数です。\n');
    return 2;
  }
  const paths = commandDataPaths(values['data-dir'], io, { move: false });
  // Reading must not make an empty history.db where one is missing: the next start would no longer
  // see that the history was lost.
  if (!existsSync(paths.historyDb)) {
    io.stdout(`実行履歴はまだありません（${paths.historyDb}）。\n`);
    return 0;
  }
  const opened = openHistoryDatabase(paths.historyDb, { logger: silentLogger, clock: systemClock });
  if (!opened.ok) {
    io.stderr(`${opened.error.message}\n`);
    return 1;
  }
  try {
    const loss = opened.value.losses.pending();
    if (values['confirm-loss']) {
      const confirmed = opened.value.losses.confirm();
      io.stdout(confirmed.ok ? '確認しました。帳票データの送信を再開します（次回の実行から）。\n' : `${confirmed.error.message}\n`);
      return confirmed.ok ? 0 : 1;
    }
    if (loss !== null && !values.json) io.stderr(historyLossText(loss));
    const page = opened.value.reader.listRuns({ limit });
    if (values.json) {
      const runs = page.runs.map((r) => ({ ...r, files: opened.value.reader.getRun(r.id)?.files ?? [] }));
      io.stdout(`${JSON.stringify({ total: page.total, runs }, null, 2)}\n`);
      return 0;
    }
    if (page.runs.length === 0) {
      io.stdout(`実行履歴はまだありません（${paths.historyDb}）。\n`);
      return 0;
    }
    const rows = page.runs.map((r) => [
      formatLocalIso(r.startedAt, 'excel'),
      r.targetName,
      TRIGGER_LABELS[r.trigger],
      OUTCOME_LABELS[r.outcome],
      String(r.counts.done),
      String(r.counts.failed),
      String(r.counts.attention),
      r.message,
    ]);
    io.stdout(
      formatTable(
        [{ header: '開始' }, { header: '設定' }, { header: '契機' }, { header: '結果' }, { header: '完了', align: 'right' }, { header: 'エラー', align: 'right' }, { header: '要確認', align: 'right' }, { header: 'メッセージ' }],
        rows,
      ),
    );
    io.stdout(`${page.runs.length}件表示（全${page.total}件）\n`);
    return 0;
  } finally {
    opened.value.close();
  }
}
