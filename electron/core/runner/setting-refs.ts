// Which settings a run target covers, and which setting a recorded file belongs to. Pure: the
// settings in force are passed in, so a setting deleted since is answered, not assumed.
import { CUSTOMERS_TARGET_NAME, type RunTarget } from '../../../shared/run';
import type { CustomerSetting, ReportSetting, Settings } from '../../../shared/settings/schema';

/** The history's setting key for customer data (a report setting's key is its id). */
export const CUSTOMERS_KEY = 'customers';

export type SettingRef =
  | { readonly kind: 'customers'; readonly key: string; readonly setting: CustomerSetting; readonly label: string }
  | { readonly kind: 'report'; readonly key: string; readonly setting: ReportSetting; readonly label: string };

/** How the clerk finds a setting on the settings screen: 「顧客データ連携設定」, 「帳票データ連携設定1 請求書」. */
export const CUSTOMERS_SETTING_LABEL = '顧客データ連携設定';
const reportLabel = (settings: Settings, report: ReportSetting): string =>
  `帳票データ連携設定${settings.reports.findIndex((r) => r.id === report.id) + 1} ${report.name}`;

function customersRef(settings: Settings): SettingRef {
  return { kind: 'customers', key: CUSTOMERS_KEY, setting: settings.customers, label: CUSTOMERS_SETTING_LABEL };
}

/** A document setting covers its customers too: they are sent first. */
export function targetRefs(settings: Settings, target: RunTarget): { readonly name: string; readonly refs: readonly SettingRef[] } | { readonly error: string } {
  if (target.kind === 'customers') return { name: CUSTOMERS_TARGET_NAME, refs: [customersRef(settings)] };
  const report = settings.reports.find((r) => r.id === target.reportId);
  if (!report) return { error: `帳票データ連携設定（ID ${target.reportId}）が見つかりません。設定が削除されていないか確認してください。` };
  return { name: report.name, refs: [customersRef(settings), { kind: 'report', key: report.id, setting: report, label: reportLabel(settings, report) }] };
}

export function refForFile(settings: Settings, file: { readonly kind: 'customers' | 'report'; readonly settingKey: string }): SettingRef | null {
  if (file.kind === 'customers') return customersRef(settings);
  const report = settings.reports.find((r) => r.id === file.settingKey);
  return report ? { kind: 'report', key: report.id, setting: report, label: reportLabel(settings, report) } : null;
}

/** The target and name of a run of this one setting (the clerk's runs for one file). */
export function targetOfRef(ref: SettingRef): { readonly target: RunTarget; readonly name: string } {
  return ref.kind === 'customers'
    ? { target: { kind: 'customers' }, name: CUSTOMERS_TARGET_NAME }
    : { target: { kind: 'report', reportId: ref.key }, name: ref.setting.name };
}
