// ファイル1行目: 読み込まない (the first line is a header) / 読み込む (it is data).
import { LABELS } from '../../../../shared/settings/labels';
import type { HelpKey } from '../../form/help-texts';
import type { FirstLine } from '../../form/settings-draft';
import { ChoiceField } from '../common/choice-field';

const CHOICES = [
  { value: 'skip', label: '読み込まない（1行目は見出し）' },
  { value: 'read', label: '読み込む（1行目からデータ）' },
] as const;

export function FirstLineField(p: { readonly path: string; readonly help: HelpKey; readonly value: FirstLine; readonly onChange: (v: FirstLine) => void; readonly error: string | undefined }) {
  return <ChoiceField<FirstLine> path={p.path} label={LABELS.firstLine} help={p.help} choices={CHOICES} value={p.value} onChange={p.onChange} error={p.error} />;
}
