// One 帳票データ連携設定: closed, a summary line (帳票名, 連携タイミング, フォルダ, 次回の実行); open,
// its fields in the manual's order and the buttons that duplicate, move and delete it. A new card,
// and a card with an error, stay open.
import { LABELS } from '../../../../shared/settings/labels';
import { describeTiming } from '../../form/describe-timing';
import { sameTiming, type ReportDraft } from '../../form/settings-draft';
import { reportCardId } from '../../stores/settings-store';
import { useSettings } from '../../stores/stores-context';
import { YesNoField } from '../common/yes-no-field';
import { IdField, TextField } from '../common/text-field';
import { FirstLineField } from './first-line-field';
import { MatchingFiles } from './matching-files';
import { NextRunText, TimingField } from './timing-field';

function ReportActions({ index, count, name }: { readonly index: number; readonly count: number; readonly name: string }) {
  const duplicate = useSettings((s) => s.duplicateReport);
  const move = useSettings((s) => s.moveReport);
  const remove = useSettings((s) => s.removeReport);
  const title = `帳票データ連携設定${index + 1}${name === '' ? '' : `（${name}）`}`;
  return (
    <div className="report-actions" role="group" aria-label={`${title}の操作`}>
      <button type="button" className="secondary" onClick={() => duplicate(index)} aria-label={`${title}を複製`}>
        複製
      </button>
      <button type="button" className="secondary" onClick={() => move(index, index - 1)} disabled={index === 0} aria-label={`${title}を上へ移動`}>
        ↑ 上へ
      </button>
      <button type="button" className="secondary" onClick={() => move(index, index + 1)} disabled={index === count - 1} aria-label={`${title}を下へ移動`}>
        ↓ 下へ
      </button>
      <button
        type="button"
        className="danger"
        aria-label={`${title}を削除`}
        onClick={() => {
          if (window.confirm(`${title}を削除しますか？（「保存」を押すまでは確定しません）`)) remove(index);
        }}
      >
        削除
      </button>
    </div>
  );
}

export function ReportCard({ index, count, report }: { readonly index: number; readonly count: number; readonly report: ReportDraft }) {
  const errors = useSettings((s) => s.errors);
  const updateReport = useSettings((s) => s.updateReport);
  const savedTiming = useSettings((s) => s.saved?.reports.find((r) => r.id === report.id)?.timing);
  const base = `reports.${index}`;
  const set = (change: Partial<ReportDraft>) => updateReport(index, (r) => ({ ...r, ...change }));
  /** A text field's path, value, edit and error, from its key in the draft. */
  const bind = (key: 'name' | 'reportTypeId' | 'folder' | 'filePrefix' | 'approvalFlowId') => ({
    path: `${base}.${key}`,
    value: report[key],
    onChange: (v: string) => set({ [key]: v }),
    error: errors[`${base}.${key}`],
  });
  const timingSaved = savedTiming !== undefined && sameTiming(savedTiming, report.timing);
  const hasError = Object.keys(errors).some((path) => path.startsWith(`${base}.`));
  const chosen = useSettings((s) => s.openCards[report.key]);
  const setCardOpen = useSettings((s) => s.setCardOpen);
  const open = hasError || (chosen ?? report.id === undefined);
  const bodyId = `${base}-body`;
  const title = `帳票データ連携設定${index + 1}${report.name === '' ? '' : `（${report.name}）`}`;
  return (
    <section className={`report-card${open ? ' open' : ''}`} id={reportCardId(report.key)} aria-labelledby={`${base}-title`} data-report-index={index}>
      <header>
        <h3 id={`${base}-title`}>
          Step4. 帳票データ連携設定{index + 1}
          {report.name === '' ? null : <span className="report-name">{report.name}</span>}
        </h3>
        <button
          type="button"
          className="secondary card-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          aria-label={`${title}を${open ? '閉じる' : '開いて編集'}`}
          disabled={open && hasError}
          onClick={() => setCardOpen(report.key, !open)}
        >
          {open ? '閉じる' : '開いて編集'}
        </button>
      </header>
      {open ? null : (
        <dl className="card-summary" data-testid="card-summary">
          <div>
            <dt>帳票名</dt>
            <dd>{report.name === '' ? '（未入力）' : report.name}</dd>
          </div>
          <div>
            <dt>連携タイミング</dt>
            <dd>{describeTiming(report.timing)}</dd>
          </div>
          <div>
            <dt>フォルダ</dt>
            <dd>
              {report.folder}（{report.filePrefix}…）
            </dd>
          </div>
          {report.timing.mode === 'schedule' ? (
            <div>
              <dt>次回の実行</dt>
              <dd>
                <NextRunText reportId={report.id} saved={timingSaved} />
              </dd>
            </div>
          ) : null}
        </dl>
      )}
      <div id={bodyId} hidden={!open}>
        {!open ? null : (
          <>
            <ReportActions index={index} count={count} name={report.name} />
            <TimingField base={`${base}.timing`} reportId={report.id} timing={report.timing} saved={timingSaved} errors={errors} onChange={(timing) => set({ timing })} />
            <TextField {...bind('name')} label={LABELS.name} help="reportName" required placeholder="例: 請求書" />
            <IdField {...bind('reportTypeId')} label={LABELS.reportTypeId} help="reportTypeId" required placeholder="例: 14" />
            <TextField {...bind('folder')} label={LABELS.folder} help="reportFolder" required placeholder="例: billdata" />
            <TextField
              {...bind('filePrefix')}
              label={`${LABELS.filePrefix}（前方一致）`}
              help="reportFilePrefix"
              required
              placeholder="例: billdata"
              hint={<MatchingFiles target={report.id} folder={report.folder} prefix={report.filePrefix} />}
            />
            <FirstLineField path={`${base}.firstLine`} help="reportFirstLine" value={report.firstLine} onChange={(v) => set({ firstLine: v })} error={errors[`${base}.firstLine`]} />
            <YesNoField
              path={`${base}.approve`}
              label={LABELS.approve}
              help="approve"
              no="承認しない（「楽楽明細」で承認する）"
              yes="承認する（即時発行）"
              value={report.approve}
              onChange={(approve) => set({ approve })}
              error={errors[`${base}.approve`]}
            >
              <p className="hint">
                {report.approve
                  ? '連携の実行後に帳票が即時発行されます。「楽楽明細」での承認は不要です。'
                  : '連携の実行後、「楽楽明細」の帳票データ＞「承認依頼待ち」タブに帳票が表示されます。'}
              </p>
            </YesNoField>
            <IdField
              {...bind('approvalFlowId')}
              label={LABELS.approvalFlowId}
              help="approvalFlowId"
              placeholder="例: 3（承認フローオプションをお申し込みの場合のみ）"
              hint={
                report.approve && report.approvalFlowId.trim() !== '' ? (
                  <p className="warning">
                    承認フラグで「承認する」を選んでいるため、承認フロー設定で「承認をスキップする」にチェックを入れている承認フローIDだけが使えます。
                  </p>
                ) : undefined
              }
            />
          </>
        )}
      </div>
    </section>
  );
}

