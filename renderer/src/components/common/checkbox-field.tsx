// An on/off setting (start at login, notifications, polling) with its help text.
import type { HelpKey } from '../../form/help-texts';
import { fieldId, helpId } from './field-ids';
import { HelpButton, HelpText, useHelpOpen } from './help-text';

export interface CheckboxFieldProps {
  readonly path: string;
  readonly label: string;
  readonly help: HelpKey;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}

export function CheckboxField(p: CheckboxFieldProps) {
  const id = fieldId(p.path);
  const help = useHelpOpen();
  return (
    <div className="field checkbox">
      <div className="input-row">
        <input id={id} type="checkbox" checked={p.checked} onChange={(e) => p.onChange(e.target.checked)} aria-describedby={helpId(p.path)} />
        <label htmlFor={id}>{p.label}</label>
        <HelpButton helpId={helpId(p.path)} label={p.label} open={help.open} onToggle={help.toggle} />
      </div>
      <HelpText id={helpId(p.path)} help={p.help} open={help.open} />
    </div>
  );
}
