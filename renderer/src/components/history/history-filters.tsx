// The filters of 実行履歴: setting, result and date range, and the CSV export of what they select.
import { OUTCOME_LABELS, type RunOutcome } from '../../../../shared/run';
import { useHistory, useSettings } from '../../stores/stores-context';
import { downloadText } from './download-text';

const OUTCOMES = Object.keys(OUTCOME_LABELS) as RunOutcome[];

export function HistoryFilters() {
  const filter = useHistory((s) => s.filter);
  const setFilter = useHistory((s) => s.setFilter);
  const exportCsv = useHistory((s) => s.exportCsv);
  const reports = useSettings((s) => s.saved?.reports ?? []);
  return (
    <div className="filters" role="search" aria-label="実行履歴の絞り込み">
      <div className="field select">
        <label htmlFor="filter-target">連携設定</label>
        <select id="filter-target" value={filter.target} onChange={(e) => void setFilter({ target: e.target.value })}>
          <option value="">すべて</option>
          <option value="customers">顧客データ</option>
          {reports.map((r, i) => (
            <option key={r.id} value={r.id}>
              帳票データ連携設定{i + 1}（{r.name}）
            </option>
          ))}
        </select>
      </div>
      <div className="field select">
        <label htmlFor="filter-outcome">結果</label>
        <select id="filter-outcome" value={filter.outcome} onChange={(e) => void setFilter({ outcome: e.target.value as RunOutcome | '' })}>
          <option value="">すべて</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-from">開始日</label>
        <input id="filter-from" type="date" value={filter.from} onChange={(e) => void setFilter({ from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">終了日</label>
        <input id="filter-to" type="date" value={filter.to} onChange={(e) => void setFilter({ to: e.target.value })} />
      </div>
      <div className="field filter-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            void exportCsv().then((file) => {
              if (file !== null) downloadText(file.fileName, file.csv, 'text/csv');
            });
          }}
        >
          CSVに書き出す
        </button>
      </div>
    </div>
  );
}
