// Desktop notifications: the start message the manual promises, one per finished run worth telling
// (a scheduled run that found nothing included), a slot that passed while the agent was stopped,
// and the notice of an unexpected error (at most one per burst). A click on a run's notification opens
// that run in 実行履歴. The wording is notification-text.ts (pure); this file shows it and keeps each
// notification referenced until clicked or closed — a collected one loses its click handler.
import type { AgentState, RunSummary } from '../../shared/run';
import type { Clock } from '../core/ports/clock';
import type { ElectronLike, NotificationLike } from './electron-like';
import { runFinishedNotification, startedNotification, unexpectedErrorNotification, type NotificationText, type RunNoticeOptions } from './notification-text';

/** An unexpected error is told to the clerk at most once in this window: a fault in a loop must not bury the screen. */
export const FAULT_NOTICE_INTERVAL_MS = 10 * 60 * 1000;

/** How many shown texts are kept for the end-to-end test and diagnostics. */
const SHOWN_KEPT = 50;

export interface NotifierOptions {
  readonly electron: Pick<ElectronLike, 'Notification'>;
  readonly icon: string;
  readonly clock: Clock;
  /** Step 2 「通知」: false silences everything. */
  readonly enabled: () => boolean;
  /** A run's notification was clicked. */
  readonly openRun: (runId: string) => void;
  /** A notification about no one run was clicked: the window on its route (`#/waiting`, '' for the start page). */
  readonly openWindow?: (hash: string) => void;
  /** Step 2's notice settings in force. */
  readonly runNotices?: () => RunNoticeOptions;
}

export interface Notifier {
  show(text: NotificationText): void;
  /** The agent's state changed: leaving 停止中 (起動 from the tray, the window or login) says 「起動が完了しました」. */
  agentState(state: AgentState['state']): void;
  /** A run ended: its notification, when it is worth interrupting the clerk for. */
  runFinished(run: RunSummary): void;
  /** An error no code expected: told once per FAULT_NOTICE_INTERVAL_MS, with where the log is. */
  fault(logFile: string): void;
  /** Texts shown so far, newest last. */
  shown(): readonly NotificationText[];
}

export function createNotifier(options: NotifierOptions): Notifier {
  const { electron } = options;
  const live = new Set<NotificationLike>();
  const shownTexts: NotificationText[] = [];
  let lastState: AgentState['state'] | null = null;
  let lastFaultNotice = Number.NEGATIVE_INFINITY;

  function show(text: NotificationText) {
    if ((!options.enabled() && text.essential !== true) || !electron.Notification.isSupported()) return;
    const n = new electron.Notification({
      title: text.title,
      body: text.body,
      icon: options.icon,
      silent: !text.urgent,
      ...(text.urgent ? { urgency: 'critical' as const, timeoutType: 'never' as const } : {}),
    });
    live.add(n);
    n.on('click', () => {
      live.delete(n);
      if (text.runId !== null) options.openRun(text.runId);
      else if (text.open !== undefined) options.openWindow?.(text.open);
    });
    n.on('close', () => live.delete(n));
    n.show();
    shownTexts.push(text);
    if (shownTexts.length > SHOWN_KEPT) shownTexts.shift();
  }

  return {
    show,
    agentState(state) {
      const was = lastState;
      lastState = state;
      if (was === 'stopped' && state !== 'stopped') show(startedNotification());
    },
    runFinished(run) {
      const text = runFinishedNotification(run, options.runNotices?.());
      if (text !== null) show(text);
    },
    fault(logFile) {
      const now = options.clock.now().getTime();
      if (now - lastFaultNotice < FAULT_NOTICE_INTERVAL_MS) return;
      lastFaultNotice = now;
      show(unexpectedErrorNotification(logFile));
    },
    shown: () => [...shownTexts],
  };
}
