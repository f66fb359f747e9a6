// The runs, newest first: time, setting, trigger, result, counts. Each row opens its detail.
import { TRIGGER_LABELS, type RunSummary } from '../../../../shared/run';
import { formatDateTime } from '../../form/describe-timing';
import { PAGE_SIZE } from '../../stores/history-store';
import { useHistory } from '../../stores/stores-context';
import { OutcomeBadge } from './outcome-badge';

function Counts({ run }: { readonly run: RunSummary }) {
  const c = run.counts;
  return (
    <span className="counts">
      {c.files}件中 完了{c.done}
      {c.failed > 0 ? ` / エラー${c.failed}` : ''}
      {c.skipped > 0 ? ` / 保留${c.skipped}` : ''}
      {c.attention > 0 ? ` / 要確認${c.attention}` : ''}
    </span>
  );
}

export function HistoryTable() {
  const runs = useHistory((s) => s.runs);
  const total = useHistory((s) => s.total);
  const offset = useHistory((s) => s.offset);
  const openRun = useHistory((s) => s.openRun);
  const setPage = useHistory((s) => s.setPage);
  if (runs.length === 0) return <p className="empty">条件に合う実行履歴はありません。</p>;
  return (
    <>
      <table className="history">
        <caption>
          実行履歴（{total}件中 {offset + 1}〜{offset + runs.length}件目、新しい順）
        </caption>
        <thead>
          <tr>
            <th scope="col">開始日時</th>
            <th scope="col">連携設定</th>
            <th scope="col">実行の種類</th>
            <th scope="col">結果</th>
            <th scope="col">件数</th>
            <th scope="col">
              <span className="visually-hidden">詳細</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>{formatDateTime(run.startedAt)}</td>
              <td>{run.targetName}</td>
              <td>{TRIGGER_LABELS[run.trigger]}</td>
              <td>
                <OutcomeBadge outcome={run.outcome} />
              </td>
              <td>
                <Counts run={run} />
              </td>
              <td>
                <button type="button" className="link" onClick={() => void openRun(run.id)} aria-label={`${formatDateTime(run.startedAt)} ${run.targetName} の詳細`}>
                  詳細
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > PAGE_SIZE ? (
        <div className="pager">
          <button type="button" className="secondary" disabled={offset === 0} onClick={() => void setPage(offset - PAGE_SIZE)}>
            前へ
          </button>
          <button type="button" className="secondary" disabled={offset + PAGE_SIZE >= total} onClick={() => void setPage(offset + PAGE_SIZE)}>
            次へ
          </button>
        </div>
      ) : null}
    </>
  );
}
