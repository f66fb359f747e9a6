// One id per settings field, derived from its schema path, so the label, the input, the help text and
// the error beside it are tied together (htmlFor / aria-describedby) and an error summary can link
// to the field.
export const fieldId = (path: string): string => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
export const errorId = (path: string): string => `${fieldId(path)}-error`;
export const helpId = (path: string): string => `${fieldId(path)}-help`;

/** aria-describedby for an input: its help, its error when there is one, and any extra hint. */
export function describedBy(path: string, hasError: boolean, extra?: string): string {
  return [helpId(path), hasError ? errorId(path) : null, extra ?? null].filter((x): x is string => x !== null).join(' ');
}
