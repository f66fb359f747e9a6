// Which of the four tray icons to show and what the tooltip says, as pure functions of the agent's
// status: the clerk's first glance at whether sending works.
import type { AgentStatus, NextRun } from '../../shared/run';
import { formatShortDateTime, type TimeZoneOption } from '../../shared/local-time';

export type TrayIconState = 'stopped' | 'active' | 'running' | 'error';

export const TRAY_STATE_LABELS: Record<TrayIconState, string> = {
  stopped: '停止中',
  active: '稼働中',
  running: '実行中',
  error: 'エラーあり',
};

export interface TrayStateInput {
  readonly status: AgentStatus;
  /** The last finished run failed (or partly failed) and the clerk has not opened the history since. */
  readonly unseenFailure: boolean;
}

/**
 * Running wins over everything (the clerk should not close the PC now); then anything that needs the
 * clerk (an agent error, 要確認 files, an unseen failure); then started / stopped.
 */
export function trayIconState({ status, unseenFailure }: TrayStateInput): TrayIconState {
  if (status.agent.state === 'running') return 'running';
  if (status.agent.state === 'error' || status.attention > 0 || unseenFailure || (status.historyLoss ?? null) !== null) return 'error';
  return status.agent.state === 'stopped' ? 'stopped' : 'active';
}

/** The earliest scheduled run, if any. */
export function nextScheduledRun(nextRuns: readonly NextRun[]): (NextRun & { readonly at: string }) | null {
  let best: (NextRun & { readonly at: string }) | null = null;
  for (const r of nextRuns) {
    if (r.at === null) continue;
    if (best === null || Date.parse(r.at) < Date.parse(best.at)) best = { ...r, at: r.at };
  }
  return best;
}

/**
 * 「再送待ち: 2件（次回 11/30(月) 9:05）」: files the agent will send again by itself; while it is
 * stopped nothing is resent, and the line says so.
 */
export function retryWaitLine(status: AgentStatus, now: Date, options: TimeZoneOption = {}): string | null {
  const w = status.retryWait;
  if (w === undefined || w.files === 0) return null;
  if (status.agent.state === 'stopped') return `再送待ち: ${w.files}件（停止中のため再送しません）`;
  return `再送待ち: ${w.files}件（次回 ${formatShortDateTime(new Date(w.nextAttemptAt), now, options)}）`;
}

/** The tray's word for a lost run history awaiting the clerk's confirmation (the window says the rest). */
export const HISTORY_LOST_LINE = '実行履歴が失われました（確認が必要です）';

/** Windows cuts tray tooltips at 127 characters; stay under it everywhere. */
export const TOOLTIP_MAX = 127;

export function trayTooltip(input: TrayStateInput, now: Date, options: TimeZoneOption = {}): string {
  const state = trayIconState(input);
  const lines = [`明細コネクタ（${TRAY_STATE_LABELS[state]}）`];
  const { status } = input;
  if (status.agent.state === 'error') lines.push(status.agent.message);
  if ((status.historyLoss ?? null) !== null) lines.push(HISTORY_LOST_LINE);
  if (status.attention > 0) lines.push(`要確認のファイル: ${status.attention}件`);
  else if (input.unseenFailure) lines.push('エラーのある実行があります（実行履歴）');
  const waiting = retryWaitLine(status, now, options);
  if (waiting !== null) lines.push(waiting);
  if (status.agent.state === 'stopped') {
    lines.push('スケジュール実行・ファイル配置時は停止中のため実行されません');
  } else {
    const next = nextScheduledRun(status.nextRuns);
    lines.push(next === null ? '次回の予定はありません' : `次回: ${formatShortDateTime(new Date(next.at), now, options)} ${next.name}`);
  }
  const text = lines.join('\n');
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}
