// A field's error, beside the field. Tied to its input by aria-describedby (read with the field);
// not an alert of its own, since the error summary announces them all at once after a save.
import { errorId } from './field-ids';

export function FieldError({ path, message }: { readonly path: string; readonly message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="field-error" id={errorId(path)} data-error-for={path}>
      {message}
    </p>
  );
}
