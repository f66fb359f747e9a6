// Reads a settings file for the CLI and applies the command-line overrides (--base-url, --token,
// --root). A plain-http loopback URL (the sandbox) is accepted only when it came from --base-url.
import { readFile } from 'node:fs/promises';
import { parseSettings, assignIds } from '../../shared/settings/parse';
import type { Settings } from '../../shared/settings/schema';

export interface ConfigOverrides {
  readonly baseUrl?: string | undefined;
  readonly token?: string | undefined;
  readonly root?: string | undefined;
}

export type LoadedConfig = { readonly ok: true; readonly settings: Settings; readonly token: string } | { readonly ok: false; readonly errors: readonly string[] };

export async function loadConfig(file: string, overrides: ConfigOverrides, env: Readonly<Record<string, string | undefined>>): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`設定ファイルを読めません: ${file}（${(e as NodeJS.ErrnoException).code ?? String(e)}）`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [`設定ファイルがJSONとして読めません: ${file}（${e instanceof Error ? e.message : String(e)}）`] };
  }
  return settingsFromRaw(raw, overrides, env);
}

export function settingsFromRaw(raw: unknown, overrides: ConfigOverrides, env: Readonly<Record<string, string | undefined>>): LoadedConfig {
  if (typeof raw !== 'object' || raw === null) return { ok: false, errors: ['設定ファイルの中身がJSONのオブジェクトではありません。'] };
  const r = raw as Record<string, unknown>;
  const meisai = { ...(typeof r.meisai === 'object' && r.meisai !== null ? (r.meisai as Record<string, unknown>) : {}) };
  const agent = { ...(typeof r.agent === 'object' && r.agent !== null ? (r.agent as Record<string, unknown>) : {}) };
  if (overrides.baseUrl !== undefined) meisai.url = overrides.baseUrl;
  if (overrides.root !== undefined) agent.root = overrides.root;
  const patched = { ...r, meisai, agent };
  const parsed = parseSettings(patched, { allowLoopbackUrl: overrides.baseUrl !== undefined });
  if (!parsed.ok) return { ok: false, errors: parsed.error.map((e) => `${e.path}: ${e.message}`) };
  // Report settings without an `id` get `report-<n>` (their 1-based position): stable as long as
  // the file keeps its order, which is what a hand-written file can promise. History and the
  // 同一内容 check key on this id.
  let n = 0;
  const settings = assignIds(
    { ...parsed.value, reports: parsed.value.reports.map((rep, i) => (rep.id === undefined ? { ...rep, id: `report-${i + 1}` } : rep)) },
    () => `cli-${++n}`,
  );
  const token = overrides.token ?? env.MEISAI_API_TOKEN?.trim() ?? settings.meisai.apiToken ?? '';
  if (token === '') {
    return { ok: false, errors: ['APIトークンがありません。設定ファイルの meisai.apiToken、環境変数 MEISAI_API_TOKEN、または --token で指定してください。'] };
  }
  return { ok: true, settings, token };
}
