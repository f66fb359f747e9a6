// A run's result as a clerk would say it: 同一内容のため送信せず rather than 「対象なし・1件中 完了0」,
// データなし, and 承認待ち after a 承認しない setting sent documents (they wait in 楽楽明細's
// 「承認依頼待ち」 until someone approves them). Pure: from the run, its files when known, and the
// setting's 承認フラグ.
import { OUTCOME_LABELS, type FileRecord, type RunOutcome, type RunSummary } from '../../../shared/run';

export type OutcomeTone = RunOutcome | 'waiting-approval';

export interface OutcomeWords {
  readonly label: string;
  readonly tone: OutcomeTone;
}

export const APPROVAL_NOTE =
  '連携した帳票は「楽楽明細」の帳票データ＞「承認依頼待ち」タブに表示されています。楽楽明細の「承認依頼待ち」で承認してください。';

/** What the run's message says after the setting's name: 「1件完了、同一内容1件」. */
export function messageBody(run: Pick<RunSummary, 'message' | 'targetName'>): string {
  const prefix = `${run.targetName}: `;
  return run.message.startsWith(prefix) ? run.message.slice(prefix.length) : run.message;
}

function nothingLabel(run: RunSummary, files: readonly FileRecord[] | null): string {
  if (files !== null) {
    if (files.length === 0) return '対象のファイルなし';
    if (files.every((f) => f.state.state === 'duplicate')) return '同一内容のため送信せず';
    if (files.every((f) => f.state.state === 'no-data')) return 'データなし';
    return '送信するデータなし';
  }
  const body = messageBody(run);
  const duplicate = body.includes('同一内容');
  const noData = body.includes('データなし');
  if (duplicate && !noData) return '同一内容のため送信せず';
  if (noData && !duplicate) return 'データなし';
  return duplicate ? '送信するデータなし' : '対象のファイルなし';
}

/**
 * `approvalPending`: the run's setting sends with 承認しない, so what it imported waits for approval.
 * The run summary's own outcome decides the rest.
 */
export function outcomeWords(run: RunSummary, approvalPending: boolean, files: readonly FileRecord[] | null = null): OutcomeWords {
  if (run.outcome === 'nothing') return { label: nothingLabel(run, files), tone: 'nothing' };
  if (run.outcome === 'success' && approvalPending) return { label: '完了（承認待ち）', tone: 'waiting-approval' };
  return { label: OUTCOME_LABELS[run.outcome], tone: run.outcome };
}

/** Whether documents of this run wait in 「承認依頼待ち」: a 承認しない setting imported something. */
export function awaitsApproval(run: RunSummary, approveOf: (reportId: string) => boolean | undefined): boolean {
  return run.target.kind === 'report' && approveOf(run.target.reportId) === false && run.counts.done > 0;
}
