// The runs, newest first: time, setting, trigger, result in a clerk's words, what happened to the
// files. Each row links to its detail (#/history/<runId>).
import { TRIGGER_LABELS, type RunSummary } from '../../../../shared/run';
import { formatDateTimeShort, formatLines } from '../../form/clerk-format';
import { awaitsApproval, messageBody } from '../../form/run-words';
import { formatHash, historyRun } from '../../routing/route';
import { PAGE_SIZE } from '../../stores/history-store';
import { useHistory, useSettings } from '../../stores/stores-context';
import { OutcomeBadge } from './outcome-badge';

/** 「ファイル2件・14行: 1件完了、1件エラー」 — the files and their lines counted, then the run's own words for them. */
export function runContents(run: RunSummary): string {
  const body = messageBody(run);
  if (run.counts.files === 0) return body;
  const lines = run.counts.lines ?? 0;
  return `ファイル${run.counts.files}件${lines > 0 ? `・${formatLines(lines)}` : ''}: ${body}`;
}

/** Whether a setting sends with 承認しない (its imported documents wait for approval). */
export function useApproveOf(): (reportId: string) => boolean | undefined {
  const reports = useSettings((s) => s.saved?.reports);
  return (reportId) => reports?.find((r) => r.id === reportId)?.approve;
}

export function HistoryTable({ runs, total, offset, emptyText }: { readonly runs: readonly RunSummary[]; readonly total: number; readonly offset: number; readonly emptyText?: string }) {
  const setPage = useHistory((s) => s.setPage);
  const approveOf = useApproveOf();
  if (runs.length === 0) return <p className="empty">{emptyText ?? '条件に合う実行履歴はありません。'}</p>;
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
            <th scope="col">内容</th>
            <th scope="col">
              <span className="visually-hidden">詳細</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td className="date-cell">{formatDateTimeShort(run.startedAt)}</td>
              <td>{run.targetName}</td>
              <td className="nowrap">{TRIGGER_LABELS[run.trigger]}</td>
              <td>
                <OutcomeBadge run={run} approvalPending={awaitsApproval(run, approveOf)} />
              </td>
              <td>{runContents(run)}</td>
              <td>
                <a href={formatHash(historyRun(run.id))} aria-label={`${formatDateTimeShort(run.startedAt)} ${run.targetName} の詳細`}>
                  詳細
                </a>
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
