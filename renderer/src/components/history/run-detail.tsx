// One run in detail (#/history/<runId>): its result in a clerk's words, then its files — the
// customer file a document run sent first under 顧客データ, with its own status — each with its
// lines, what happened and what to do next (the same words as its _エラー内容.txt), the 要確認
// choice, the answer to a file whose lines were sent before (送信しない / 差替発行 / 新規発行),
// sending a 同一内容 file anyway after a warning, a 再送待ち file's next automatic attempt, the
// release of documents held by a refused customer file, and ファイルを表示 (the file where it is now).
import { useEffect, useRef } from 'react';
import { clerkAdvice, DUPLICATE_MESSAGE, isCustomerHold } from '../../../../shared/clerk-advice';
import { awaitsOverlapChoice, FILE_STATE_LABELS, TRIGGER_LABELS, type FileRecord, type RetryWaitState, type RunDetail } from '../../../../shared/run';
import { formatDateTimeShort, formatLines } from '../../form/clerk-format';
import { APPROVAL_NOTE, awaitsApproval, messageBody } from '../../form/run-words';
import { formatHash, HISTORY, historyRun } from '../../routing/route';
import { useFocusOnMove } from '../../routing/use-focus-on-move';
import { useHistory } from '../../stores/stores-context';
import { FileProblems } from './file-problems';
import { HeldFlow } from './held-flow';
import { HistoryNotice } from './history-notice';
import { useApproveOf } from './history-table';
import { OutcomeBadge } from './outcome-badge';
import { OverlapFlow, OverlapLines, overlapAnswerText } from './overlap-flow';

function importIdOf(f: FileRecord): number | null {
  const s = f.state;
  return 'importId' in s && s.importId !== undefined ? s.importId : null;
}

/** Asked before sending content that 楽楽明細 already has: the customers could get the documents twice. */
export const FORCE_SEND_QUESTION =
  '同じ内容のファイルがすでに取り込まれています。もう一度送ると、お客様に同じ帳票が二重に届くおそれがあります。それでも送信しますか？';

function ForceChoice({ file }: { readonly file: FileRecord }) {
  const forceSend = useHistory((s) => s.forceSend);
  const onClick = () => {
    if (window.confirm(FORCE_SEND_QUESTION)) void forceSend(file.id);
  };
  return (
    <div className="held-choice" role="group" aria-label={`${file.fileName} の同一内容の対応`}>
      <button type="button" className="secondary" onClick={onClick}>
        同じ内容でも送信する
      </button>
    </div>
  );
}

/** Asked before documents go without the customer file that was refused: lines may name unknown customers. */
export const CUSTOMER_HOLD_QUESTION =
  '顧客データが楽楽明細に取り込まれていないまま帳票データを送ると、登録されていない顧客コードの行はエラーになります。顧客データを待たずに送信しますか？';

function CustomerHoldChoice({ file }: { readonly file: FileRecord }) {
  const release = useHistory((s) => s.releaseCustomerHold);
  const onClick = () => {
    if (window.confirm(CUSTOMER_HOLD_QUESTION)) void release(file.id);
  };
  return (
    <div className="held-choice" role="group" aria-label={`${file.fileName} の保留の対応`}>
      <button type="button" className="secondary" onClick={onClick}>
        顧客データを待たずに送信する
      </button>
    </div>
  );
}

/** 再送待ち: when the agent tries again, what it has tried, and until when it keeps trying. */
function RetryNote({ state }: { readonly state: RetryWaitState }) {
  const deadline = new Date(Date.parse(state.firstFailedAt) + 72 * 60 * 60_000).toISOString();
  return (
    <p className="retry-next" data-testid="retry-next">
      次回の自動送信: {formatDateTimeShort(state.nextAttemptAt)}（
      {state.attempts === 0 ? 'まだ送信していません。先に送るファイルと一緒に送ります' : `これまで${state.attempts}回送信し、楽楽明細に届きませんでした`}
      ）。{formatDateTimeShort(deadline)}まで自動で再送します。
    </p>
  );
}

function Resolution({ file }: { readonly file: FileRecord }) {
  const r = file.resolution;
  const o = file.overlapChoice;
  if (o !== undefined && o !== null) {
    return (
      <p className="resolved" data-testid="overlap-resolved">
        対応済み（{formatDateTimeShort(o.at)}）: {overlapAnswerText(o.choice)}
      </p>
    );
  }
  if (r === undefined || r === null) return null;
  return (
    <p className="resolved" data-testid="held-resolved">
      対応済み（{formatDateTimeShort(r.at)}）: {r.action === 'resend' ? '再送信しました。結果は新しい実行として記録されています。' : '取り込まれていることを確認し、送信済みとして記録しました。'}
    </p>
  );
}

/** 「2件（14行）」: files and, once counted, their data lines. */
export function filesAndLines(files: readonly FileRecord[]): string {
  const counted = files.filter((f) => f.lines !== undefined && f.lines !== null);
  const lines = counted.reduce((sum, f) => sum + (f.lines ?? 0), 0);
  return counted.length === 0 ? `${files.length}件` : `${files.length}件・${formatLines(lines)}`;
}

/** 【何が起きたか】 and 【どうすればよいか】, as the note beside the file says them. */
function FileAdvice({ file }: { readonly file: FileRecord }) {
  const advice = clerkAdvice(file);
  const s = file.state;
  return (
    <div className="file-advice">
      {advice?.headline == null ? null : <p className="cause">{advice.headline}</p>}
      {s.state === 'failed' ? <FileProblems problems={s.problems} /> : null}
      {advice === null ? null : (
        <div className="what-to-do">
          <h4>どうすればよいか</h4>
          <p>{advice.whatToDo}</p>
        </div>
      )}
    </div>
  );
}

function StateNote({ file }: { readonly file: FileRecord }) {
  const s = file.state;
  switch (s.state) {
    case 'duplicate':
      return (
        <p>
          {DUPLICATE_MESSAGE}。同じ内容のファイルは<a href={formatHash(historyRun(s.previousRunId))}>以前の実行</a>で取り込み済みです。
        </p>
      );
    case 'no-data':
      return <p>データ行がないため、送信しませんでした（ファイルは「処理済み」フォルダへ移しました）。</p>;
    case 'checked':
      return <p>{formatLines(s.lines)}を確認しました。</p>;
    case 'retry-wait':
      return <RetryNote state={s} />;
    case 'overlap':
      return <OverlapLines state={s} />;
    default:
      return null;
  }
}

/** 「ファイルを表示」: Explorer opens with this file selected, wherever it is now (main looks it up by id). */
function ShowFile({ file }: { readonly file: FileRecord }) {
  const showFile = useHistory((s) => s.showFile);
  const note = useHistory((s) => s.fileNotes[file.id]);
  return (
    <>
      <button type="button" className="secondary small" onClick={() => void showFile(file.id)} aria-label={`${file.fileName} をフォルダで表示`}>
        ファイルを表示
      </button>
      {note === undefined ? null : (
        <p className={note.error ? 'error-text' : 'show-file-note'} role={note.error ? 'alert' : 'status'} data-testid="show-file-note">
          {note.text}
        </p>
      )}
    </>
  );
}

function FileItem({ file, run }: { readonly file: FileRecord; readonly run: RunDetail }) {
  const importId = importIdOf(file);
  const s = file.state;
  const settled = (s.state === 'held' && file.resolution != null) || (file.overlapChoice ?? null) !== null;
  return (
    <li className={`file-item state-${s.state}`} data-file-name={file.fileName}>
      <div className="file-head">
        <span className="file-name">{file.fileName}</span>
        <span className={`badge file-${s.state}`}>{FILE_STATE_LABELS[s.state]}</span>
        {file.issue === 'replace' ? <span className="badge issue-replace">差替発行</span> : null}
        {file.lines === undefined || file.lines === null ? null : <span className="file-lines">{formatLines(file.lines)}</span>}
        {importId === null ? null : <span className="import-id">取込ID: {importId}</span>}
        <ShowFile file={file} />
      </div>
      {file.currentPath === null ? null : <p className="path">現在の場所: {file.currentPath}</p>}
      <StateNote file={file} />
      {settled ? <Resolution file={file} /> : <FileAdvice file={file} />}
      {s.state === 'held' && !settled ? <HeldFlow file={file} run={run} /> : null}
      {s.state === 'overlap' && awaitsOverlapChoice(file) ? <OverlapFlow file={file} state={s} /> : null}
      {s.state === 'duplicate' ? <ForceChoice file={file} /> : null}
      {isCustomerHold(s) ? <CustomerHoldChoice file={file} /> : null}
    </li>
  );
}

/** The setting's folder, where its 処理済み and エラー folders (and each _エラー内容.txt) are; each file has ファイルを表示. */
function OpenFolder({ target, title }: { readonly target: string; readonly title: string }) {
  const openFolder = useHistory((s) => s.openFolder);
  const error = useHistory((s) => s.folderErrors[target]);
  return (
    <>
      <button type="button" className="secondary small" onClick={() => void openFolder(target)} aria-label={`${title}のフォルダを開く`}>
        フォルダを開く
      </button>
      {error === undefined ? null : (
        <p className="error-text folder-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function FileGroup({ title, target, files, run }: { readonly title: string; readonly target: string; readonly files: readonly FileRecord[]; readonly run: RunDetail }) {
  if (files.length === 0) return null;
  return (
    <section className="file-group" aria-label={title}>
      <div className="file-group-head">
        <h3>
          {title}（{filesAndLines(files)}）
        </h3>
        <OpenFolder target={target} title={title} />
      </div>
      <ul className="files">
        {files.map((f) => (
          <FileItem key={f.id} file={f} run={run} />
        ))}
      </ul>
    </section>
  );
}

function Detail({ detail }: { readonly detail: RunDetail }) {
  const approveOf = useApproveOf();
  const approval = awaitsApproval(detail, approveOf);
  const customers = detail.files.filter((f) => f.kind === 'customers');
  const reports = detail.files.filter((f) => f.kind === 'report');
  return (
    <>
      <dl className="run-meta">
        <dt>連携設定</dt>
        <dd>{detail.targetName}</dd>
        <dt>実行の種類</dt>
        <dd>{TRIGGER_LABELS[detail.trigger]}</dd>
        <dt>開始</dt>
        <dd>{formatDateTimeShort(detail.startedAt)}</dd>
        <dt>終了</dt>
        <dd>{detail.finishedAt === null ? '実行中' : formatDateTimeShort(detail.finishedAt)}</dd>
        <dt>結果</dt>
        <dd>
          <OutcomeBadge run={detail} approvalPending={approval} files={detail.files} /> {messageBody(detail)}
        </dd>
        <dt>ファイル</dt>
        <dd>{filesAndLines(detail.files)}</dd>
        <dt>実行ID</dt>
        <dd className="run-id">{detail.id}</dd>
      </dl>
      {approval ? (
        <p className="note approval-note" data-testid="approval-note">
          {APPROVAL_NOTE}
        </p>
      ) : null}
      {detail.files.length === 0 ? <p className="empty">対象のファイルはありませんでした。</p> : null}
      <FileGroup title="顧客データ" target="customers" files={customers} run={detail} />
      {detail.target.kind === 'report' ? <FileGroup title={`帳票データ（${detail.targetName}）`} target={detail.target.reportId} files={reports} run={detail} /> : null}
    </>
  );
}

export function RunDetailView({ runId }: { readonly runId: string }) {
  const detail = useHistory((s) => (s.detail?.id === runId ? s.detail : null));
  const detailError = useHistory((s) => s.detailError);
  const openRun = useHistory((s) => s.openRun);
  const filter = useHistory((s) => s.filter);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMove(heading, runId);
  // Back to the list as the clerk left it (a badge's filter included).
  const list = { ...HISTORY, target: filter.target === '' ? null : filter.target, outcome: filter.outcome === '' ? null : filter.outcome };
  useEffect(() => {
    void openRun(runId);
  }, [openRun, runId]);
  return (
    <section className="history-page run-detail" aria-labelledby="run-detail-title" data-run-id={runId}>
      <p className="back-link">
        <a href={formatHash(list)}>← 実行履歴の一覧へ</a>
      </p>
      <h2 id="run-detail-title" ref={heading} tabIndex={-1}>
        実行の詳細{detail === null ? '' : `: ${detail.targetName} ${formatDateTimeShort(detail.startedAt)}`}
      </h2>
      <HistoryNotice />
      {detailError !== null ? <p className="error-text">{detailError}</p> : null}
      {detail === null ? (detailError === null ? <p className="busy">読み込んでいます…</p> : null) : <Detail detail={detail} />}
    </section>
  );
}
