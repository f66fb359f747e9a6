// A labelled <select> (曜日, 日, 時間): long option lists read better as a drop-down than as radios.
import type { HelpKey } from '../../form/help-texts';
import { FieldError } from './field-error';
import { describedBy, errorId, fieldId, helpId } from './field-ids';
import { HelpButton, HelpText, useHelpOpen } from './help-text';

export interface SelectFieldProps {
  readonly path: string;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly help?: HelpKey;
}

export function SelectField(p: SelectFieldProps) {
  const id = fieldId(p.path);
  const help = useHelpOpen();
  return (
    <div className={`field select${p.error === undefined ? '' : ' has-error'}`}>
      <div className="label-row">
        <label htmlFor={id}>{p.label}</label>
        {p.help === undefined ? null : <HelpButton helpId={helpId(p.path)} label={p.label} open={help.open} onToggle={help.toggle} />}
      </div>
      <select
        id={id}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={p.error !== undefined}
        aria-describedby={p.help !== undefined ? describedBy(p.path, p.error !== undefined) : p.error !== undefined ? errorId(p.path) : undefined}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError path={p.path} message={p.error} />
      {p.help === undefined ? null : <HelpText id={helpId(p.path)} help={p.help} open={help.open} />}
    </div>
  );
}
