// One run in detail: each file, its state, its import id, the API's errors (line, column, message)
// and, for a 要確認 file, the clerk's choice: send again, or record it as already sent; for a file
// set aside as 同一内容, sending it anyway after a warning.
import { FILE_STATE_LABELS, TRIGGER_LABELS, type FileRecord } from '../../../../shared/run';
import { formatDateTime } from '../../form/describe-timing';
import { useHistory } from '../../stores/stores-context';
import { FileProblems } from './file-problems';
import { OutcomeBadge } from './outcome-badge';

function importIdOf(f: FileRecord): number | null {
  const s = f.state;
  return 'importId' in s && s.importId !== undefined ? s.importId : null;
}

function stateNote(f: FileRecord): string | null {
  const s = f.state;
  switch (s.state) {
    case 'held':
      // The runner's reason already tells the clerk what to look for in 楽楽明細 and which to choose.
      return s.reason;
    case 'duplicate':
      return '同一内容のファイルが既に取り込まれているため、送信しませんでした。';
    case 'skipped':
      return s.reason;
    case 'no-data':
      return 'データ行がないため、送信しませんでした。';
    case 'unknown':
      return '取込状況を確認できませんでした。次回の実行で改めて確認します。';
    default:
      return null;
  }
}

function HeldChoice({ file }: { readonly file: FileRecord }) {
  const resolveHeld = useHistory((s) => s.resolveHeld);
  return (
    <div className="held-choice" role="group" aria-label={`${file.fileName} の要確認の対応`}>
      <button type="button" onClick={() => void resolveHeld(file.id, 'resend')}>
        再送する（取り込まれていない場合）
      </button>
      <button type="button" className="secondary" onClick={() => void resolveHeld(file.id, 'mark-sent')}>
        送信済みにする（取り込まれている場合）
      </button>
    </div>
  );
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

function Resolution({ file }: { readonly file: FileRecord }) {
  const r = file.resolution;
  if (r === undefined || r === null) return <HeldChoice file={file} />;
  return (
    <p className="resolved" data-testid="held-resolved">
      対応済み（{formatDateTime(r.at)}）: {r.action === 'resend' ? '再送信しました。結果は新しい実行として記録されています。' : '取り込まれていることを確認し、送信済みとして記録しました。'}
    </p>
  );
}

function FileItem({ file }: { readonly file: FileRecord }) {
  const importId = importIdOf(file);
  const note = file.state.state === 'held' && file.resolution ? null : stateNote(file);
  return (
    <li className={`file-item state-${file.state.state}`} data-file-name={file.fileName}>
      <div className="file-head">
        <span className="file-name">{file.fileName}</span>
        <span className={`badge file-${file.state.state}`}>{FILE_STATE_LABELS[file.state.state]}</span>
        {importId === null ? null : <span className="import-id">取込ID: {importId}</span>}
      </div>
      {file.currentPath === null ? null : <p className="path">現在の場所: {file.currentPath}</p>}
      {note === null ? null : <p>{note}</p>}
      {file.state.state === 'failed' ? <FileProblems problems={file.state.problems} /> : null}
      {file.state.state === 'held' ? <Resolution file={file} /> : null}
      {file.state.state === 'duplicate' ? <ForceChoice file={file} /> : null}
    </li>
  );
}

export function RunDetailView() {
  const detail = useHistory((s) => s.detail);
  const detailError = useHistory((s) => s.detailError);
  const closeRun = useHistory((s) => s.closeRun);
  if (detail === null && detailError === null) return null;
  return (
    <section className="run-detail" aria-labelledby="run-detail-title">
      <header>
        <h2 id="run-detail-title">実行の詳細</h2>
        <button type="button" className="secondary" onClick={closeRun}>
          閉じる
        </button>
      </header>
      {detailError !== null ? <p className="error-text">{detailError}</p> : null}
      {detail === null ? null : (
        <>
          <dl className="run-meta">
            <dt>連携設定</dt>
            <dd>{detail.targetName}</dd>
            <dt>実行の種類</dt>
            <dd>{TRIGGER_LABELS[detail.trigger]}</dd>
            <dt>開始</dt>
            <dd>{formatDateTime(detail.startedAt)}</dd>
            <dt>終了</dt>
            <dd>{detail.finishedAt === null ? '実行中' : formatDateTime(detail.finishedAt)}</dd>
            <dt>結果</dt>
            <dd>
              <OutcomeBadge outcome={detail.outcome} /> {detail.message}
            </dd>
          </dl>
          {detail.files.length === 0 ? (
            <p className="empty">対象のファイルはありませんでした。</p>
          ) : (
            <ul className="files">
              {detail.files.map((f) => (
                <FileItem key={f.id} file={f} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
