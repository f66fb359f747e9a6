// A two-way choice stored as a boolean (利用中の上書き, 空白での上書き, 承認フラグ): radios in the
// manual's words, 「いいえ」 side first as the manual lists it.
import type { ReactNode } from 'react';
import type { HelpKey } from '../../form/help-texts';
import { ChoiceField } from './choice-field';

export function YesNoField(p: {
  readonly path: string;
  readonly label: string;
  readonly help: HelpKey;
  readonly no: string;
  readonly yes: string;
  readonly value: boolean;
  readonly onChange: (value: boolean) => void;
  readonly error?: string | undefined;
  readonly children?: ReactNode;
}) {
  return (
    <ChoiceField<'yes' | 'no'>
      path={p.path}
      label={p.label}
      help={p.help}
      choices={[
        { value: 'no', label: p.no },
        { value: 'yes', label: p.yes },
      ]}
      value={p.value ? 'yes' : 'no'}
      onChange={(v) => p.onChange(v === 'yes')}
      error={p.error}
    >
      {p.children}
    </ChoiceField>
  );
}
