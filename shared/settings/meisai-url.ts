// Normalises the 「楽楽明細」URL the way the manual asks: the tenant's admin URL up to and including
// `/<account>/`, with `backadmin` (and what follows) removed. Clerks paste all sorts of things, so
// this is lenient about what it cuts and strict about where it may point.
import { err, ok, type Result } from '../result';

export interface MeisaiUrlOptions {
  /** Accept `http://127.0.0.1:PORT/<account>/` — only for the built-in sandbox, chosen explicitly. */
  readonly allowLoopback?: boolean;
}

const LABEL = '「楽楽明細」URL';
const CUT_SEGMENTS = new Set(['backadmin', 'index', 'mypage', 'api']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function normalizeMeisaiUrl(input: string, options: MeisaiUrlOptions = {}): Result<string, string> {
  const trimmed = input.replace(/[\s\u3000]+/g, '');
  if (trimmed === '') return err(`${LABEL}を入力してください。`);
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return err(`${LABEL}の形式が正しくありません。管理画面のURLを貼り付けてください。`);
  }
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (loopback) {
    if (!options.allowLoopback) {
      return err(`${LABEL}に自分のPC（${host}）は指定できません。サンドボックスを使う場合は、サンドボックスを明示的に選んでください。`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return err(`${LABEL}は http または https で始めてください。`);
    }
  } else {
    if (url.protocol !== 'https:') {
      return err(`${LABEL}は「https://」で始まる必要があります（http は使えません）。`);
    }
    if (!(host === 'eco-serv.jp' || host.endsWith('.eco-serv.jp'))) {
      return err(`${LABEL}は「https://○○.eco-serv.jp/（アカウント）/」の形式で入力してください（入力されたホスト: ${host}）。`);
    }
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const cutAt = segments.findIndex((s) => CUT_SEGMENTS.has(s.toLowerCase()));
  const kept = cutAt === -1 ? segments : segments.slice(0, cutAt);
  if (kept.length === 0) {
    return err(`${LABEL}にアカウント部分がありません。「https://○○.eco-serv.jp/xxxxxxx/」までを貼り付けてください。`);
  }
  if (kept.length > 1) {
    return err(`${LABEL}は「https://○○.eco-serv.jp/xxxxxxx/」までを貼り付けてください（余分な部分: /${kept.slice(1).join('/')}）。`);
  }
  const port = url.port === '' ? '' : `:${url.port}`;
  return ok(`${url.protocol}//${host}${port}/${kept[0]}/`);
}
