import { describe, expect, it } from 'vitest';
import { assignIds, parseSettings, type FieldError } from './parse';

const base = () => ({
  version: 1,
  meisai: { url: 'https://rbsample.eco-serv.jp/xxxxxxx/backadmin', apiToken: 'a'.repeat(64) },
  agent: { root: 'C:\\_qanatuniverse\\_qua\\userdata' },
  customers: { settingId: null, folder: 'clientmaster', filePrefix: 'clientmaster', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
  reports: [
    {
      name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', firstLine: 'skip', approve: false, approvalFlowId: null,
      timing: { mode: 'schedule', every: 'month', day: 25, hour: 9 },
    },
  ],
});

function errorsOf(raw: unknown): FieldError[] {
  const r = parseSettings(raw);
  if (r.ok) throw new Error('expected errors');
  return r.error;
}

describe('settings schema', () => {
  it('accepts the example of the settings file and applies defaults', () => {
    const r = parseSettings(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.meisai.url).toBe('https://rbsample.eco-serv.jp/xxxxxxx/');
    expect(r.value.agent.startAtLogin).toBe(true);
    expect(r.value.reports[0]!.timing).toEqual({ mode: 'schedule', every: 'month', day: 25, hour: 9, businessDay: 'as-is' });
  });

  it('accepts ids typed as text and empty optional ids', () => {
    const raw = base();
    Object.assign(raw.customers, { settingId: ' 3 ' });
    Object.assign(raw.reports[0]!, { reportTypeId: '14', approvalFlowId: '' });
    const r = parseSettings(raw);
    expect(r.ok && r.value.customers.settingId).toBe(3);
    expect(r.ok && r.value.reports[0]!.reportTypeId).toBe(14);
    expect(r.ok && r.value.reports[0]!.approvalFlowId).toBe(null);
  });

  const fieldCases: [string, (raw: ReturnType<typeof base>) => void, string, RegExp][] = [
    ['parent folder', (r) => (r.customers.folder = '..'), 'customers.folder', /フォルダ名.*「\.\.」/],
    ['separator', (r) => (r.reports[0]!.folder = 'a\\b'), 'reports.0.folder', /フォルダ名/],
    ['slash', (r) => (r.reports[0]!.folder = 'a/b'), 'reports.0.folder', /フォルダ名/],
    ['reserved name', (r) => (r.customers.folder = 'CON'), 'customers.folder', /予約名/],
    ['reserved name with extension', (r) => (r.customers.folder = 'lpt1.txt'), 'customers.folder', /予約名/],
    ['empty folder', (r) => (r.customers.folder = '  '), 'customers.folder', /フォルダ名を入力/],
    ['empty prefix', (r) => (r.customers.filePrefix = ''), 'customers.filePrefix', /ファイル名を入力/],
    ['bad setting id', (r) => Object.assign(r.customers, { settingId: 'abc' }), 'customers.settingId', /取込設定ID/],
    ['zero setting id', (r) => Object.assign(r.customers, { settingId: 0 }), 'customers.settingId', /取込設定ID/],
    ['bad report type id', (r) => Object.assign(r.reports[0]!, { reportTypeId: '' }), 'reports.0.reportTypeId', /帳票種別ID/],
    ['bad approval flow id', (r) => Object.assign(r.reports[0]!, { approvalFlowId: -1 }), 'reports.0.approvalFlowId', /承認フローID/],
    ['empty report name', (r) => (r.reports[0]!.name = ''), 'reports.0.name', /帳票名/],
    ['hour 24', (r) => Object.assign(r.reports[0]!.timing, { hour: 24 }), 'reports.0.timing.hour', /時間/],
    ['day 32', (r) => Object.assign(r.reports[0]!.timing, { day: 32 }), 'reports.0.timing.day', /日/],
    ['bad url', (r) => (r.meisai.url = 'http://rbsample.eco-serv.jp/x/'), 'meisai.url', /楽楽明細」URL/],
    ['bad token', (r) => (r.meisai.apiToken = 'abc def'), 'meisai.apiToken', /APIトークン/],
    ['empty root', (r) => (r.agent.root = ''), 'agent.root', /ファイルの配置場所/],
    ['bad timing', (r) => Object.assign(r.reports[0]!, { timing: { mode: 'sometimes' } }), 'reports.0.timing.mode', /連携タイミング/],
    ['overlapping prefixes in one folder', (r) => { r.reports[0]!.folder = 'clientmaster'; r.reports[0]!.filePrefix = 'client'; }, 'reports.0.filePrefix', /重なっています/],
  ];
  it.each(fieldCases)('names the field in Japanese: %s', (_name, mutate, path, message) => {
    const raw = base();
    mutate(raw);
    const errors = errorsOf(raw);
    const hit = errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(errors)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('accepts weekly with a weekday and monthly on the last day, refuses weekly without one', () => {
    const raw = base();
    Object.assign(raw.reports[0]!, { timing: { mode: 'schedule', every: 'week', weekday: 1, hour: 0, businessDay: 'next' } });
    expect(parseSettings(raw).ok).toBe(true);
    Object.assign(raw.reports[0]!, { timing: { mode: 'schedule', every: 'month', day: 'last', hour: 23, businessDay: 'previous' } });
    expect(parseSettings(raw).ok).toBe(true);
    Object.assign(raw.reports[0]!, { timing: { mode: 'schedule', every: 'week', hour: 9 } });
    expect(errorsOf(raw).some((e) => e.path === 'reports.0.timing.weekday')).toBe(true);
  });

  it('accepts a loopback sandbox URL only with the explicit option', () => {
    const raw = base();
    raw.meisai.url = 'http://127.0.0.1:4567/sandbox/';
    expect(parseSettings(raw).ok).toBe(false);
    const r = parseSettings(raw, { allowLoopbackUrl: true });
    expect(r.ok && r.value.meisai.url).toBe('http://127.0.0.1:4567/sandbox/');
  });

  it('gives every report a stable id and keeps the ones it has', () => {
    const raw = base();
    raw.reports.push({ ...raw.reports[0]!, name: '納品書', folder: 'deliv' });
    Object.assign(raw.reports[1]!, { id: 'keep-me' });
    const parsed = parseSettings(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    let n = 0;
    const s = assignIds(parsed.value, () => `id-${++n}`);
    expect(s.reports.map((r) => r.id)).toEqual(['id-1', 'keep-me']);
    expect(s.agent.id).toBe('id-2');
  });
});
