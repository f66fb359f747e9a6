// The `meisai-connector` command line: the same core as the tray app, without a window. Each
// command takes an io object and returns its exit code, so tests call them in-process; only this
// file touches process.argv and process.exitCode.
//
// Every command is imported only when it is asked for: `--help` loads this file alone, and
// `validate` only the pre-flight, never SQLite, HTTP or the watcher. The build (scripts/build-cli.ts)
// turns each import() below into its own chunk, so this laziness is what makes the CLI start fast.
import { pathToFileURL } from 'node:url';
import { processIo, type CliIo, type Command } from './cli-io';

export const MAIN_HELP = `明細コネクタ（meisai-connector）— 楽楽明細へ顧客データ・帳票データのCSVを送るエージェント

使い方: meisai-connector <コマンド> [オプション]

コマンド:
  demo        内蔵サンドボックスとサンプルCSVで一連の流れを試す（最初にこれを実行してください）
  run         設定ファイルに従って1回実行する（顧客データ → 帳票データ）
  validate    CSVファイルを送信前の確認だけにかける（何も送信しない）
  history     実行履歴を表示する
  sandbox     楽楽明細APIの模擬サーバーを起動する（テスト用）
  agent       常駐エージェントをウィンドウなしで動かす（スケジュール実行・ファイル配置時）
  support-bundle  サポートへ送る情報（設定・履歴・ログなど、APIトークンを除く）をZIPにまとめる

各コマンドの詳細: meisai-connector <コマンド> --help
`;

type Loader = () => Promise<Command>;

/** Commands by name, each loaded on demand (a missing piece breaks only itself, and start-up stays light). */
export const COMMANDS: Record<string, Loader> = {
  demo: async () => (await import('./commands/demo')).demoCommand,
  run: async () => (await import('./commands/run')).runCommand,
  validate: async () => (await import('./commands/validate')).validateCommand,
  history: async () => (await import('./commands/history')).historyCommand,
  sandbox: async () => (await import('./commands/sandbox')).sandboxCommand,
  'support-bundle': async () => (await import('./commands/support-bundle')).supportBundleCommand,
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
