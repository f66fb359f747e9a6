// Step3. 顧客データ連携設定: the manual's six fields, with the files that match the prefix right now.
import { LABELS } from '../../../../shared/settings/labels';
import { useSettings } from '../../stores/stores-context';
import { YesNoField } from '../common/yes-no-field';
import { IdField, TextField } from '../common/text-field';
import { FirstLineField } from './first-line-field';
import { MatchingFiles } from './matching-files';

export function Step3Customers() {
  const c = useSettings((s) => s.draft.customers);
  const errors = useSettings((s) => s.errors);
  const update = useSettings((s) => s.update);
  const set = (change: Partial<typeof c>) => update((d) => ({ ...d, customers: { ...d.customers, ...change } }));
  return (
    <section className="step" aria-labelledby="step3-title" id="step3">
      <h2 id="step3-title">Step3. 顧客データ連携設定</h2>
      <IdField
        path="customers.settingId"
        label={LABELS.settingId}
        help="settingId"
        value={c.settingId}
        onChange={(v) => set({ settingId: v })}
        error={errors['customers.settingId']}
        placeholder="例: 1"
        hint={c.settingId.trim() === '' ? <p>未入力のため、取込設定IDの値が最も小さい取込フォーマット設定が適用されます。</p> : undefined}
      />
      <TextField
        path="customers.folder"
        label={LABELS.folder}
        help="customersFolder"
        required
        value={c.folder}
        onChange={(v) => set({ folder: v })}
        error={errors['customers.folder']}
        placeholder="例: clientmaster"
      />
      <TextField
        path="customers.filePrefix"
        label={`${LABELS.filePrefix}（前方一致）`}
        help="customersFilePrefix"
        required
        value={c.filePrefix}
        onChange={(v) => set({ filePrefix: v })}
        error={errors['customers.filePrefix']}
        placeholder="例: clientmaster"
        hint={<MatchingFiles target="customers" folder={c.folder} prefix={c.filePrefix} />}
      />
      <YesNoField
        path="customers.overwriteInUse"
        label={LABELS.overwriteInUse}
        help="overwriteInUse"
        no="上書きしない"
        yes="上書きする"
        value={c.overwriteInUse}
        onChange={(v) => set({ overwriteInUse: v })}
      />
      <YesNoField
        path="customers.overwriteWithBlank"
        label={LABELS.overwriteWithBlank}
        help="overwriteWithBlank"
        no="もとの値を残す"
        yes="空白で上書きする"
        value={c.overwriteWithBlank}
        onChange={(v) => set({ overwriteWithBlank: v })}
      />
      <FirstLineField path="customers.firstLine" help="customersFirstLine" value={c.firstLine} onChange={(v) => set({ firstLine: v })} error={errors['customers.firstLine']} />
    </section>
  );
}
