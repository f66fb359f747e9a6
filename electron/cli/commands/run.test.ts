// Which settings `run` runs: a setting marked 連携しない is run only when the clerk insists.
import { describe, expect, it } from 'vitest';
import { parseSettings, assignIds } from '../../../shared/settings/parse';
import type { Settings } from '../../../shared/settings/schema';
import { pickTargets } from './run';

function settings(): Settings {
  const parsed = parseSettings({
    version: 1,
    meisai: { url: 'https://rbsample.eco-serv.jp/abc1234/' },
    agent: { root: '/r' },
    customers: { folder: 'clientmaster', filePrefix: 'clientmaster' },
    reports: [
      { id: 'bill', name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', timing: { mode: 'manual' } },
      { id: 'off', name: '停止中の明細', reportTypeId: 15, folder: 'offdata', filePrefix: 'offdata', timing: { mode: 'none' } },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return assignIds(parsed.value, () => 'agent-1');
}

describe('pickTargets', () => {
  it('without --setting: every setting but those marked 連携しない', () => {
    expect(pickTargets(settings(), undefined, false)).toEqual({ targets: [{ kind: 'report', reportId: 'bill' }] });
  });
  it('--setting of a 連携しない setting is refused, by name or number, naming the setting and --force', () => {
    for (const chosen of ['停止中の明細', '2']) {
      const r = pickTargets(settings(), chosen, false);
      expect('error' in r && r.error).toContain('帳票データ連携設定2「停止中の明細」は連携タイミングが「連携しない」');
      expect('error' in r && r.error).toContain('--force');
    }
  });
  it('--force runs it anyway', () => {
    expect(pickTargets(settings(), '停止中の明細', false, true)).toEqual({ targets: [{ kind: 'report', reportId: 'off' }] });
  });
});
