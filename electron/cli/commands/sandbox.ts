// `meisai-connector sandbox`: runs the built-in 楽楽明細 emulator in the foreground so the tray app,
// the CLI or a hand-made curl can be pointed at it. Prints the base URL and token, logs each request,
// and stops cleanly on Ctrl+C (SIGINT) or SIGTERM.
import type { LogFields, Logger } from '../../core/ports/logger';
import { defaultSandboxAccount, SANDBOX_ACCOUNT, SANDBOX_TOKEN, startSandbox } from '../../core/sandbox/sandbox-server';
import { parseCommandArgs } from '../command-args';

export const SANDBOX_HELP = `使い方: meisai-connector sandbox [--port N] [--account A] [--token T] [--import-delay MS] [--rate-limit N|off]

楽楽明細APIの模擬サーバー（サンドボックス）を 127.0.0.1 で起動します。Ctrl+C で停止します。
  --port N           待ち受けるポート（省略時: 0 = 空いているポート）
  --account A        アカウント名（URLの /<アカウント>/ 部分。省略時: ${SANDBOX_ACCOUNT}）
  --token T          APIトークン（英数字。省略時: 固定のサンドボックス用トークン）
  --import-delay MS  取込が「処理中」から「完了」になるまでの時間（省略時: 300）
  --rate-limit N|off 1分間あたりのリクエスト上限（省略時: 20、off で無制限）
`;

export interface SandboxCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Stops the server like SIGINT does (tests; an embedding process). */
  readonly stopSignal?: AbortSignal;
}

export async function sandboxCommand(argv: readonly string[], io: SandboxCommandIo): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    port: { type: 'string' },
    account: { type: 'string' },
    token: { type: 'string' },
    'import-delay': { type: 'string' },
    'rate-limit': { type: 'string' },
  }, SANDBOX_HELP, io);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const port = integerOption(values.port ?? '0', 0, 65_535);
  const importDelayMs = integerOption(values['import-delay'] ?? '300', 0, 3_600_000);
  const rateLimit = values['rate-limit'] === 'off' ? null : integerOption(values['rate-limit'] ?? '20', 1, 100_000);
  const account = values.account ?? SANDBOX_ACCOUNT;
  const token = values.token ?? SANDBOX_TOKEN;
  const problems = [
    port === undefined ? '--port は 0〜65535 の整数で指定してください。' : null,
    importDelayMs === undefined ? '--import-delay は 0 以上の整数（ミリ秒）で指定してください。' : null,
    rateLimit === undefined ? '--rate-limit は 1 以上の整数か off で指定してください。' : null,
    /^[A-Za-z0-9_-]{1,64}$/.test(account) ? null : '--account は英数字・ハイフン・下線で指定してください。',
    /^[A-Za-z0-9]{1,256}$/.test(token) ? null : '--token は英数字で指定してください。',
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) {
    io.stderr(`${problems.join('\n')}\n\n${SANDBOX_HELP}`);
    return 2;
  }

  let sandbox;
  try {
    sandbox = await startSandbox({
      port, importDelayMs, rateLimitPerMinute: rateLimit ?? null,
      accounts: [defaultSandboxAccount({ account, token })],
      logger: consoleLogger(io),
    });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    io.stderr(code === 'EADDRINUSE'
      ? `ポート ${port} は使用中です。別のポートを --port で指定するか、--port 0 で空いているポートを使ってください。\n`
      : `サンドボックスを起動できませんでした: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  io.stdout([
    '楽楽明細APIサンドボックスを起動しました（停止: Ctrl+C）',
    `  「楽楽明細」URL : ${sandbox.baseUrl()}`,
    `  APIトークン     : ${token}`,
    `  取込設定ID       : ${defaultSandboxAccount().customerFormats.map((f) => `${f.settingId}（${f.name}）`).join('、')}`,
    `  帳票種別ID       : ${defaultSandboxAccount().documentTypes.map((t) => `${t.reportTypeId}（${t.name}）`).join('、')}`,
    '',
  ].join('\n'));

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stopSignal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.stopSignal?.aborted) stop();
    else io.stopSignal?.addEventListener('abort', stop, { once: true });
  });
  const received = sandbox.imports().length;
  await sandbox.close();
  io.stdout(`サンドボックスを停止しました（受け取った取込: ${received}件）\n`);
  return 0;
}

function integerOption(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

/** Request lines to stdout so the person running the sandbox sees the traffic. */
function consoleLogger(io: SandboxCommandIo, base: LogFields = {}): Logger {
  const line = (level: string, message: string, fields: LogFields = {}) => {
    const all = { ...base, ...fields };
    const text = Object.entries(all).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
    (level === 'error' || level === 'warn' ? io.stderr : io.stdout)(`${new Date().toISOString()} ${message}${text ? ` ${text}` : ''}\n`);
  };
  return {
    debug: () => {},
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
    child: (fields) => consoleLogger(io, { ...base, ...fields }),
  };
}
