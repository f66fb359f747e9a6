// What the desktop notifications say: the start message the manual promises, and one line per
// finished run with its counts, or what went wrong and where to look. Pure, so the wording is tested.
import { TRIGGER_LABELS, type RunSummary } from '../../shared/run';
import { ERROR_FOLDER_NAME } from '../core/files/archive';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
  /** The run a click opens in the history; null for notifications that are not about a run. */
  readonly runId: string | null;
  /** Failures stay on screen until the clerk dismisses them (where the OS allows it). */
  readonly urgent: boolean;
}

export const APP_TITLE = '明細コネクタ';

export function startedNotification(): NotificationText {
  return { title: APP_TITLE, body: '起動が完了しました', runId: null, urgent: false };
}

/**
 * An error nobody expected (a bug, not a bad file): the agent goes on — every file's state is in the
 * history database, so nothing is half-done — but the clerk must not be left unaware.
 */
export function unexpectedErrorNotification(logFile: string): NotificationText {
  return {
    title: `${APP_TITLE}: 予期しないエラーが発生しました`,
    body: `連携は続けています。繰り返し表示される場合は、ログファイル（${logFile}）を添えてサポートへご連絡ください。`,
    runId: null,
    urgent: true,
  };
}

// Where the clerk looks: the history (a click away) and the file itself, moved beside its reasons.
const WHERE_TO_LOOK = `クリックすると実行履歴で内容を確認できます。エラーのファイルは設定のフォルダの「${ERROR_FOLDER_NAME}」フォルダ（日付ごと）に、理由を書いた「…_エラー内容.txt」と一緒に移しています。`;

/** The automatic resend gave up: files never reached 楽楽明細 in 72 hours. They are still in their folders. */
export function retryExpiredNotification(run: RunSummary, expired: number): NotificationText {
  return {
    title: `${run.targetName}: 送信できないまま72時間が過ぎました`,
    body: `${expired}件のファイルは楽楽明細に届かないまま72時間が過ぎたため、自動の再送をやめました。ファイルは元のフォルダに残っています。楽楽明細とネットワークの状態を確かめてから「今すぐ連携」で送ってください。クリックすると実行履歴で内容を確認できます。`,
    runId: run.id,
    urgent: true,
  };
}

/**
 * null when there is nothing worth interrupting the clerk for: a scheduled or arrival run that found
 * no files, or another automatic resend that still waits (the first 再送待ち was told). A manual run
 * always answers, even with "nothing to send".
 */
export function runFinishedNotification(run: RunSummary): NotificationText | null {
  const c = run.counts;
  const via = TRIGGER_LABELS[run.trigger];
  const title = (what: string) => `${run.targetName}: ${what}`;
  if ((run.retry?.expired ?? 0) > 0) return retryExpiredNotification(run, run.retry?.expired ?? 0);
  // An automatic resend that leaves files still waiting has nothing new to tell: the first 再送待ち was
  // told, and the end (完了, an error, 72 hours) will be.
  if (run.retry !== undefined && run.retry.waiting > 0) return null;
  switch (run.outcome) {
    case 'retry-wait': {
      const prefix = `${run.targetName}: `;
      const said = run.message.startsWith(prefix) ? run.message.slice(prefix.length) : run.message;
      return {
        title: title('再送待ちのファイルは自動で送信します'),
        body: `${said}\n何もする必要はありません。送信できたら、もう一度お知らせします。`,
        runId: run.id,
        urgent: false,
      };
    }
    case 'success':
      return { title: title('連携が完了しました'), body: `${c.done}件のファイルを取り込みました（${via}）。`, runId: run.id, urgent: false };
    case 'nothing':
      if (run.trigger !== 'manual') return null;
      return { title: title('送るファイルはありませんでした'), body: 'フォルダに対象のファイルがないか、データのないファイルだけでした。', runId: run.id, urgent: false };
    case 'partial':
      return {
        title: title('一部のファイルでエラーがありました'),
        body: `取込 ${c.done}件、エラー ${c.failed}件${c.skipped > 0 ? `、保留 ${c.skipped}件` : ''}（${via}）。${WHERE_TO_LOOK}`,
        runId: run.id,
        urgent: true,
      };
    case 'failed':
      return { title: title('連携できませんでした'), body: `${run.message}\n${WHERE_TO_LOOK}`, runId: run.id, urgent: true };
    case 'attention':
      return {
        title: title('確認が必要なファイルがあります'),
        body: `${c.attention}件のファイルは楽楽明細に届いたか分かりません（要確認）。実行履歴で「再送する」か「送信済みにする」を選んでください。`,
        runId: run.id,
        urgent: true,
      };
    case 'cancelled':
      return { title: title('連携を中止しました'), body: `取込 ${c.done}件で中止しました。残りのファイルは次の実行で送ります。`, runId: run.id, urgent: false };
    case 'running':
      return null;
  }
}
