// What the desktop notifications say: the start message the manual promises, and one line per
// finished run with its counts, or what went wrong and where to look. Pure, so the wording is tested.
import { formatShortDateTime, type TimeZoneOption } from '../../shared/local-time';
import { TRIGGER_LABELS, type RunSummary } from '../../shared/run';
import type { StoppedSlot } from '../core/agent/stopped-watch';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
  /** The run a click opens in the history; null for notifications that are not about a run. */
  readonly runId: string | null;
  /** Failures stay on screen until the clerk dismisses them (where the OS allows it). */
  readonly urgent: boolean;
  /** Where a click opens the window (a route such as `#/waiting`) when the notification is not about one run. */
  readonly open?: string;
  /** Shown even with Step 2's 「連携の結果を通知する」 off: not a result, a warning that nothing runs. */
  readonly essential?: boolean;
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

// Where the clerk looks: the history (a click away). Where each file is, the run's own message says
// (「エラー」フォルダへN件 / 元のフォルダのままN件, decided from where the files actually are): a file
// that never moved (wrong token, maintenance, a setting refused) is never said to be in 「エラー」.
const WHERE_TO_LOOK = 'クリックすると実行履歴で内容を確認できます。';

/** The run's message without the setting's name in front (the title has it). */
const said = (run: RunSummary): string => (run.message.startsWith(`${run.targetName}: `) ? run.message.slice(run.targetName.length + 2) : run.message);

/** What the notifications may say beyond a run's own result (Step 2's settings). */
export interface RunNoticeOptions {
  /** 「対象のファイルがない時も通知する」: a scheduled run that found nothing says so. */
  readonly notifyEmptyRuns: boolean;
}

/** The automatic resend gave up: files never reached 楽楽明細 in 72 hours. They are back in their folders. */
export function retryExpiredNotification(run: RunSummary, expired: number): NotificationText {
  return {
    title: `${run.targetName}: 送信できないまま72時間が過ぎました`,
    body: `${expired}件のファイルは楽楽明細に届かないまま72時間が過ぎたため、自動の再送をやめました。ファイルは「処理中」フォルダから元のフォルダに戻しました。楽楽明細とネットワークの状態を確かめてから「今すぐ連携」で送ってください。クリックすると実行履歴で内容を確認できます。`,
    runId: run.id,
    urgent: true,
  };
}

/**
 * null when there is nothing worth interrupting the clerk for: an arrival run that found nothing
 * (its files went with another run), a scheduled one when 「対象のファイルがない時も通知する」 is
 * off, or another automatic resend that still waits (the first 再送待ち was told). A manual run
 * always answers, even with "nothing to send"; a scheduled run that found nothing says so, because
 * the clerk otherwise believes the invoices went out.
 */
export function runFinishedNotification(run: RunSummary, options: RunNoticeOptions = { notifyEmptyRuns: true }): NotificationText | null {
  const c = run.counts;
  const via = TRIGGER_LABELS[run.trigger];
  const title = (what: string) => `${run.targetName}: ${what}`;
  if ((run.retry?.expired ?? 0) > 0) return retryExpiredNotification(run, run.retry?.expired ?? 0);
  // An automatic resend that leaves files still waiting has nothing new to tell: the first 再送待ち was
  // told, and the end (完了, an error, 72 hours) will be.
  if (run.retry !== undefined && run.retry.waiting > 0) return null;
  switch (run.outcome) {
    case 'retry-wait':
      return {
        title: title('再送待ちのファイルは自動で送信します'),
        body: `${said(run)}\n何もする必要はありません。送信できたら、もう一度お知らせします。`,
        runId: run.id,
        urgent: false,
      };
    case 'success':
      return { title: title('連携が完了しました'), body: `${c.done}件のファイルを取り込みました（${via}）。`, runId: run.id, urgent: false };
    case 'nothing':
      if (run.trigger === 'manual') {
        return { title: title('送るファイルはありませんでした'), body: 'フォルダに対象のファイルがないか、データのないファイルだけでした。', runId: run.id, urgent: false };
      }
      if ((run.trigger !== 'schedule' && run.trigger !== 'catch-up') || !options.notifyEmptyRuns) return null;
      return c.files === 0
        ? {
            title: title('対象のファイルがありませんでした'),
            body: `${via}で送るファイルが見つかりませんでした。ファイル名やフォルダが設定と合っているか、「待機中のファイル」で確認できます（送信しないファイルとその理由も表示します）。`,
            runId: null,
            urgent: true,
            open: '#/waiting',
          }
        : {
            title: title('送るデータがありませんでした'),
            body: `${via}で見つかった${c.files}件のファイルは、どれもデータ行がありませんでした。出力した内容を確認してください。`,
            runId: run.id,
            urgent: true,
          };
    case 'partial':
      return {
        title: title('一部のファイルでエラーがありました'),
        body: `${said(run)}（${via}）。${WHERE_TO_LOOK}`,
        runId: run.id,
        urgent: true,
      };
    case 'failed':
      return { title: title('連携できませんでした'), body: `${said(run)}\n${WHERE_TO_LOOK}`, runId: run.id, urgent: true };
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

/**
 * A scheduled slot came while the agent was stopped: nothing was sent, and nothing will be until the
 * clerk chooses 起動 — which then runs the missed slot once (遅延実行).
 */
export function stoppedSlotNotification(slots: readonly StoppedSlot[], now: Date, options: TimeZoneOption = {}): NotificationText {
  const which = slots.map((s) => `${s.name}（${formatShortDateTime(new Date(s.at), now, options)}）`).join('、');
  return {
    title: `${APP_TITLE}: 停止中のため実行されませんでした`,
    body: `${which}のスケジュール実行は、エージェントが停止中のため行われていません。トレイの「起動」を選ぶと、遅延実行として送信します。`,
    runId: null,
    urgent: true,
    open: '',
    essential: true,
  };
}
