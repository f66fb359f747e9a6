// 「接続テスト」: one cheap read-only call with the URL and token as typed, and a result the clerk can
// act on (OK, wrong token, wrong URL, maintenance, no network), always naming the proxy used.
import type { ConnectionTestResult } from '../../../../shared/ipc/contract';
import { useSettings } from '../../stores/stores-context';
import { HelpButton, HelpText, useHelpOpen } from '../common/help-text';

const OUTCOME_TITLES: Record<Exclude<ConnectionTestResult['outcome'], 'ok'>, string> = {
  'bad-token': 'APIトークンが正しくありません',
  'bad-url': '「楽楽明細」URLが正しくありません',
  maintenance: '「楽楽明細」はメンテナンス中です',
  network: 'インターネットに接続できません',
  forbidden: 'アクセスが拒否されました（IPアドレス制限）',
  unexpected: '予期しない応答がありました',
};

const proxyText = (proxy: string): string => (proxy === '' || proxy === 'direct' ? '直接接続（プロキシなし）' : proxy);

function ResultView({ result }: { readonly result: ConnectionTestResult }) {
  if (result.outcome === 'ok') {
    return (
      <div className="result ok" data-outcome="ok">
        <p className="result-title">接続できました</p>
        <p>接続先: {result.url}</p>
        {result.customers === null ? null : <p>登録されている顧客: {result.customers}件</p>}
        <p>経路: {proxyText(result.proxy)}</p>
      </div>
    );
  }
  return (
    <div className="result error" data-outcome={result.outcome}>
      <p className="result-title">{OUTCOME_TITLES[result.outcome]}</p>
      <p>{result.message}</p>
      <p>経路: {proxyText(result.proxy)}</p>
    </div>
  );
}

export function ConnectionTest() {
  const connection = useSettings((s) => s.connection);
  const testConnection = useSettings((s) => s.testConnection);
  const help = useHelpOpen();
  return (
    <div className="field connection-test">
      <div className="input-row">
        <button type="button" onClick={() => void testConnection()} disabled={connection.state === 'testing'} aria-describedby="connection-test-help">
          接続テスト
        </button>
        <HelpButton helpId="connection-test-help" label="接続テスト" open={help.open} onToggle={help.toggle} />
      </div>
      <div aria-live="polite" className="connection-result">
        {connection.state === 'testing' ? <p className="busy">接続しています…</p> : null}
        {connection.state === 'done' ? <ResultView result={connection.result} /> : null}
        {connection.state === 'error' ? (
          <div className="result error" data-outcome="error">
            <p className="result-title">接続テストを実行できませんでした</p>
            <p>{connection.error.message}</p>
          </div>
        ) : null}
      </div>
      <HelpText id="connection-test-help" help="connectionTest" open={help.open} />
    </div>
  );
}
