// Step 1's 「接続テスト」: one cheap read-only call (customer lookup) with the URL and token the clerk
// is looking at, through the proxy the agent would use, answered in the clerk's terms — OK, wrong
// token, wrong URL, maintenance, no network, refused by IP restriction — and always naming the proxy.
import type { ConnectionTestResult } from '../../../shared/ipc/contract';
import { normalizeMeisaiUrl } from '../../../shared/settings/meisai-url';
import type { ApiError, MeisaiApi } from '../api/types';

export interface ConnectionTestInput {
  readonly url: string;
  readonly token: string | null;
  /** Accept a loopback URL (the app runs against the built-in sandbox). */
  readonly allowLoopback: boolean;
  /** Chooses the proxy for the normalised URL and builds the client through it. */
  readonly connect: (baseUrl: string, token: string) => Promise<{ readonly api: MeisaiApi; readonly proxy: string }>;
  readonly signal?: AbortSignal;
}

export function describeApiError(error: ApiError): Exclude<ConnectionTestResult, { outcome: 'ok' }>['outcome'] {
  switch (error.kind) {
    case 'auth':
      return error.status === 403 ? 'forbidden' : 'bad-token';
    case 'not-found':
      return 'bad-url';
    case 'maintenance':
      return 'maintenance';
    case 'unreachable':
    case 'uncertain':
      return 'network';
    default:
      return 'unexpected';
  }
}

export async function testConnection(input: ConnectionTestInput): Promise<ConnectionTestResult> {
  const url = normalizeMeisaiUrl(input.url, { allowLoopback: input.allowLoopback });
  if (!url.ok) return { outcome: 'bad-url', message: url.error, proxy: '（接続していません）' };
  if (input.token === null || input.token.trim() === '') {
    return { outcome: 'bad-token', message: 'APIトークンを入力してください。「楽楽明細」のAPI設定画面で発行したトークンです。', proxy: '（接続していません）' };
  }
  const { api, proxy } = await input.connect(url.value, input.token.trim());
  const r = await api.lookupCustomers('', input.signal);
  if (r.ok) return { outcome: 'ok', url: url.value, proxy, customers: r.value.count };
  // The client's messages already name the cause (the 403 one mentions IP restriction).
  return { outcome: describeApiError(r.error), message: r.error.message, proxy };
}
