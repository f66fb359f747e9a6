// After a refused save: every problem in one list at the top of the form, each a link that moves
// focus to its field (where the same message stands beside it).
import { fieldId } from '../common/field-ids';
import { useSettings } from '../../stores/stores-context';

/** Where the clerk should look for a path: "Step4 帳票データ連携設定2" etc. */
export function stepOf(path: string): string {
  const report = /^reports\.(\d+)\./.exec(path);
  if (report !== null) return `Step4 帳票データ連携設定${Number(report[1]) + 1}`;
  if (path.startsWith('meisai.')) return 'Step1';
  if (path.startsWith('agent.')) return 'Step2';
  if (path.startsWith('customers.')) return 'Step3';
  return 'Step4';
}

const SECTION_ORDER = ['meisai.url', 'meisai.apiToken', 'agent.', 'customers.', 'reports'];
const REPORT_FIELD_ORDER = ['timing', 'name', 'reportTypeId', 'folder', 'filePrefix', 'firstLine', 'approve', 'approvalFlowId'];

/** The order fields stand on the page, so the summary reads top to bottom like the form. */
function fieldRank(path: string): number {
  const report = /^reports\.(\d+)\.([A-Za-z]+)/.exec(path);
  if (report !== null) {
    const field = REPORT_FIELD_ORDER.indexOf(report[2] ?? '');
    return 1000 + Number(report[1]) * 100 + (field === -1 ? 99 : field);
  }
  const section = SECTION_ORDER.findIndex((prefix) => path.startsWith(prefix));
  return section === -1 ? 999 : section * 10;
}

export function ErrorSummary() {
  const errors = useSettings((s) => s.errors);
  const entries = Object.entries(errors).sort(([a], [b]) => fieldRank(a) - fieldRank(b) || a.localeCompare(b, 'en', { numeric: true }));
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} id="error-summary">
      <h2 id="error-summary-title">入力内容を確認してください（{entries.length}件）。保存していません。</h2>
      <ul>
        {entries.map(([path, message]) => (
          <li key={path}>
            <a
              href={`#${fieldId(path)}`}
              onClick={(e) => {
                e.preventDefault();
                const el = document.getElementById(fieldId(path));
                const target = el instanceof HTMLFieldSetElement ? el.querySelector('input') : el;
                target?.focus();
                target?.scrollIntoView({ block: 'center' });
              }}
            >
              {stepOf(path)}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
