// Which data folders a CLI command uses: --data-dir's one folder, or the platform's folders with
// the one-time move out of the old single folder (core/settings/data-move.ts). Commands that open
// the history for writing (`run`, `agent`) make the move; readers (`history`, `support-bundle`)
// only look where the data is in force, so a look never moves anything.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { describeSettled, settleDataFolders } from '../core/settings/data-move';
import { dataPathsFor, defaultDataLayout, type DataPaths } from '../core/settings/data-paths';
import type { CliIo } from './cli-io';

export function commandDataPaths(dataDirFlag: string | undefined, io: CliIo, options: { readonly move: boolean }): DataPaths {
  if (dataDirFlag) return dataPathsFor(resolve(io.cwd, dataDirFlag), process.platform);
  const settled = settleDataFolders({ layout: defaultDataLayout(process.platform, io.env, homedir()), platform: process.platform, move: options.move });
  const said = describeSettled(settled);
  if (said !== null && settled.kind === 'split') io.stderr(`実行履歴・ログ・作業用コピーを新しい保存先へ移しました: ${settled.paths.dataDir}\n`);
  if (said !== null && settled.kind === 'legacy') io.stderr(`警告: 実行履歴などを新しい保存先へ移せなかったため、これまでの場所（${settled.paths.dataDir}）を使います。次回また試します。（${settled.reason ?? ''}）\n`);
  return settled.paths;
}
