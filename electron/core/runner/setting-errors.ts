// When 楽楽明細 refuses an import because of a value from the settings — 取込設定ID, 帳票種別ID or
// 承認フローID — the CSV is fine and the setting is wrong. Said that way (naming the setting as the
// settings screen does, the field and the value), the file is left where it is (not moved to エラー),
// and the clerk is sent to Step 3 / Step 4. Pure: a table test beside it.
//
// [assumed] How the API names the field: `errors[].description[].name` holds the request field
// (`reportTypeId`…), as the API page describes for `name`/`value` and as the sandbox answers.
import type { FileProblem } from '../../../shared/run';
import type { SettingRef } from './setting-refs';

interface SettingField {
  /** The label on the settings screen (the manual's word). */
  readonly label: string;
  readonly value: (ref: SettingRef) => number | null;
}

const CUSTOMER_FIELDS: Record<string, SettingField> = {
  settingId: { label: '取込設定ID', value: (ref) => (ref.kind === 'customers' ? ref.setting.settingId : null) },
};

const REPORT_FIELDS: Record<string, SettingField> = {
  reportTypeId: { label: '帳票種別ID', value: (ref) => (ref.kind === 'report' ? ref.setting.reportTypeId : null) },
  approvalFlowId: { label: '承認フローID', value: (ref) => (ref.kind === 'report' ? ref.setting.approvalFlowId : null) },
};

export interface SettingRefusal {
  /** 「帳票データ連携設定1 請求書 の 帳票種別ID（99）が楽楽明細にありません」 */
  readonly message: string;
  /** What to do, with the Step to open. */
  readonly whatToDo: string;
}

/** The first problem that is about a setting's value, said for the clerk; null when none is. */
export function settingRefusal(ref: SettingRef, problems: readonly FileProblem[]): SettingRefusal | null {
  const fields = ref.kind === 'customers' ? CUSTOMER_FIELDS : REPORT_FIELDS;
  for (const p of problems) {
    const field = p.column !== undefined ? fields[p.column] : undefined;
    if (field === undefined) continue;
    const value = field.value(ref);
    const shown = value === null ? '未指定' : String(value);
    const missing = /存在しません|ありません|見つかりません|not\s*found/i.test(p.message);
    const message = missing
      ? `${ref.label} の ${field.label}（${shown}）が楽楽明細にありません`
      : `${ref.label} の ${field.label}（${shown}）を楽楽明細が受け付けませんでした（${p.message}）`;
    const step = ref.kind === 'customers' ? 'Step3「顧客データ連携設定」' : `Step4「${ref.label}」`;
    return {
      message,
      whatToDo: `設定画面の${step}で${field.label}を、楽楽明細の画面で確認した値に直してください。ファイルは元のフォルダに残してあり、設定を直すと次回の実行で送信します。`,
    };
  }
  return null;
}
