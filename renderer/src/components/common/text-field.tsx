// A labelled text input with its help text and error. The label's htmlFor and the input's id come
// from the schema path, so errors from the shared schema land exactly here. Number and ID fields
// pass `normalize`: full-width digits and spaces typed with a Japanese IME (１４) become 14 when
// the clerk leaves the field.
import type { ReactNode } from 'react';
import { normalizeNumberText } from '../../form/clerk-format';
import type { HelpKey } from '../../form/help-texts';
import { FieldError } from './field-error';
import { describedBy, fieldId, helpId } from './field-ids';
import { HelpButton, HelpText, useHelpOpen } from './help-text';

export interface TextFieldProps {
  readonly path: string;
  readonly label: string;
  readonly help: HelpKey;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
  readonly required?: boolean;
  /** An example, shown as one: 「例: 14」. */
  readonly placeholder?: string;
  readonly inputMode?: 'text' | 'numeric' | 'url';
  readonly readOnly?: boolean;
  readonly type?: 'text' | 'password';
  readonly autoComplete?: string;
  /** Applied when the clerk leaves the field (half-width digits, no surrounding spaces). */
  readonly normalize?: (value: string) => string;
  /** Shown under the input (e.g. the normalised URL), referenced by aria-describedby. */
  readonly hint?: ReactNode;
  /** Sits beside the input (e.g. a folder picker button). */
  readonly after?: ReactNode;
}

export function TextField(p: TextFieldProps) {
  const id = fieldId(p.path);
  const hintId = p.hint === undefined ? undefined : `${id}-hint`;
  const help = useHelpOpen();
  return (
    <div className={`field${p.error === undefined ? '' : ' has-error'}`}>
      <div className="label-row">
        <label htmlFor={id}>
          {p.label}
          {p.readOnly ? null : p.required ? <span className="required">必須</span> : <span className="optional">任意</span>}
        </label>
        <HelpButton helpId={helpId(p.path)} label={p.label} open={help.open} onToggle={help.toggle} />
      </div>
      <div className="input-row">
        <input
          id={id}
          type={p.type ?? 'text'}
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
          onBlur={(e) => {
            const normalized = p.normalize?.(e.target.value);
            if (normalized !== undefined && normalized !== e.target.value) p.onChange(normalized);
          }}
          aria-invalid={p.error !== undefined}
          aria-describedby={describedBy(p.path, p.error !== undefined, hintId)}
          placeholder={p.placeholder}
          inputMode={p.inputMode}
          readOnly={p.readOnly}
          autoComplete={p.autoComplete ?? 'off'}
          spellCheck={false}
        />
        {p.after}
      </div>
      <HelpText id={helpId(p.path)} help={p.help} open={help.open} />
      {p.hint === undefined ? null : (
        <div className="hint" id={hintId}>
          {p.hint}
        </div>
      )}
      <FieldError path={p.path} message={p.error} />
    </div>
  );
}

/** A number or ID the manual asks for (取込設定ID, 帳票種別ID, 承認フローID): digits, half-width. */
export function IdField(p: Omit<TextFieldProps, 'inputMode' | 'normalize'>) {
  return <TextField {...p} inputMode="numeric" normalize={normalizeNumberText} />;
}
