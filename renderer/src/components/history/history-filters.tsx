// The filters of 実行履歴: setting and result (kept in the address, so a badge or a link can open
// the list already filtered), the date range typed as 2026/11/30, and the CSV export of what they
// select.
import { useState } from 'react';
import { OUTCOME_LABELS, type RunOutcome } from '../../../../shared/run';
import { DATE_FORMAT_MESSAGE, isoDateToText, parseDateInput } from '../../form/clerk-format';
import type { HistoryRoute } from '../../routing/route';
import { useRouter } from '../../routing/router';
import type { HistoryFilterDraft } from '../../stores/history-store';
import { useHistory, useSettings } from '../../stores/stores-context';
import { downloadText } from './download-text';

const OUTCOMES = Object.keys(OUTCOME_LABELS) as RunOutcome[];

/** A date typed the way the clerk writes it; the filter changes once it reads as a date. */
function DateFilter({ id, label, value, onChange }: { readonly id: string; readonly label: string; readonly value: string; readonly onChange: (iso: string) => void }) {
  const [text, setText] = useState(isoDateToText(value));
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = `${id}-hint`;
  const apply = (typed: string, final: boolean) => {
    const parsed = parseDateInput(typed);
    if (parsed.ok) {
      setProblem(null);
      if ((parsed.iso ?? '') !== value) onChange(parsed.iso ?? '');
    } else if (final) setProblem(parsed.message);
  };
  return (
    <div className={`field date${problem === null ? '' : ' has-error'}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        className="date-input"
        value={text}
        placeholder="例: 2026/11/30"
        aria-invalid={problem !== null}
        aria-describedby={hintId}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          apply(e.target.value, false);
        }}
        onBlur={(e) => {
          const parsed = parseDateInput(e.target.value);
          if (parsed.ok && parsed.iso !== null) setText(isoDateToText(parsed.iso));
          apply(e.target.value, true);
        }}
      />
      <p className={problem === null ? 'hint visually-hidden' : 'field-error'} id={hintId}>
        {problem ?? DATE_FORMAT_MESSAGE}
      </p>
    </div>
  );
}

/** One empty list for "no settings saved yet": a fresh [] per render would re-render forever. */
const NO_REPORTS: readonly [] = [];

export function HistoryFilters({ route }: { readonly route: HistoryRoute }) {
  const filter = useHistory((s) => s.filter);
  const setFilter = useHistory((s) => s.setFilter);
  const exportCsv = useHistory((s) => s.exportCsv);
  const reports = useSettings((s) => s.saved?.reports ?? NO_REPORTS);
  const { navigate } = useRouter();
  const show = (change: Partial<Pick<HistoryFilterDraft, 'target' | 'outcome'>>) => {
    const target = change.target ?? route.target ?? '';
    const outcome = change.outcome ?? route.outcome ?? '';
    navigate({ ...route, target: target === '' ? null : target, outcome: outcome === '' ? null : outcome }, { replace: true });
  };
  return (
    <div className="filters" role="search" aria-label="実行履歴の絞り込み">
      <div className="field select">
        <label htmlFor="filter-target">連携設定</label>
        <select id="filter-target" value={filter.target} onChange={(e) => show({ target: e.target.value })}>
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
        <select id="filter-outcome" value={filter.outcome} onChange={(e) => show({ outcome: e.target.value as RunOutcome | '' })}>
          <option value="">すべて</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
      <DateFilter id="filter-from" label="開始日" value={filter.from} onChange={(from) => void setFilter({ from })} />
      <DateFilter id="filter-to" label="終了日" value={filter.to} onChange={(to) => void setFilter({ to })} />
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
