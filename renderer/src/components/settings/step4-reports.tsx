// Step4. 帳票データ連携設定1…N: one card per document setting, and the button that adds one.
import { useSettings } from '../../stores/stores-context';
import { FieldError } from '../common/field-error';
import { ReportCard } from './report-card';

export function Step4Reports() {
  const reports = useSettings((s) => s.draft.reports);
  const listError = useSettings((s) => s.errors['reports']);
  const addReport = useSettings((s) => s.addReport);
  return (
    <section className="step" aria-labelledby="step4-title" id="step4">
      <h2 id="step4-title">Step4. 帳票データ連携設定</h2>
      {reports.length === 0 ? <p className="empty">帳票データの連携設定はまだありません。「帳票データ連携設定を追加」で追加してください。</p> : null}
      {reports.map((r, i) => (
        <ReportCard key={r.key} index={i} count={reports.length} report={r} />
      ))}
      <FieldError path="reports" message={listError} />
      <button type="button" className="secondary add" onClick={addReport}>
        ＋ 帳票データ連携設定を追加
      </button>
    </section>
  );
}
