// `meisai-connector support-bundle`: the same zip as the tray's 「サポート用情報を保存」, for a server
// or a PC where IT works from the command line. It only reads: the data folder in force (never
// moving it), the settings file, the history, the folders waiting to be sent.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WaitingFiles } from '../../../shared/run';
import { openHistoryDatabase } from '../../core/history';
import { systemClock } from '../../core/ports/clock';
import { silentLogger } from '../../core/ports/logger';
import { saveSupportBundle, supportBundleFileName } from '../../core/support/support-bundle';
import { judgedWaitingFiles } from '../../core/support/waiting-verdicts';
import type { CliIo } from '../cli-io';
import { parseCommandArgs } from '../command-args';
import { commandDataPaths } from '../data-folders';
import { loadConfig } from '../load-config';
import { readSettingsJson } from '../../core/settings/settings-file';

const tokenOf = (raw: unknown): string | null => {
  const meisai = typeof raw === 'object' && raw !== null ? (raw as { meisai?: unknown }).meisai : null;
  const token = typeof meisai === 'object' && meisai !== null ? (meisai as { apiToken?: unknown }).apiToken : null;
  return typeof token === 'string' ? token : null;
};

export const SUPPORT_BUNDLE_HELP = `使い方: meisai-connector support-bundle [--out FILE] [--config FILE] [--data-dir DIR]

サポートへ送る情報を1つのZIPファイルにまとめます（何も送信しません）。
内容: 設定（APIトークンを除く）、バージョンとOS、直近30日の実行履歴（CSV）、待機中のファイルの確認結果、
データフォルダのファイル一覧、直近のログ。APIトークンはどこに現れても伏せ字にします。

  --out FILE       保存先（省略時は現在のフォルダに 明細コネクタ_サポート用情報_<日時>.zip）
  --config FILE    設定ファイル（省略時はトレイアプリの settings.json があればそれ）
  --data-dir DIR   実行履歴・ログの保存先（省略時は既定の場所、環境変数 MEISAI_DATA_DIR）
`;

/** This package's version, from the package.json above this module (sources or out/cli alike). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'meisai-connector' && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // not ours
      }
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

export async function supportBundleCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { out: { type: 'string' }, config: { type: 'string' }, 'data-dir': { type: 'string' } }, SUPPORT_BUNDLE_HELP, io);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const now = systemClock.now();
  const paths = commandDataPaths(values['data-dir'], io, { move: false });

  const configFile = values.config ? resolve(io.cwd, values.config) : existsSync(paths.settingsFile) ? paths.settingsFile : null;
  const loaded = configFile === null ? null : loadConfig(configFile, {});
  const settings = loaded?.ok ? loaded.settings : null;
  const settingsNote = configFile === null ? '設定ファイルがありません。' : loaded && !loaded.ok ? `設定ファイル（${configFile}）に誤りがあります: ${loaded.errors.join(' / ')}` : null;
  // A file that does not validate is what support most needs to see: as written (the token removed).
  const raw = configFile !== null && settings === null ? readSettingsJson(configFile) : null;

  const waiting: WaitingFiles[] | null = settings === null ? null : await judgedWaitingFiles(settings, now);

  const history = existsSync(paths.historyDb) ? openHistoryDatabase(paths.historyDb, { logger: silentLogger, clock: systemClock }) : null;
  const out = values.out ? resolve(io.cwd, values.out) : join(io.cwd, supportBundleFileName(now));
  try {
    const saved = await saveSupportBundle(
      {
        face: 'CLI',
        appVersion: packageVersion(),
        runtime: process.versions,
        platform: process.platform,
        paths,
        settings: settings ?? (raw?.ok && raw.value !== null ? { note: settingsNote, asWritten: raw.value } : null),
        settingsNote,
        historyCsv: history?.ok ? (filter) => history.value.reader.exportCsv(filter) : null,
        historyNote: history === null ? `実行履歴はまだありません（${paths.historyDb}）。` : history.ok ? null : history.error.message,
        waiting,
        waitingNote: settingsNote,
        secrets: [io.env.MEISAI_API_TOKEN, loaded?.ok ? loaded.fileToken : null, tokenOf(raw?.ok ? raw.value : null)],
        now,
      },
      out,
    );
    io.stdout(`サポート用情報を保存しました: ${saved.file}（${saved.entries}ファイル。APIトークンは含まれていません）\n`);
    return 0;
  } catch (e) {
    io.stderr(`サポート用情報を保存できませんでした: ${out}\n${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    if (history?.ok) history.value.close();
  }
}
