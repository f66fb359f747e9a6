// The lost run history, on every page until the clerk confirms it: what was found, where the damaged
// files were kept, what the sent ledger gave back, and that document files wait meanwhile. The
// confirmation asks once more, saying what it lets happen.
import { formatDateTimeShort } from '../form/clerk-format';
import { formatHash, HISTORY } from '../routing/route';
import { useAgent } from '../stores/stores-context';

/** Asked before document files go again. */
export const CONFIRM_LOSS_QUESTION = [
  '帳票データの送信を再開します。',
  '実行履歴が失われる前に送信した帳票は、送信の記録（sent-ledger）から分かる範囲で確認します。同じ行を含むファイルは「要確認（一部送信済み）」として止まります。',
  '楽楽明細の取込履歴で、最近の取込に心当たりのないものがないか確認しましたか？',
].join('\n');

export function HistoryLossBanner() {
  const loss = useAgent((s) => s.status?.historyLoss ?? null);
  const confirm = useAgent((s) => s.confirmHistoryLoss);
  const error = useAgent((s) => s.lossError);
  if (loss === null) return null;
  const back = loss.recovered.held + loss.recovered.polled;
  return (
    <section className="history-loss" role="alert" aria-labelledby="history-loss-title" data-testid="history-loss">
      <h2 id="history-loss-title">実行履歴が失われました（{formatDateTimeShort(loss.detectedAt)}に検出）</h2>
      <p>{loss.message}</p>
      {back > 0 ? (
        <p>
          戻した送信は<a href={formatHash({ ...HISTORY, outcome: 'attention' })}>実行履歴（要確認）</a>で確認できます。
        </p>
      ) : null}
      <button
        type="button"
        onClick={() => {
          if (window.confirm(CONFIRM_LOSS_QUESTION)) void confirm();
        }}
      >
        確認しました（帳票データの送信を再開する）
      </button>
      {error === null ? null : <p className="error-text">{error}</p>}
    </section>
  );
}
