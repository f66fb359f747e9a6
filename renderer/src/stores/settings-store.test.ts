// The settings store's decisions without a browser: nothing reaches main until the whole form is
// valid, main's own field errors land at their fields, and a save elsewhere replaces a clean form
// but never the clerk's unsaved edits. Main is a small in-memory stand-in for the contract here; the
// browser tests run the same store against the real app service.
import { describe, expect, it } from 'vitest';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeRequest, InvokeResponses, MeisaiApi, SettingsView } from '../../../shared/ipc/contract';
import { createSettingsStore, isDirty, urlPreview } from './settings-store';

const VIEW: SettingsView = {
  version: 1,
  meisai: { url: 'https://rbsample.eco-serv.jp/acme/', token: { saved: true, last4: 'WXYZ', storage: 'encrypted', problem: null } },
  agent: { id: 'agent-1', root: 'C:\\meisai', startAtLogin: true, notifications: true, notifyEmptyRuns: true, pollFolders: false, proxyUrl: null },
  customers: { settingId: null, folder: 'clientmaster', filePrefix: 'clientmaster', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
  reports: [],
};

type Answers = { [C in InvokeChannel]?: (request: InvokeRequest<C>) => InvokeResponses[C] };

function fakeMain(answers: Answers) {
  const calls: { channel: InvokeChannel; request: unknown }[] = [];
  const listeners = new Map<EventChannel, Set<(p: unknown) => void>>();
  const api: MeisaiApi = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      const answer = answers[channel] as ((r: unknown) => unknown) | undefined;
      if (answer === undefined) throw new Error(`unexpected ${channel}`);
      return answer(request) as never;
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const emit = <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => listeners.get(channel)?.forEach((l) => l(payload));
  return { api, calls, emit };
}

const base: Answers = {
  'settings:get': () => ({ ok: true, value: VIEW }),
  'app:info': () => ({ ok: true, value: { version: '1', agentId: 'agent-1', platform: 'win32', dataDir: 'd', logFile: 'l' } }),
};

describe('settings store', () => {
  it('loads the saved settings as a clean draft', async () => {
    const main = fakeMain(base);
    const store = createSettingsStore(main.api);
    await store.getState().load();
    expect(store.getState().draft.customers.folder).toBe('clientmaster');
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().allowLoopbackUrl).toBe(false);
  });

  it('sends nothing while any field is invalid, then errors follow the typing', async () => {
    const main = fakeMain(base);
    const store = createSettingsStore(main.api);
    await store.getState().load();
    store.getState().update((d) => ({ ...d, customers: { ...d.customers, folder: '' } }));
    expect(await store.getState().saveDraft()).toBe(false);
    expect(main.calls.map((c) => c.channel)).not.toContain('settings:save');
    expect(store.getState().errors['customers.folder']).toBe('フォルダ名を入力してください。');
    expect(store.getState().save).toEqual({ state: 'invalid', count: 1 });
    store.getState().update((d) => ({ ...d, customers: { ...d.customers, folder: 'kokyaku' } }));
    expect(store.getState().errors).toEqual({});
  });

  it('puts main’s field errors at their fields, and sends a typed token apart from the settings', async () => {
    const main = fakeMain({
      ...base,
      'settings:save': () => ({ ok: false, error: { code: 'settings.invalid', message: '入力内容に誤りがあります', fields: [{ path: 'agent.root', message: 'フォルダに書き込めません。' }] } }),
    });
    const store = createSettingsStore(main.api);
    await store.getState().load();
    store.getState().update((d) => ({ ...d, newToken: ' NewToken123 ' }));
    expect(await store.getState().saveDraft()).toBe(false);
    const request = main.calls.find((c) => c.channel === 'settings:save')?.request as { settings: { meisai: object }; newToken: string };
    expect(request.newToken).toBe('NewToken123');
    expect(request.settings.meisai).toEqual({ url: VIEW.meisai.url });
    expect(store.getState().errors).toEqual({ 'agent.root': 'フォルダに書き込めません。' });
  });

  it('follows a save made elsewhere only while the clerk has no unsaved edits', async () => {
    const main = fakeMain(base);
    const store = createSettingsStore(main.api);
    await store.getState().load();
    main.emit('settings:changed', { ...VIEW, customers: { ...VIEW.customers, filePrefix: 'kokyaku' } });
    expect(store.getState().draft.customers.filePrefix).toBe('kokyaku');
    store.getState().update((d) => ({ ...d, url: 'https://rbsample.eco-serv.jp/other/' }));
    main.emit('settings:changed', { ...VIEW, customers: { ...VIEW.customers, filePrefix: 'third' } });
    expect(store.getState().draft.url).toBe('https://rbsample.eco-serv.jp/other/');
    expect(store.getState().draft.customers.filePrefix).toBe('kokyaku');
    expect(store.getState().saved?.customers.filePrefix).toBe('third');
    store.getState().dispose();
  });
});

describe('Step4 cards', () => {
  it('a saved card the clerk opened stays open after 保存; a new one closes to its summary', async () => {
    const bill = { id: 'r1', name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', firstLine: 'skip' as const, approve: false, approvalFlowId: null, timing: { mode: 'manual' as const } };
    const withReports = { ...VIEW, reports: [bill, { ...bill, id: 'r2', name: '納品書', folder: 'delivery', filePrefix: 'delivery' }] };
    const main = fakeMain({ ...base, 'settings:get': () => ({ ok: true, value: withReports }), 'settings:save': () => ({ ok: true, value: { ...withReports, reports: [...withReports.reports, { ...bill, id: 'r3', name: '見積書', folder: 'estimate', filePrefix: 'estimate' }], afterSave: { createdFolders: [], folderProblems: [], agentStarted: false } } }) });
    const store = createSettingsStore(main.api);
    await store.getState().load();
    expect(store.getState().openCardOf('r2')).toMatch(/^report-card-/);
    store.getState().addReport();
    const isOpen = (id: string) => {
      const r = store.getState().draft.reports.find((x) => x.id === id);
      return r !== undefined && store.getState().openCards[r.key] === true;
    };
    expect(isOpen('r2')).toBe(true);
    store.getState().update((d) => ({ ...d, reports: d.reports.map((r, i) => (i === 2 ? { ...r, name: '見積書', reportTypeId: '14', folder: 'estimate', filePrefix: 'estimate' } : r)) }));
    store.getState().update((d) => ({ ...d, url: 'https://rbsample.eco-serv.jp/acme/' }));
    expect(await store.getState().saveDraft()).toBe(true);
    expect([isOpen('r1'), isOpen('r2'), isOpen('r3')]).toEqual([false, true, false]);
  });
});

describe('urlPreview', () => {
  it('shows the URL as it will be saved, or why it cannot be', () => {
    expect(urlPreview('', false)).toBeNull();
    expect(urlPreview(' rbsample.eco-serv.jp/acme/backadmin/index ', false)).toEqual({ ok: true, text: 'https://rbsample.eco-serv.jp/acme/' });
    expect(urlPreview('http://127.0.0.1:8080/sandbox/', false)?.ok).toBe(false);
    expect(urlPreview('http://127.0.0.1:8080/sandbox/backadmin', true)).toEqual({ ok: true, text: 'http://127.0.0.1:8080/sandbox/' });
  });
});
