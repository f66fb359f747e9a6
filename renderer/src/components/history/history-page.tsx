// 実行履歴: filters, the list of runs and the detail of the one opened.
import { useEffect } from 'react';
import { useHistory } from '../../stores/stores-context';
import { HistoryFilters } from './history-filters';
import { HistoryTable } from './history-table';
import { RunDetailView } from './run-detail';

export function HistoryPage() {
  const load = useHistory((s) => s.load);
  const error = useHistory((s) => s.error);
  const notice = useHistory((s) => s.notice);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="history-page">
      <h2>実行履歴</h2>
      <HistoryFilters />
      <p className="notice" aria-live="polite">
        {notice}
      </p>
      {error === null ? null : (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <HistoryTable />
      <RunDetailView />
    </div>
  );
}
