import { describe, expect, it } from 'vitest';
import type { TokenView } from '../../../shared/ipc/contract';
import { draftFromView, emptyDraft, emptyReport, toSettingsInput, type SettingsDraft } from './settings-draft';
import { fieldPathOf, validateDraft } from './validate-draft';

const savedToken: TokenView = { saved: true, last4: 'abcd', storage: 'encrypted', problem: null };
const noToken: TokenView = { saved: false, last4: null, storage: 'none', problem: null };

function filled(): SettingsDraft {
  const d = emptyDraft('agent-1');
  return {
    ...d,
    url: ' https://rbsample.eco-serv.jp/acme/backadmin ',
    agent: { ...d.agent, root: 'C:\\meisai' },
    customers: { ...d.customers, folder: 'clientmaster', filePrefix: 'clientmaster' },
    reports: [{ ...emptyReport(), name: '請求書', reportTypeId: '3', folder: 'billdata', filePrefix: 'billdata' }],
  };
}

describe('validateDraft', () => {
  it('accepts a complete form and keeps the saved token when none is typed', () => {
    const v = validateDraft(filled(), { token: savedToken, allowLoopbackUrl: false });
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.newToken).toBeNull();
      expect(v.settings.customers.settingId).toBe('');
      expect('apiToken' in v.settings.meisai).toBe(false);
    }
  });

  it('requires a token when none is saved, at the token field', () => {
    const v = validateDraft(filled(), { token: noToken, allowLoopbackUrl: false });
    expect(v).toEqual({ ok: false, errors: { 'meisai.apiToken': 'APIトークンを入力してください。' } });
  });

  it('checks a typed token with the schema and sends it apart from the settings', () => {
    const bad = validateDraft({ ...filled(), newToken: 'abc def!' }, { token: noToken, allowLoopbackUrl: false });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors['meisai.apiToken']).toMatch(/英数字/);
    const good = validateDraft({ ...filled(), newToken: ' Abc123 ' }, { token: noToken, allowLoopbackUrl: false });
    expect(good.ok && good.newToken).toBe('Abc123');
  });

  it('puts each schema error at its field, in Japanese', () => {
    const d = filled();
    const broken: SettingsDraft = {
      ...d,
      url: 'http://example.com/x/',
      agent: { ...d.agent, root: '', proxyUrl: 'proxy:8080' },
      customers: { ...d.customers, settingId: 'abc', folder: '..\\x' },
      reports: [{ ...d.reports[0]!, name: '', reportTypeId: '0', approvalFlowId: '-1' }],
    };
    const v = validateDraft(broken, { token: savedToken, allowLoopbackUrl: false });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(Object.keys(v.errors).sort()).toEqual(
      [
        'agent.proxyUrl',
        'agent.root',
        'customers.folder',
        'customers.settingId',
        'meisai.url',
        'reports.0.approvalFlowId',
        'reports.0.name',
        'reports.0.reportTypeId',
      ].sort(),
    );
    expect(v.errors['customers.settingId']).toBe('取込設定IDは1以上の整数で入力してください（未入力も可）。');
    expect(v.errors['reports.0.name']).toBe('帳票名を入力してください。');
  });

  it('refuses a loopback URL unless main says the sandbox is chosen', () => {
    const d = { ...filled(), url: 'http://127.0.0.1:4567/sandbox/' };
    expect(validateDraft(d, { token: savedToken, allowLoopbackUrl: false }).ok).toBe(false);
    expect(validateDraft(d, { token: savedToken, allowLoopbackUrl: true }).ok).toBe(true);
  });

  it('reports a duplicated setting at the copy’s ファイル名 (same folder and prefix)', () => {
    const d = filled();
    const v = validateDraft({ ...d, reports: [d.reports[0]!, { ...d.reports[0]!, key: 'x' }] }, { token: savedToken, allowLoopbackUrl: false });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors['reports.1.filePrefix']).toMatch(/重なっています/);
  });

  it('reports the overlap in the same round as the other fields’ problems, and reads full-width IDs', () => {
    const d = filled();
    const copy = { ...d.reports[0]!, key: 'x', name: '', reportTypeId: '１４　' };
    const v = validateDraft({ ...d, reports: [d.reports[0]!, copy] }, { token: savedToken, allowLoopbackUrl: false });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(Object.keys(v.errors).sort()).toEqual(['reports.1.filePrefix', 'reports.1.name']);
  });
});

describe('fieldPathOf', () => {
  it.each([
    ['reports.2.timing', 'reports.2.timing.mode'],
    ['reports.2.timing.every', 'reports.2.timing.every'],
    ['reports.2.timing.day', 'reports.2.timing.day'],
    ['reports.0.id', 'reports.0.name'],
    ['customers.folder', 'customers.folder'],
  ])('%s → %s', (from, to) => expect(fieldPathOf(from)).toBe(to));
});

describe('draft round trip', () => {
  it('a saved view becomes a draft that gives back the same settings', () => {
    const input = toSettingsInput(filled());
    const view = {
      version: 1 as const,
      meisai: { url: 'https://rbsample.eco-serv.jp/acme/', token: savedToken },
      agent: { id: 'agent-1', root: 'C:\\meisai', startAtLogin: false, notifications: true, notifyEmptyRuns: false, pollFolders: true, proxyUrl: null },
      customers: { settingId: 7, folder: 'clientmaster', filePrefix: 'cm', overwriteInUse: true, overwriteWithBlank: false, firstLine: 'read' as const },
      reports: [
        {
          id: 'r1',
          name: '請求書',
          reportTypeId: 3,
          folder: 'billdata',
          filePrefix: 'billdata',
          firstLine: 'skip' as const,
          approve: true,
          approvalFlowId: 12,
          timing: { mode: 'schedule' as const, every: 'month' as const, day: 31 as const, hour: 9, businessDay: 'previous' as const },
        },
      ],
    };
    const d = draftFromView(view);
    expect(d.customers.settingId).toBe('7');
    expect(d.agent.proxyUrl).toBe('');
    expect(d.reports[0]?.timing).toMatchObject({ mode: 'schedule', every: 'month', day: 31, hour: 9, businessDay: 'previous' });
    const back = toSettingsInput(d);
    expect(back.reports[0]).toMatchObject({ id: 'r1', approvalFlowId: '12', timing: { mode: 'schedule', every: 'month', day: 31, hour: 9, businessDay: 'previous' } });
    expect(back.reports[0]?.timing).not.toHaveProperty('weekday');
    expect(input.version).toBe(1);
  });
});
