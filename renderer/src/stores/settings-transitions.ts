// The settings form's state transitions as pure functions of the state: adopting settings main
// holds, an edit of the draft, a save main refused. settings-store.ts applies them; keeping them
// here keeps the rules (which cards stay open, when errors follow the typing) readable in one place.
import type { SettingsView } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import type { FieldError } from '../../../shared/settings/parse';
import { draftFingerprint, draftFromView, emptyDraft, type SettingsDraft } from '../form/settings-draft';
import { toFieldErrorMap, validateDraft, type FieldErrors } from '../form/validate-draft';
import type { SettingsState } from './settings-store';

/** What a draft is checked against: the token main holds (a draft may keep it) and whether a loopback URL is allowed. */
export const validationContext = (s: Pick<SettingsState, 'saved' | 'allowLoopbackUrl'>) => ({
  token: s.saved?.meisai.token ?? null,
  allowLoopbackUrl: s.allowLoopbackUrl,
});

/** The clerk changed the draft: once they tried to save, errors follow every keystroke; a 保存しました notice goes. */
export function afterEdit(
  s: Pick<SettingsState, 'showErrors' | 'saved' | 'allowLoopbackUrl' | 'save'>,
  draft: SettingsDraft,
): Pick<SettingsState, 'draft' | 'errors' | 'save'> {
  let errors: FieldErrors = {};
  if (s.showErrors) {
    const v = validateDraft(draft, validationContext(s));
    if (!v.ok) errors = v.errors;
  }
  return { draft, errors, save: s.save.state === 'saved' ? { state: 'idle' } : s.save };
}

/**
 * Settings main holds become the form (after a load, a save, a save elsewhere, 破棄): a clean draft.
 * A saved setting the clerk had opened stays open (the new draft has new keys); a new one closes to
 * the summary line that confirms what was saved.
 */
export function adoptView(
  s: Pick<SettingsState, 'draft' | 'openCards'>,
  view: SettingsView | null,
  agentId: string,
): Pick<SettingsState, 'saved' | 'draft' | 'baseline' | 'errors' | 'showErrors' | 'openCards'> {
  const draft = view === null ? emptyDraft(agentId) : draftFromView(view);
  const openIds = new Set(s.draft.reports.filter((r) => r.id !== undefined && s.openCards[r.key] === true).map((r) => r.id));
  const openCards = Object.fromEntries(draft.reports.filter((r) => openIds.has(r.id)).map((r) => [r.key, true]));
  return { saved: view, draft, baseline: draftFingerprint(draft), errors: {}, showErrors: false, openCards };
}

/** Main refused the save: its field errors go to their fields; anything else is said above the form. */
export function saveRefused(error: AppError & { readonly fields?: readonly FieldError[] }): Pick<SettingsState, 'save'> & Partial<Pick<SettingsState, 'errors'>> {
  const fields = error.fields ?? [];
  if (fields.length === 0) return { save: { state: 'error', message: error.message } };
  const errors = toFieldErrorMap(fields);
  return { errors, save: { state: 'invalid', count: Object.keys(errors).length } };
}
