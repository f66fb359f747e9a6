// Decides a run's outcome and its one-line Japanese summary from the states its files ended in.
// Pure: the runner, resume() and tests all use the same rule.
import { formatShortDateTime } from '../../../shared/local-time';
import type { FileStateName, RunOutcome } from '../../../shared/run';

export interface OutcomeInput {
  readonly targetName: string;
  readonly states: readonly FileStateName[];
  readonly cancelled?: boolean;
  /** A run-level reason to mention (maintenance, wrong token, missing folder…), Japanese. */
  readonly notice?: string | null;
  /** 要確認 files the clerk chose to send again: carried by a later run, no longer this run's problem. */
  readonly resent?: number;
  /** The earliest automatic resend of this run's 再送待ち files, said in the message with `now`. */
  readonly nextRetryAt?: Date | null;
  readonly now?: Date;
  /** Said after everything else without changing the outcome (files of earlier runs in 再送待ち). */
  readonly info?: string | null;
}

export interface OutcomeTally {
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly attention: number;
  readonly noData: number;
  readonly duplicate: number;
  /** 再送待ち: the agent sends them again by itself. */
  readonly waiting: number;
  /** Still between found and importing: only when a run stopped mid-way. */
  readonly unfinished: number;
}

export function tally(states: readonly FileStateName[]): OutcomeTally {
  const t = { done: 0, failed: 0, skipped: 0, attention: 0, noData: 0, duplicate: 0, waiting: 0, unfinished: 0 };
  for (const s of states) {
    switch (s) {
      case 'done': t.done++; break;
      case 'failed': t.failed++; break;
      case 'skipped': t.skipped++; break;
      case 'held':
      case 'unknown': t.attention++; break;
      case 'no-data': t.noData++; break;
      case 'duplicate': t.duplicate++; break;
      case 'retry-wait': t.waiting++; break;
      default: t.unfinished++;
    }
  }
  return t;
}

export function decideOutcome(input: OutcomeInput): { outcome: Exclude<RunOutcome, 'running'>; message: string } {
  const t = tally(input.states);
  const problems = t.failed + t.skipped;
  let outcome: Exclude<RunOutcome, 'running'>;
  if (input.cancelled) outcome = 'cancelled';
  else if (t.attention > 0 || t.unfinished > 0) outcome = 'attention';
  // Files waiting for their automatic resend: not done yet, nothing for the clerk to do.
  else if (t.waiting > 0 && problems === 0 && !input.notice) outcome = 'retry-wait';
  // A run-level notice means files were left for the next run: not a full success.
  else if (t.done > 0 && problems === 0 && !input.notice) outcome = 'success';
  else if (t.done > 0) outcome = 'partial';
  else if (problems === 0 && (input.resent ?? 0) > 0) outcome = 'nothing';
  else if (problems > 0 || input.notice) outcome = 'failed';
  else outcome = 'nothing';

  const parts: string[] = [];
  if (t.done > 0) parts.push(`${t.done}件完了`);
  if (t.failed > 0) parts.push(`${t.failed}件エラー`);
  if (t.skipped > 0) parts.push(`${t.skipped}件保留`);
  if (t.attention > 0) parts.push(`${t.attention}件要確認`);
  if (t.waiting > 0) parts.push(`${t.waiting}件再送待ち`);
  if (t.unfinished > 0) parts.push(`${t.unfinished}件未完了`);
  if (t.noData > 0) parts.push(`データなし${t.noData}件`);
  if (t.duplicate > 0) parts.push(`同一内容${t.duplicate}件`);
  if ((input.resent ?? 0) > 0) parts.push(`${input.resent}件は再送で対応`);
  let body = parts.length > 0 ? parts.join('、') : input.notice ? '' : '送信するファイルはありませんでした';
  if (input.cancelled) body = body === '' ? '中止しました' : `中止しました（${body}）`;
  const retry = t.waiting > 0 && input.nextRetryAt ? `${formatShortDateTime(input.nextRetryAt, input.now ?? input.nextRetryAt)}に自動で送信します。` : '';
  const text = [body, input.notice ?? '', retry, input.info ?? ''].filter((x) => x !== '').join(' ');
  return { outcome, message: `${input.targetName}: ${text}` };
}
