// The `meisai-connector` command line: the same core as the tray app, without a window. Each
// command takes an io object and returns its exit code, so tests call them in-process; only this
// file touches process.argv and process.exitCode.
import { pathToFileURL } from 'node:url';
import { processIo, type CliIo, type Command } from './cli-io';
import { demoCommand } from './commands/demo';
import { historyCommand } from './commands/history';
import { runCommand } from './commands/run';
import { validateCommand } from './commands/validate';

export const MAIN_HELP = `明細コネクタ（meisai-connector）— 楽楽明細へ顧客データ・帳票データのCSVを送るエージェント

使い方: meisai-connector <コマンド> [オプション]

コマンド:
  demo        内蔵サンドボックスとサンプルCSVで一連の流れを試す（最初にこれを実行してください）
  run         設定ファイルに従って1回実行する（顧客データ → 帳票データ）
  validate    CSVファイルを送信前の確認だけにかける（何も送信しない）
  history     実行履歴を表示する
  sandbox     楽楽明細APIの模擬サーバーを起動する（テスト用）
  agent       常駐エージェントをウィンドウなしで動かす（スケジュール実行・ファイル配置時）

各コマンドの詳細: meisai-connector <コマンド> --help
`;

type Loader = () => Promise<Command>;

/** Commands by name; sandbox and agent are loaded on demand so a missing piece breaks only itself. */
export const COMMANDS: Record<string, Loader> = {
  demo: async () => demoCommand,
  run: async () => runCommand,
  validate: async () => validateCommand,
  history: async () => historyCommand,
  sandbox: async () => (await import('./commands/sandbox')).sandboxCommand,
  agent: async () => {
    const { agentCommand } = await import('./commands/agent');
    return (argv, io) => agentCommand(argv, io);
  },
};

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`不明なコマンドです: ${name}\n\n${MAIN_HELP}`);
    return 2;
  }
  const command = await load();
  return command(rest, io);
}

// Run only when executed directly (tsx electron/cli/main.ts, or the bin), not when imported by tests.
const entry = process.argv[1];
if (entry !== undefined && (import.meta.url === pathToFileURL(entry).href || /meisai-connector(\.js)?$/.test(entry))) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`予期しないエラーで終了しました: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
