// A settings file on disk, as a clerk's machine has it, for the tests that start the real `agent`
// command (in-process or as a child): ファイルの配置場所 with its folders, customers first, and the
// document settings the test names. One shape, so a change to the settings file changes them all.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ARRIVAL_BILL = {
  id: 'bill', name: '請求書', reportTypeId: 14, folder: 'billdata', filePrefix: 'billdata', timing: { mode: 'arrival' },
} as const;

/** The 請求書 setting with another 連携タイミング. */
export const billWithTiming = (timing: Readonly<Record<string, unknown>>) => ({ ...ARRIVAL_BILL, timing });

/**
 * Writes `<work>/settings.json` for ファイルの配置場所 `root` and makes the customer folder and each
 * named folder (the agent makes the others itself, and says so). Returns the file's path.
 */
export async function writeAgentConfig(
  work: string,
  root: string,
  options: { readonly reports?: readonly object[]; readonly folders?: readonly string[] } = {},
): Promise<string> {
  for (const folder of ['clientmaster', ...(options.folders ?? [])]) await mkdir(join(root, folder), { recursive: true });
  const config = join(work, 'settings.json');
  await writeFile(config, JSON.stringify({
    version: 1,
    meisai: { url: 'https://example.eco-serv.jp/acct/' },
    agent: { root },
    customers: { settingId: 1, folder: 'clientmaster', filePrefix: 'clientmaster' },
    reports: options.reports ?? [ARRIVAL_BILL],
  }));
  return config;
}
