// Reads a settings file for the CLI through the core's settings-file reader (UTF-8 or Shift_JIS,
// broken JSON reported with its line and column) and the one settings parser, and applies the
// command-line overrides (--base-url, --root). A plain-http loopback URL (the sandbox) is accepted
// only when it came from --base-url. The file's meisai.apiToken is handed back unchecked: it is
// checked only if it is the token used (see command-config.ts).
import { assignIds, parseSettings } from '../../shared/settings/parse';
import type { Settings } from '../../shared/settings/schema';
import { readSettingsJson } from '../core/settings/settings-file';
import { withoutFileToken } from '../core/settings/settings-store';

export interface ConfigOverrides {
  readonly baseUrl?: string | undefined;
  readonly root?: string | undefined;
}

export type LoadedConfig =
  | { readonly ok: true; readonly settings: Settings; readonly fileToken: string | null }
  | { readonly ok: false; readonly errors: readonly string[] };

export function loadConfig(file: string, overrides: ConfigOverrides): LoadedConfig {
  const json = readSettingsJson(file);
  if (!json.ok) return { ok: false, errors: [json.error.message] };
  if (json.value === null) return { ok: false, errors: [`設定ファイルが見つかりません: ${file}`] };
  return settingsFromRaw(json.value, overrides);
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function settingsFromRaw(raw: unknown, overrides: ConfigOverrides): LoadedConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, errors: ['設定ファイルの中身がJSONのオブジェクトではありません。'] };
  const fileToken = record(record(raw).meisai).apiToken;
  const r = record(withoutFileToken(raw));
  const meisai = { ...record(r.meisai) };
  const agent = { ...record(r.agent) };
  if (overrides.baseUrl !== undefined) meisai.url = overrides.baseUrl;
  if (overrides.root !== undefined) agent.root = overrides.root;
  const parsed = parseSettings({ ...r, meisai, agent }, { allowLoopbackUrl: overrides.baseUrl !== undefined });
  if (!parsed.ok) return { ok: false, errors: parsed.error.map((e) => `${e.path}: ${e.message}`) };
  // Report settings without an `id` get `report-<n>` (their 1-based position): stable as long as
  // the file keeps its order, which is what a hand-written file can promise. History and the
  // 同一内容 check key on this id.
  let n = 0;
  const settings = assignIds(
    { ...parsed.value, reports: parsed.value.reports.map((rep, i) => (rep.id === undefined ? { ...rep, id: `report-${i + 1}` } : rep)) },
    () => `cli-${++n}`,
  );
  return { ok: true, settings, fileToken: typeof fileToken === 'string' ? fileToken : null };
}
