// Validates the whole form with the same schema main uses, and maps each problem to the field the
// clerk sees. Nothing is saved unless this returns ok.
import type { TokenView } from '../../../shared/ipc/contract';
import type { FieldError } from '../../../shared/settings/parse';
import { parseSettings } from '../../../shared/settings/parse';
import { LABELS } from '../../../shared/settings/labels';
import { normalizeMeisaiUrl } from '../../../shared/settings/meisai-url';
import { prefixOverlaps, type SettingsInput } from '../../../shared/settings/schema';
import { toSettingsInput, type SettingsDraft } from './settings-draft';

/** Field errors keyed by the schema's dotted path (`reports.0.folder`). */
export type FieldErrors = Readonly<Record<string, string>>;

export type DraftValidation =
  | { readonly ok: true; readonly settings: SettingsInput; readonly newToken: string | null }
  | { readonly ok: false; readonly errors: FieldErrors };

export interface ValidateOptions {
  /** The saved token, if any: a new one is required only when none is kept. */
  readonly token: TokenView | null;
  /** The built-in sandbox on 127.0.0.1 (only when main says the sandbox is chosen). */
  readonly allowLoopbackUrl: boolean;
}

// Paths that have no input of their own are shown at the input that decides them.
const PATH_ALIASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^reports\.(\d+)\.timing\.(every|weekday|day|hour|businessDay)$/, 'reports.$1.timing.$2'],
  [/^reports\.(\d+)\.timing(\..*)?$/, 'reports.$1.timing.mode'],
  [/^reports\.(\d+)\.id$/, 'reports.$1.name'],
  [/^reports$/, 'reports'],
];

export function fieldPathOf(path: string): string {
  for (const [pattern, replacement] of PATH_ALIASES) {
    if (pattern.test(path)) return path.replace(pattern, replacement);
  }
  return path;
}

export function toFieldErrorMap(errors: readonly FieldError[]): FieldErrors {
  const map: Record<string, string> = {};
  for (const e of errors) {
    const path = fieldPathOf(e.path);
    // The first problem of a field is the one to fix first.
    if (map[path] === undefined) map[path] = e.message;
  }
  return map;
}

export function validateDraft(draft: SettingsDraft, options: ValidateOptions): DraftValidation {
  const settings = toSettingsInput(draft);
  const newToken = draft.newToken.trim();
  // The token is checked by the schema's own rule, but travels separately from the settings.
  const withToken = newToken === '' ? settings : { ...settings, meisai: { ...settings.meisai, apiToken: newToken } };
  const parsed = parseSettings(withToken, { allowLoopbackUrl: options.allowLoopbackUrl });
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.error];
  // The schema checks the URL in a whole-object refinement, which zod skips while any other field
  // is invalid; the clerk should see every field's problem at once.
  const url = normalizeMeisaiUrl(draft.url, { allowLoopback: options.allowLoopbackUrl });
  if (!url.ok && !errors.some((e) => e.path === 'meisai.url')) errors.push({ path: 'meisai.url', message: url.error });
  // The same holds for two settings claiming the same files.
  if (!parsed.ok) {
    const trimmed = (c: { folder: string; filePrefix: string }) => ({ folder: c.folder.trim(), filePrefix: c.filePrefix.trim() });
    for (const issue of prefixOverlaps(trimmed(draft.customers), draft.reports.map(trimmed))) {
      const path = issue.path.join('.');
      if (!errors.some((e) => e.path === path)) errors.push({ path, message: issue.message });
    }
  }
  const tokenKept = options.token !== null && (options.token.saved || options.token.storage === 'environment') && options.token.problem === null;
  if (newToken === '' && !tokenKept) {
    errors.push({ path: 'meisai.apiToken', message: `${LABELS.apiToken}を入力してください。` });
  }
  if (errors.length > 0) return { ok: false, errors: toFieldErrorMap(errors) };
  return { ok: true, settings, newToken: newToken === '' ? null : newToken };
}
