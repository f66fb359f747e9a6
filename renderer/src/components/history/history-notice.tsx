// What the clerk's last action in 実行履歴 did (送信済みにする, 再送する, CSV export), with a link to
// the run it started when it started one.
import { historyRun, formatHash } from '../../routing/route';
import { useHistory } from '../../stores/stores-context';

export function HistoryNotice() {
  const notice = useHistory((s) => s.notice);
  const runId = useHistory((s) => s.noticeRunId);
  return (
    <p className="notice" aria-live="polite">
      {notice}
      {notice !== null && runId !== null ? (
        <>
          {' '}
          <a href={formatHash(historyRun(runId))}>その実行を見る</a>
        </>
      ) : null}
    </p>
  );
}
