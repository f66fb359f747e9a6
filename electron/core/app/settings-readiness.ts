// When the settings are complete enough for the agent to do its job — a 「楽楽明細」URL, a token,
// ファイルの配置場所, and at least one 帳票データ連携設定 that is not 「連携しない」 — the tray app
// starts the agent by itself: at launch, and after the save that completes them. Pure.
import type { Settings } from '../../../shared/settings/schema';

export type Readiness = { readonly complete: true } | { readonly complete: false; readonly missing: readonly string[] };

export function settingsReadiness(settings: Settings | null, tokenSaved: boolean): Readiness {
  if (settings === null) return { complete: false, missing: ['設定'] };
  const missing: string[] = [];
  if (settings.meisai.url.trim() === '') missing.push('「楽楽明細」URL');
  if (!tokenSaved) missing.push('APIトークン');
  if (settings.agent.root.trim() === '') missing.push('ファイルの配置場所');
  if (!settings.reports.some((r) => r.timing.mode !== 'none')) missing.push('連携する帳票データ連携設定');
  return missing.length === 0 ? { complete: true } : { complete: false, missing };
}
