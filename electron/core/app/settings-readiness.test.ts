import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/settings/schema';
import { settingsReadiness } from './settings-readiness';

const settings = (modes: ('none' | 'manual' | 'arrival')[]): Settings => ({
  version: 1,
  meisai: { url: 'https://a.eco-serv.jp/x/' },
  agent: { root: '/r', id: 'a', startAtLogin: true, notifications: true, notifyEmptyRuns: true, pollFolders: false, proxyUrl: null },
  customers: { settingId: null, folder: 'c', filePrefix: 'c', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
  reports: modes.map((mode, i) => ({ id: `r${i}`, name: `r${i}`, reportTypeId: 1, folder: `f${i}`, filePrefix: `p${i}`, firstLine: 'skip', approve: false, approvalFlowId: null, timing: { mode } })),
});

describe('settingsReadiness', () => {
  it.each([
    ['nothing saved yet', null, true, { complete: false, missing: ['設定'] }],
    ['complete with a manual setting', settings(['none', 'manual']), true, { complete: true }],
    ['no token', settings(['arrival']), false, { complete: false, missing: ['APIトークン'] }],
    ['every setting 連携しない', settings(['none']), true, { complete: false, missing: ['連携する帳票データ連携設定'] }],
    ['no setting at all', settings([]), true, { complete: false, missing: ['連携する帳票データ連携設定'] }],
  ])('%s', (_what, s, token, expected) => {
    expect(settingsReadiness(s, token)).toEqual(expected);
  });
});
