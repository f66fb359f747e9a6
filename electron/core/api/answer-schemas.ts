// The shapes of 楽楽明細's JSON answers, as docs/rakuraku-meisai-api.md documents them, written once
// as zod schemas. An answer is untrusted input: whatever does not fit (an importId of -1, a list of
// errors that are not objects) is refused here, so the runner only ever meets an import id it can
// poll and messages it can show.
import { z } from 'zod';

/** A text field the API may send as a string or a number (codes, values); null/absent → undefined. */
const looseText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

/** `errors[].description[]`: `name`/`value` point at the offending field or CSV column. */
export const errorDescriptionSchema = z.object({ code: looseText, msg: looseText, name: looseText, value: looseText });

/** `errors[]`: `{code, msg, description: [...]}`. */
export const errorItemSchema = z.object({
  code: looseText,
  msg: looseText,
  // Not documented, but harmless: some answers say `message`.
  message: looseText,
  description: z.array(errorDescriptionSchema).nullish(),
});

export const errorsSchema = z.array(errorItemSchema);
export type ApiErrorItem = z.infer<typeof errorItemSchema>;

/**
 * An import id the state call can be asked about: a positive safe integer (a digit string is taken
 * too, as JSON from other stacks often quotes numbers). -1, 0, 1.5, "abc" are not ids.
 */
export const importIdSchema = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^[1-9][0-9]{0,14}$/).transform(Number),
]);

/** The import POST's answer when 楽楽明細 accepted the file. */
export const importAcceptedSchema = z.object({ status: z.literal('success'), importId: importIdSchema });

/** The state call: `processStatus` is `active`, `complete`, or any other non-empty text = failed. */
export const importStateSchema = z.object({ processStatus: z.string().min(1) });

/** The errors list of an answer, or null when there is none or it is not shaped as documented. */
export function parseErrors(value: unknown): { readonly ok: true; readonly items: readonly ApiErrorItem[] } | { readonly ok: false } {
  if (value === undefined || value === null) return { ok: true, items: [] };
  const parsed = errorsSchema.safeParse(value);
  return parsed.success ? { ok: true, items: parsed.data } : { ok: false };
}
