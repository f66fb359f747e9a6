// One setting's waiting files, its 「今すぐ連携」 button, and the live progress of its run: n / m
// files and the lines counted, each file's state, 中止 (between files, said next to the button),
// and once done, the result with a link to the run in 実行履歴. Nothing silent: the files in the
// folder it will not send are listed with the reason, and a schedule's files say when they go.
import { NOT_RUN_WHILE_STOPPED, type RunTarget, type WaitingFiles } from '../../../../shared/run';
import { ignoredReasonText } from '../../../../shared/waiting-words';
import { formatBytes, formatDateTimeShort, formatLines } from '../../form/clerk-format';
import { runCounts, type RunProgressView } from '../../form/file-progress';
import { awaitsApproval, outcomeWords } from '../../form/run-words';
import { formatHash, historyRun } from '../../routing/route';
import { useAgent, useWaiting } from '../../stores/stores-context';
import { useApproveOf } from '../history/history-table';
import { VerdictView } from './verdict-view';

export interface WaitingGroupProps {
  readonly title: string;
  readonly target: RunTarget;
  readonly keyName: string;
  readonly group: WaitingFiles | undefined;
  readonly runnable: boolean;
  /** The setting's ファイル名 (前方一致), for the reason a file is not sent. */
  readonly prefix: string;
}

export const CANCEL_NOTE = '中止は、いま送信しているファイルを送り終えてから、次のファイルに進む前に行います。残りのファイルはフォルダに残り、次回の実行で送ります。';

function RunHeadline({ run, keyName, title }: { readonly run: RunProgressView; readonly keyName: string; readonly title: string }) {
  const cancel = useWaiting((s) => s.cancel);
  const c = runCounts(run);
  const running = run.finished === null;
  return (
    <div className="run-progress-head">
      <p className="run-count" data-testid="run-count">
        {running ? '連携しています: ' : ''}
        {c.settled} / {c.total} ファイル{c.lines > 0 ? `・${formatLines(c.lines)}` : ''}
      </p>
      {running ? (
        <>
          <button type="button" className="danger small" onClick={() => void cancel(keyName)} disabled={run.cancelling} aria-describedby={`cancel-note-${keyName}`} aria-label={`${title}の連携を中止`}>
            {run.cancelling ? '中止しています…' : '中止'}
          </button>
          <span className="cancel-note" id={`cancel-note-${keyName}`}>
            {CANCEL_NOTE}
          </span>
        </>
      ) : null}
    </div>
  );
}

function Finished({ run }: { readonly run: RunProgressView }) {
  const approveOf = useApproveOf();
  const summary = run.finished;
  if (summary === null) return null;
  const words = outcomeWords(summary, awaitsApproval(summary, approveOf));
  return (
    <p className="run-finished" data-testid="run-finished">
      {words.label}: {summary.message}{' '}
      <a href={formatHash(historyRun(summary.id))} data-testid="run-link">
        実行履歴で見る
      </a>
    </p>
  );
}

function ProgressList({ run, keyName, title }: { readonly run: RunProgressView; readonly keyName: string; readonly title: string }) {
  return (
    <div className="progress" aria-live="polite">
      <RunHeadline run={run} keyName={keyName} title={title} />
      <ul>
        {run.order.map((name) => {
          const p = run.files[name];
          const lines = run.lines[name];
          return (
            <li key={name} data-progress-file={name}>
              <span className="file-name">{name}</span> <span className={`badge tone-${p?.tone ?? 'busy'}`}>{p?.label ?? ''}</span>
              {lines === undefined ? null : (
                <>
                  {' '}
                  <span className="muted">{formatLines(lines)}</span>
                </>
              )}
            </li>
          );
        })}
      </ul>
      <Finished run={run} />
    </div>
  );
}

/** Files in the folder that will not be sent, newest first, each with why. */
function IgnoredFiles({ group, prefix, title }: { readonly group: WaitingFiles; readonly prefix: string; readonly title: string }) {
  if (group.ignoredTotal === 0) return null;
  const more = group.ignoredTotal - group.ignored.length;
  return (
    <section className="ignored-files" aria-label={`${title}の送信しないファイル`} data-testid="ignored-files">
      <h4>
        このフォルダにあっても送信しないファイル（{group.ignoredTotal}件）
      </h4>
      <table className="waiting ignored">
        <thead>
          <tr>
            <th scope="col">ファイル名</th>
            <th scope="col">更新日時</th>
            <th scope="col">送信しない理由</th>
          </tr>
        </thead>
        <tbody>
          {group.ignored.map((f) => (
            <tr key={f.fileName} data-ignored-file={f.fileName}>
              <td>{f.fileName}</td>
              <td className="date-cell">{f.modifiedAt === null ? '' : formatDateTimeShort(f.modifiedAt)}</td>
              <td>{ignoredReasonText(f.reason, prefix)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p className="muted">ほかに{more}件あります（新しい順に{group.ignored.length}件を表示しています）。</p> : null}
    </section>
  );
}

/**
 * When a scheduled setting's waiting files go: at its next slot — a file dropped after today's 9時
 * waits for the next one (a month, for a monthly setting), unless the clerk sends it now.
 */
function ScheduleNote({ group, runnable }: { readonly group: WaitingFiles; readonly runnable: boolean }) {
  const stopped = useAgent((s) => s.status?.agent.state === 'stopped');
  const schedule = group.schedule;
  if (schedule === null || group.files.length === 0) return null;
  if (stopped) {
    return (
      <p className="schedule-note warning" data-testid="schedule-note">
        次回の実行: {NOT_RUN_WHILE_STOPPED}。画面上の「起動」を押してください。
      </p>
    );
  }
  const after = group.files.filter((f) => Date.parse(f.modifiedAt) > Date.parse(schedule.previous)).length;
  return (
    <p className="schedule-note" data-testid="schedule-note">
      {after > 0 ? `${after}件は前回の実行（${formatDateTimeShort(schedule.previous)}）の後に置かれたファイルです。` : ''}
      このフォルダのファイルは、次回のスケジュール実行（{formatDateTimeShort(schedule.next)}）で送信します。
      {runnable ? 'すぐに送る場合は「今すぐ連携」を押してください。' : ''}
    </p>
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
      {p.group === undefined ? null : <ScheduleNote group={p.group} runnable={p.runnable} />}
      {runError === undefined ? null : (
        <p className="error-text" role="alert" data-testid="run-error">
          {runError.message}
        </p>
      )}
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
                <td className="date-cell">{formatDateTimeShort(f.modifiedAt)}</td>
                <td className="nowrap">{formatBytes(f.bytes)}</td>
                <td>
                  <VerdictView verdict={f.verdict} stable={f.stable} locked={f.locked} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.group === undefined ? null : <IgnoredFiles group={p.group} prefix={p.prefix} title={p.title} />}
      {run === undefined ? null : <ProgressList run={run} keyName={p.keyName} title={p.title} />}
    </section>
  );
}
