// The settings form's state: the saved settings as main holds them, the clerk's draft, field errors,
// and the connection test. Saving validates the whole draft with the shared schema first; main
// validates again and may answer with field errors of its own (e.g. a folder that cannot be created).
// The transitions are pure (settings-transitions.ts); the draft's edits and how the form is shown
// are settings-draft-edits.ts and settings-form-view.ts; this store loads, saves and tests.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/result';
import type { AfterSave, ConnectionTestResult, MeisaiApi, SettingsView } from '../../../shared/ipc/contract';
import { normalizeMeisaiUrl } from '../../../shared/settings/meisai-url';
import { draftFingerprint, emptyDraft, type ReportDraft, type SettingsDraft } from '../form/settings-draft';
import { validateDraft, type FieldErrors } from '../form/validate-draft';
import { draftEdits } from './settings-draft-edits';
import { formViewActions } from './settings-form-view';
import { adoptView, afterEdit, saveRefused, validationContext } from './settings-transitions';

export type ConnectionState =
  | { readonly state: 'idle' }
  | { readonly state: 'testing' }
  | { readonly state: 'done'; readonly result: ConnectionTestResult }
  | { readonly state: 'error'; readonly error: AppError };

export type SaveState =
  | { readonly state: 'idle' }
  | { readonly state: 'saving' }
  /** `afterSave`: the folders the save made and whether it started the agent, for the clerk to read. */
  | { readonly state: 'saved'; readonly afterSave: AfterSave | null }
  | { readonly state: 'invalid'; readonly count: number }
  | { readonly state: 'error'; readonly message: string };

export interface SettingsState {
  readonly loading: boolean;
  readonly loadError: string | null;
  readonly saved: SettingsView | null;
  readonly draft: SettingsDraft;
  /** Fingerprint of the draft as last loaded or saved: differs → unsaved changes. */
  readonly baseline: string;
  readonly errors: FieldErrors;
  /** Set once the clerk tried to save, so errors then follow every keystroke. */
  readonly showErrors: boolean;
  readonly save: SaveState;
  readonly connection: ConnectionState;
  readonly allowLoopbackUrl: boolean;
  /** 「説明をすべて表示」: every field's help text on screen at once. */
  readonly showAllHelp: boolean;
  /** Step4 cards the clerk opened, by ReportDraft.key (new and invalid cards open by themselves). */
  readonly openCards: Readonly<Record<string, boolean>>;

  load(): Promise<void>;
  toggleAllHelp(): void;
  setCardOpen(key: string, open: boolean): void;
  /** Opens the card of a saved setting (the address named it) and gives its element id, if any. */
  openCardOf(reportId: string): string | null;
  update(change: (d: SettingsDraft) => SettingsDraft): void;
  updateReport(index: number, change: (r: ReportDraft) => ReportDraft): void;
  addReport(): void;
  duplicateReport(index: number): void;
  moveReport(index: number, to: number): void;
  removeReport(index: number): void;
  discard(): void;
  saveDraft(): Promise<boolean>;
  testConnection(): Promise<void>;
  pickFolder(): Promise<void>;
  dispose(): void;
}

export { reportCardId } from './settings-form-view';

export const isDirty = (s: Pick<SettingsState, 'draft' | 'baseline'>): boolean => draftFingerprint(s.draft) !== s.baseline;

/** The URL preview under the field: what will be saved, or why it cannot be. */
export function urlPreview(url: string, allowLoopback: boolean): { readonly ok: boolean; readonly text: string } | null {
  if (url.trim() === '') return null;
  const r = normalizeMeisaiUrl(url, { allowLoopback });
  return r.ok ? { ok: true, text: r.value } : { ok: false, text: r.error };
}

export function createSettingsStore(api: MeisaiApi): StoreApi<SettingsState> {
  let unsubscribe: (() => void) | null = null;

  return createStore<SettingsState>()((set, get) => {
    const edit = (draft: SettingsDraft): void => set(afterEdit(get(), draft));
    const adopt = (view: SettingsView | null, agentId: string): void => set(adoptView(get(), view, agentId));

    return {
      loading: true,
      loadError: null,
      saved: null,
      draft: emptyDraft(),
      baseline: draftFingerprint(emptyDraft()),
      errors: {},
      showErrors: false,
      save: { state: 'idle' },
      connection: { state: 'idle' },
      allowLoopbackUrl: false,
      showAllHelp: false,
      openCards: {},

      ...formViewActions(set, get),
      ...draftEdits(() => get().draft, edit),

      async load() {
        set({ loading: true, loadError: null });
        const [settings, info] = await Promise.all([api.invoke('settings:get', undefined), api.invoke('app:info', undefined)]);
        if (!settings.ok) {
          set({ loading: false, loadError: settings.error.message });
          return;
        }
        adopt(settings.value, info.ok ? info.value.agentId : '');
        // Only main knows whether the built-in sandbox was chosen explicitly; then (and only then)
        // a http://127.0.0.1 URL is accepted.
        set({ loading: false, allowLoopbackUrl: info.ok && info.value.sandbox === true });
        unsubscribe ??= api.on('settings:changed', (view) => {
          // Another window or the CLI saved: follow it unless the clerk is in the middle of editing.
          if (!isDirty(get())) adopt(view, view.agent.id);
          else set({ saved: view });
        });
      },

      discard() {
        adopt(get().saved, get().draft.agent.id);
        set({ save: { state: 'idle' }, connection: { state: 'idle' } });
      },

      async saveDraft() {
        set({ showErrors: true });
        const v = validateDraft(get().draft, validationContext(get()));
        if (!v.ok) {
          set({ errors: v.errors, save: { state: 'invalid', count: Object.keys(v.errors).length } });
          return false;
        }
        set({ errors: {}, save: { state: 'saving' } });
        const r = await api.invoke('settings:save', { settings: v.settings, newToken: v.newToken });
        if (!r.ok) {
          set(saveRefused(r.error));
          return false;
        }
        const { afterSave, ...view } = r.value;
        adopt(view, view.agent.id);
        set({ save: { state: 'saved', afterSave: afterSave ?? null } });
        return true;
      },

      async testConnection() {
        set({ connection: { state: 'testing' } });
        const d = get().draft;
        const token = d.newToken.trim();
        const r = await api.invoke('connection:test', { url: d.url, newToken: token === '' ? null : token });
        set({ connection: r.ok ? { state: 'done', result: r.value } : { state: 'error', error: r.error } });
      },

      async pickFolder() {
        const d = get().draft;
        const r = await api.invoke('dialog:pick-folder', { current: d.agent.root === '' ? null : d.agent.root });
        if (r.ok && r.value !== null) {
          const root = r.value;
          edit({ ...get().draft, agent: { ...get().draft.agent, root } });
        }
      },

      dispose() {
        unsubscribe?.();
        unsubscribe = null;
      },
    };
  });
}
