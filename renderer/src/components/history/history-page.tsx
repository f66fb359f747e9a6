// 実行履歴, by address: one run in detail (#/history/<runId>), the settings whose latest run had
// errors (the header's エラーあり), or the filtered list (#/history?outcome=attention …).
import { useEffect, useRef } from 'react';
import { formatHash, HISTORY, type HistoryRoute } from '../../routing/route';
import { useRouter } from '../../routing/router';
import { useFocusOnMove } from '../../routing/use-focus-on-move';
import { hasErrors } from '../../stores/latest-runs-store';
import { useHistory, useLatestRuns } from '../../stores/stores-context';
import { HistoryFilters } from './history-filters';
import { HistoryNotice } from './history-notice';
import { HistoryTable } from './history-table';
import { RunDetailView } from './run-detail';

function HistoryList({ route }: { readonly route: HistoryRoute }) {
  const showList = useHistory((s) => s.showList);
  const error = useHistory((s) => s.error);
  const runs = useHistory((s) => s.runs);
  const total = useHistory((s) => s.total);
  const offset = useHistory((s) => s.offset);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMove(heading, `list:${route.outcome}:${route.target}`);
  useEffect(() => {
    void showList({ target: route.target ?? '', outcome: route.outcome ?? '' });
  }, [showList, route.target, route.outcome]);
  return (
    <div className="history-page">
      <h2 ref={heading} tabIndex={-1}>
        実行履歴
      </h2>
      <HistoryFilters route={route} />
      <HistoryNotice />
      {error === null ? null : (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <HistoryTable runs={runs} total={total} offset={offset} />
    </div>
  );
}

function LatestErrors() {
  const latest = useLatestRuns((s) => s.latest);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMove(heading, 'latest-errors');
  const runs = latest.filter(hasErrors);
  return (
    <div className="history-page">
      <h2 ref={heading} tabIndex={-1}>
        最新の実行でエラーがあった連携設定
      </h2>
      <p>
        連携設定ごとの最新の実行のうち、エラーがあったものです。次の実行が成功すると、ここから消えます。{' '}
        <a href={formatHash(HISTORY)}>すべての実行履歴を見る</a>
      </p>
      <HistoryTable runs={runs} total={runs.length} offset={0} emptyText="最新の実行でエラーがあった連携設定はありません。" />
    </div>
  );
}

export function HistoryPage() {
  const { route } = useRouter();
  if (route.page !== 'history') return null;
  if (route.runId !== null) return <RunDetailView runId={route.runId} />;
  return route.view === 'latest-errors' ? <LatestErrors /> : <HistoryList route={route} />;
}
