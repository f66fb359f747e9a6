// One setting's waiting files, its 「今すぐ連携」 button, and the live progress of its run per file.
import type { RunTarget, WaitingFiles } from '../../../../shared/run';
import { OUTCOME_LABELS } from '../../../../shared/run';
import type { RunProgressView } from '../../form/file-progress';
import { formatDateTime } from '../../form/describe-timing';
import { useWaiting } from '../../stores/stores-context';
import { VerdictView } from './verdict-view';

export interface WaitingGroupProps {
  readonly title: string;
  readonly target: RunTarget;
  readonly keyName: string;
  readonly group: WaitingFiles | undefined;
  readonly runnable: boolean;
}

const formatBytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`);

function ProgressList({ run }: { readonly run: RunProgressView }) {
  return (
    <div className="progress" aria-live="polite">
      <ul>
        {run.order.map((name) => {
          const p = run.files[name];
          return (
            <li key={name} data-progress-file={name}>
              <span className="file-name">{name}</span> <span className={`badge tone-${p?.tone ?? 'busy'}`}>{p?.label ?? ''}</span>
            </li>
          );
        })}
      </ul>
      {run.finished === null ? (
        <p className="busy">連携しています…</p>
      ) : (
        <p className="run-finished" data-testid="run-finished">
          {OUTCOME_LABELS[run.finished.outcome]}: {run.finished.message}
        </p>
      )}
    </div>
  );
}

export function WaitingGroup(p: WaitingGroupProps) {
  const run = useWaiting((s) => s.progress[p.keyName]);
  const runError = useWaiting((s) => s.runErrors[p.keyName]);
  const runNow = useWaiting((s) => s.runNow);
  const busy = run !== undefined && run.finished === null;
  const files = p.group?.files ?? [];
  const headingId = `waiting-${p.keyName}`;
  return (
    <section className="waiting-group" aria-labelledby={headingId} data-target={p.keyName}>
      <header>
        <h3 id={headingId}>{p.title}</h3>
        {p.runnable ? (
          <button type="button" onClick={() => void runNow(p.target)} disabled={busy} aria-label={`${p.title}を今すぐ連携`}>
            今すぐ連携
          </button>
        ) : (
          <span className="muted">連携タイミングが「連携しない」のため実行しません</span>
        )}
      </header>
      {p.group === undefined ? null : <p className="path">フォルダ: {p.group.folder}</p>}
      {p.group?.folderProblem ? <p className="warning">{p.group.folderProblem}</p> : null}
      {runError ? (
        <p className="error-text" role="alert">
          {runError}
        </p>
      ) : null}
      {files.length === 0 ? (
        <p className="empty">待機中のファイルはありません。</p>
      ) : (
        <table className="waiting">
          <thead>
            <tr>
              <th scope="col">ファイル名</th>
              <th scope="col">更新日時</th>
              <th scope="col">サイズ</th>
              <th scope="col">事前チェック</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.fileName} data-waiting-file={f.fileName}>
                <td>{f.fileName}</td>
                <td>{formatDateTime(f.modifiedAt)}</td>
                <td>{formatBytes(f.bytes)}</td>
                <td>
                  <VerdictView verdict={f.verdict} stable={f.stable} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run === undefined ? null : <ProgressList run={run} />}
    </section>
  );
}
