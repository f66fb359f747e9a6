// A valid settings input for tests in this folder (what a clerk's settings.json may contain).
export function validInput(overrides: { apiToken?: string; reports?: unknown[] } = {}): Record<string, unknown> {
  return {
    version: 1,
    meisai: {
      url: 'https://example.eco-serv.jp/acct01/backadmin/index',
      ...(overrides.apiToken === undefined ? {} : { apiToken: overrides.apiToken }),
    },
    agent: { root: 'C:\\楽楽明細連携' },
    customers: { folder: 'clientmaster', filePrefix: 'clientmaster' },
    reports: overrides.reports ?? [
      { name: '請求書', reportTypeId: 1, folder: 'billdata', filePrefix: 'billdata', timing: { mode: 'schedule', every: 'day', hour: 9 } },
      { name: '納品書', reportTypeId: '2', folder: 'delivery', filePrefix: 'delivery', timing: { mode: 'manual' } },
    ],
  };
}
