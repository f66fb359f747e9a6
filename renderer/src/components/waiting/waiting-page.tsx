// 待機中のファイル: one section per setting (顧客データ, then each 帳票データ連携設定 in order), each
// with the files that will go, the files in the folder that will not (and why), and when they go.
import { useEffect } from 'react';
import { useSettings, useWaiting } from '../../stores/stores-context';
import { WaitingGroup } from './waiting-group';

export function WaitingPage() {
  const load = useWaiting((s) => s.load);
  const groups = useWaiting((s) => s.groups);
  const error = useWaiting((s) => s.error);
  const saved = useSettings((s) => s.saved);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="waiting-page">
      <h2>待機中のファイル</h2>
      {error === null ? null : (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {saved === null ? (
        <p className="empty">まだ連携設定が保存されていません。「連携設定」で設定を保存してください。</p>
      ) : (
        <>
          <WaitingGroup
            title="顧客データ"
            target={{ kind: 'customers' }}
            keyName="customers"
            group={groups.find((g) => g.target === 'customers')}
            runnable
            prefix={saved.customers.filePrefix}
          />
          {saved.reports.map((r, i) => (
            <WaitingGroup
              key={r.id}
              title={`帳票データ連携設定${i + 1}（${r.name}）`}
              target={{ kind: 'report', reportId: r.id }}
              keyName={r.id}
              group={groups.find((g) => g.target === r.id)}
              runnable={r.timing.mode !== 'none'}
              prefix={r.filePrefix}
            />
          ))}
        </>
      )}
    </div>
  );
}
