// A field's error, beside the field, announced to screen readers.
import { errorId } from './field-ids';

export function FieldError({ path, message }: { readonly path: string; readonly message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="field-error" id={errorId(path)} data-error-for={path} role="alert">
      {message}
    </p>
  );
}
