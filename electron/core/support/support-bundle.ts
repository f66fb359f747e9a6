// 「サポート用情報を保存」: one zip a clerk can mail to support, gathered the same way by the tray app
// and by `meisai-connector support-bundle`. It holds what support asks for on the phone — the
// settings (never the token), versions and OS, the last 30 days of the history as the window's CSV,
// what waits in the folders with its verdict, the data folders' listing, the last logs — and every
// text in it passes the log redactor with the token registered, so the zip can go by mail.
import { readdir, readFile, stat } from 'node:fs/promises';
import { arch, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { formatLocal, type TimeZoneOption } from '../../../shared/local-time';
import type { WaitingFiles } from '../../../shared/run';
import { AGENT_LOG_FILE } from '../logging/agent-log';
import { createRedactor, MASK } from '../logging/log-redaction';
import type { DataPaths } from '../settings/data-paths';
import { listFolders } from './folder-listing';
import { writeZip, type ZipEntry } from './zip-writer';

/** Days of history in the bundle. */
export const HISTORY_DAYS = 30;
/** The newest log lines, at most this many bytes over the current and rotated files. */
const LOG_BUDGET_BYTES = 8 * 1024 * 1024;

export const BUNDLE_ENTRIES = {
  readme: 'README.txt',
  about: 'about.json',
  settings: 'settings.json',
  history: `history-last-${HISTORY_DAYS}-days.csv`,
  waiting: 'waiting-files.json',
  folders: 'data-folders.txt',
  logs: 'logs/',
} as const;

export interface SupportSources {
  /** Which face made it: トレイアプリ or CLI. */
  readonly face: string;
  readonly appVersion: string;
  /** process.versions (node, electron, chrome, v8…). */
  readonly runtime: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly paths: DataPaths;
  /** The settings in force (the token is removed whatever the object holds), or null with why. */
  readonly settings: unknown;
  readonly settingsNote: string | null;
  /** The history's CSV export, or null with why (no history yet, unreadable). */
  readonly historyCsv: ((filter: { readonly from: string; readonly to: string }) => string) | null;
  readonly historyNote: string | null;
  readonly waiting: readonly WaitingFiles[] | null;
  readonly waitingNote: string | null;
  /** Every secret this process knows: the token in force, MEISAI_API_TOKEN, a settings file's token. */
  readonly secrets: readonly (string | null | undefined)[];
  readonly now: Date;
  readonly time?: TimeZoneOption;
}

const README = (s: SupportSources, entries: readonly string[]) => `明細コネクタ サポート用情報

作成日時: ${formatLocal(s.now, 'date-time-seconds', s.time ?? {})}（${s.face}、バージョン ${s.appVersion}）

このファイルには、問い合わせの調査に必要な次の情報が入っています。
APIトークンは含まれていません（設定・履歴・ログのどこに現れても「${MASK}」に置き換えています）。

  ${BUNDLE_ENTRIES.about}        バージョン、OS、データの保存場所
  ${BUNDLE_ENTRIES.settings}     連携設定（APIトークンを除く）
  ${BUNDLE_ENTRIES.history}  直近${HISTORY_DAYS}日の実行履歴（実行履歴画面のCSV出力と同じ形式）
  ${BUNDLE_ENTRIES.waiting}   待機中のファイルと送信前の確認結果
  ${BUNDLE_ENTRIES.folders}    データフォルダのファイル一覧（名前・サイズ・更新日時）
  logs/              直近のログ

収録ファイル: ${entries.join(', ')}
`;

/** The settings without any token, whatever shape they came in. */
function withoutToken(settings: unknown): unknown {
  if (typeof settings !== 'object' || settings === null) return settings;
  if (Array.isArray(settings)) return settings.map(withoutToken);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) copy[key] = /token/i.test(key) ? '（含めていません）' : withoutToken(value);
  return copy;
}

/** Current log first, then .1, .2…: the newest lines within the budget, each file cut at a line start. */
async function lastLogs(logDir: string, budget: number): Promise<{ name: string; text: string }[]> {
  const names = (await readdir(logDir).catch(() => [] as string[]))
    .filter((n) => n === AGENT_LOG_FILE || n.startsWith(`${AGENT_LOG_FILE}.`))
    .sort((a, b) => rotation(a) - rotation(b));
  const out: { name: string; text: string }[] = [];
  let left = budget;
  for (const name of names) {
    if (left <= 0) break;
    const path = join(logDir, name);
    const size = (await stat(path).catch(() => null))?.size ?? 0;
    if (size === 0) continue;
    let text = (await readFile(path)).toString('utf8');
    if (Buffer.byteLength(text) > left) {
      const tail = Buffer.from(text).subarray(-left).toString('utf8');
      const start = tail.indexOf('\n');
      text = `…(古い行は省略)\n${start >= 0 ? tail.slice(start + 1) : tail}`;
    }
    left -= Buffer.byteLength(text);
    out.push({ name, text });
  }
  return out;
}

function rotation(name: string): number {
  const m = /\.(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}

/** The bundle's entries, every text redacted. */
export async function supportBundleEntries(s: SupportSources): Promise<ZipEntry[]> {
  const redactor = createRedactor();
  for (const secret of s.secrets) redactor.registerSecret(secret);
  const text = (t: string) => Buffer.from(redactor.text(t), 'utf8');
  const json = (v: unknown) => text(`${JSON.stringify(redactor.value(v), null, 2)}\n`);
  const time = s.time ?? {};

  const entries: ZipEntry[] = [];
  entries.push({
    name: BUNDLE_ENTRIES.about,
    data: json({
      createdAt: s.now.toISOString(),
      createdLocal: formatLocal(s.now, 'date-time-seconds', time),
      face: s.face,
      app: s.appVersion,
      runtime: s.runtime,
      os: { platform: s.platform, type: osType(), release: release(), arch: arch(), memoryMb: Math.round(totalmem() / 2 ** 20) },
      timeZone: time.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      folders: { config: s.paths.configDir, state: s.paths.dataDir, logs: s.paths.logDir, history: s.paths.historyDb, staging: s.paths.stagingDir },
    }),
  });
  entries.push({ name: BUNDLE_ENTRIES.settings, data: json(s.settings === null ? { note: s.settingsNote ?? '設定はまだ保存されていません。' } : withoutToken(s.settings)) });

  const to = formatLocal(s.now, 'date', time);
  const from = formatLocal(new Date(s.now.getTime() - HISTORY_DAYS * 86_400_000), 'date', time);
  let historyText: string;
  try {
    historyText = s.historyCsv === null ? `${s.historyNote ?? '実行履歴はまだありません。'}\r\n` : s.historyCsv({ from, to });
  } catch (e) {
    historyText = `実行履歴を読めませんでした: ${e instanceof Error ? e.message : String(e)}\r\n`;
  }
  entries.push({ name: BUNDLE_ENTRIES.history, data: text(historyText) });
  entries.push({ name: BUNDLE_ENTRIES.waiting, data: json(s.waiting ?? { note: s.waitingNote ?? '設定がないため、待機中のファイルはありません。' }) });
  entries.push({
    name: BUNDLE_ENTRIES.folders,
    data: text(
      await listFolders([
        { label: '設定フォルダ', path: s.paths.configDir },
        { label: 'データフォルダ', path: s.paths.dataDir },
        { label: 'ログフォルダ', path: s.paths.logDir },
      ]),
    ),
  });
  for (const log of await lastLogs(s.paths.logDir, LOG_BUDGET_BYTES)) entries.push({ name: `${BUNDLE_ENTRIES.logs}${log.name}`, data: text(log.text) });
  entries.unshift({ name: BUNDLE_ENTRIES.readme, data: text(README(s, [BUNDLE_ENTRIES.readme, ...entries.map((e) => e.name)])) });
  return entries;
}

/** The suggested file name: 明細コネクタ_サポート用情報_20261130-0905.zip */
export function supportBundleFileName(now: Date, time: TimeZoneOption = {}): string {
  const stamp = formatLocal(now, 'date-time', time).replace(/[-:]/g, '').replace(' ', '-');
  return `明細コネクタ_サポート用情報_${stamp}.zip`;
}

/** Gathers and writes the zip; resolves with the number of entries. */
export async function saveSupportBundle(s: SupportSources, file: string): Promise<{ readonly file: string; readonly entries: number }> {
  const entries = await supportBundleEntries(s);
  return { file, entries: await writeZip(entries, file, s.now) };
}
