// What `run` and `agent` both do before any work: read the settings file with the command-line
// overrides, decide which API token is used (secrets/token-source.ts: --token-file / --token >
// MEISAI_API_TOKEN > the file's meisai.apiToken), find the system proxy and trusted roots from the
// environment, open the agent log, and open the engine — so the two commands cannot drift apart in
// how a setting, a path, a secret or the network is treated.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { err, ok, type Result } from '../../shared/result';
import type { Settings } from '../../shared/settings/schema';
import type { AgentWatchOptions } from '../core/agent/agent';
import { openEngine, type Engine, type EngineNetwork } from '../core/engine/engine';
import { environmentProxy } from '../core/engine/environment-proxy';
import { trustedRoots } from '../core/engine/trusted-certificates';
import { describeFsError } from '../core/files/fs-errors';
import { createConsoleLogger, createRedactor, openAgentLog, type FileLogger, type Redactor } from '../core/logging';
import type { Clock } from '../core/ports/clock';
import type { LogLevel } from '../core/ports/logger';
import type { RunnerOptions } from '../core/runner/runner';
import { environmentToken, givenToken, resolveToken, type TokenCandidate } from '../core/secrets/token-source';
import type { DataPaths } from '../core/settings/data-paths';
import type { CliIo } from './cli-io';
import { commandDataPaths } from './data-folders';
import { loadConfig } from './load-config';

/** The options `run` and `agent` share, for parseCommandArgs. */
export const CONFIG_OPTIONS = {
  config: { type: 'string' },
  'base-url': { type: 'string' },
  'token-file': { type: 'string' },
  token: { type: 'string' },
  root: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

/** Their help lines, in the order above. */
export const CONFIG_HELP = `  --config FILE          設定ファイル（JSON。UTF-8 または Shift_JIS）
  --base-url URL         「楽楽明細」URLを上書き（http://127.0.0.1:PORT/<account>/ のサンドボックスも可）
  --token-file FILE      APIトークンを書いたファイル（おすすめ。環境変数 MEISAI_API_TOKEN でも可）
  --token T              APIトークン（このPCの他のユーザーにもプロセス一覧で見えるため非推奨）
  --root DIR             ファイルの配置場所を上書き
  --data-dir DIR         実行履歴・ログ・作業用コピーの保存先`;

export const TOKEN_FLAG_WARNING =
  '警告: --token で渡したAPIトークンは、このPCの他のユーザーもプロセス一覧（タスクマネージャーや ps）で見ることができます。--token-file か環境変数 MEISAI_API_TOKEN を使ってください。\n';

export interface ConfigOptions {
  readonly config?: string | undefined;
  readonly 'base-url'?: string | undefined;
  readonly 'token-file'?: string | undefined;
  readonly token?: string | undefined;
  readonly root?: string | undefined;
  readonly 'data-dir'?: string | undefined;
}

export interface CommandConfig {
  readonly settings: Settings;
  readonly token: string;
  readonly paths: DataPaths;
  readonly redactor: Redactor;
  /** The system proxy from HTTPS_PROXY / NO_PROXY, and the trusted roots with NODE_EXTRA_CA_CERTS. */
  readonly network: EngineNetwork;
}

function tokenFile(path: string): TokenCandidate {
  return {
    origin: 'flag',
    where: `--token-file（${path}）`,
    async read(): Promise<Result<string | null>> {
      try {
        return ok((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
      } catch (e) {
        return err(describeFsError(e, 'APIトークンのファイルを読む', path));
      }
    },
  };
}

/** The loaded configuration, or the exit code after telling the clerk what is wrong (2: usage). */
export async function loadCommandConfig(values: ConfigOptions, io: CliIo, help: string): Promise<CommandConfig | { readonly exit: number }> {
  if (!values.config) {
    io.stderr(`--config で設定ファイルを指定してください。\n\n${help}`);
    return { exit: 2 };
  }
  if (values.token !== undefined && values['token-file'] !== undefined) {
    io.stderr(`--token と --token-file は一緒に使えません。--token-file だけを指定してください。\n\n${help}`);
    return { exit: 2 };
  }
  if (values.token !== undefined) io.stderr(TOKEN_FLAG_WARNING);
  const file = resolve(io.cwd, values.config);
  const loaded = loadConfig(file, { baseUrl: values['base-url'], root: values.root === undefined ? undefined : resolve(io.cwd, values.root) });
  if (!loaded.ok) {
    io.stderr(`設定に誤りがあります:\n${loaded.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return { exit: 2 };
  }
  const token = await resolveToken([
    values['token-file'] !== undefined ? tokenFile(resolve(io.cwd, values['token-file'])) : givenToken('flag', '--token', values.token),
    environmentToken(io.env),
    givenToken('file', `設定ファイルの meisai.apiToken（${file}）`, loaded.fileToken),
  ]);
  if (!token.ok || token.value === null) {
    io.stderr(`${token.ok ? 'APIトークンがありません。--token-file（おすすめ）、環境変数 MEISAI_API_TOKEN、または設定ファイルの meisai.apiToken で指定してください。' : token.error.message}\n`);
    return { exit: 2 };
  }
  const roots = trustedRoots(io.env);
  if (roots.warning !== null) io.stderr(`警告: ${roots.warning}\n`);
  const redactor = createRedactor();
  redactor.registerSecret(token.value.token);
  return {
    settings: loaded.settings,
    token: token.value.token,
    paths: commandDataPaths(values['data-dir'], io, { move: true }),
    redactor,
    network: { resolveProxy: environmentProxy(io.env), ca: roots.ca },
  };
}

/** The same rotating agent.log the tray app writes (support sees CLI runs too), echoed on stderr. */
export function openCommandLog(config: CommandConfig, io: CliIo, levels: { readonly file: LogLevel; readonly terminal: LogLevel }, clock: Clock): FileLogger {
  const terminal = createConsoleLogger({ level: levels.terminal, stream: { write: (t: string) => io.stderr(t) }, redactor: config.redactor, clock });
  return openAgentLog({ logDir: config.paths.logDir, clock, level: levels.file, redactor: config.redactor, alsoTo: terminal });
}

/** What tests and benchmarks shorten (the product uses the defaults). */
export interface CommandEngineTuning {
  /** null: no request budget (against the sandbox). */
  readonly requestsPerMinute?: number | null;
  readonly stableForMs?: number;
  readonly runnerOptions?: RunnerOptions;
}

/** The engine for `run` / `agent`, holding the data folder as `purpose`. */
export function openCommandEngine(config: CommandConfig, purpose: string, logger: FileLogger, clock: Clock, tuning: CommandEngineTuning & { readonly watch?: AgentWatchOptions } = {}): Result<Engine> {
  return openEngine({
    paths: config.paths,
    purpose,
    settings: () => config.settings,
    token: async () => ok(config.token),
    network: tuning.requestsPerMinute === undefined ? config.network : { ...config.network, requestsPerMinute: tuning.requestsPerMinute },
    clock,
    logger,
    tuning: {
      ...(tuning.stableForMs !== undefined ? { stableForMs: tuning.stableForMs } : {}),
      ...(tuning.runnerOptions ? { runner: tuning.runnerOptions } : {}),
      ...(tuning.watch ? { watch: tuning.watch } : {}),
    },
  });
}
