// A group of radio buttons under a legend (fieldset), for the manual's two- or three-way choices
// (利用中の上書き, ファイル1行目, 承認フラグ …). Arrow keys move between the options natively.
import type { ReactNode } from 'react';
import type { HelpKey } from '../../form/help-texts';
import { FieldError } from './field-error';
import { describedBy, fieldId, helpId } from './field-ids';
import { HelpButton, HelpText, useHelpOpen } from './help-text';

export interface Choice<T extends string | number> {
  readonly value: T;
  readonly label: string;
}

export interface ChoiceFieldProps<T extends string | number> {
  readonly path: string;
  readonly label: string;
  readonly help?: HelpKey;
  readonly choices: readonly Choice<T>[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  readonly error?: string | undefined;
  readonly children?: ReactNode;
}

export function ChoiceField<T extends string | number>(p: ChoiceFieldProps<T>) {
  const id = fieldId(p.path);
  const help = useHelpOpen();
  return (
    <fieldset
      className={`field choice${p.error === undefined ? '' : ' has-error'}`}
      id={id}
      aria-describedby={p.help === undefined ? undefined : describedBy(p.path, p.error !== undefined)}
    >
      <legend>{p.label}</legend>
      {p.help === undefined ? null : <HelpButton helpId={helpId(p.path)} label={p.label} open={help.open} onToggle={help.toggle} />}
      {p.help === undefined ? null : <HelpText id={helpId(p.path)} help={p.help} open={help.open} />}
      <div className="choices">
        {p.choices.map((c) => {
          const optionId = `${id}-${String(c.value)}`;
          return (
            <span className="choice-option" key={String(c.value)}>
              <input
                type="radio"
                id={optionId}
                name={id}
                checked={c.value === p.value}
                onChange={() => p.onChange(c.value)}
              />
              <label htmlFor={optionId}>{c.label}</label>
            </span>
          );
        })}
      </div>
      {p.children}
      <FieldError path={p.path} message={p.error} />
    </fieldset>
  );
}
