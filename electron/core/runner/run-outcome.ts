// Decides a run's outcome and its one-line Japanese summary from the states its files ended in, and
// says where the files that need the clerk actually are: moved into 「エラー」 (with a note), left
// in their folder (nothing moved: a wrong token, a setting refused, 72 hours of 再送待ち), or waiting
// claimed in 「処理中」 for the automatic resend. Pure: the runner, resume() and tests all use the
// same rule.
import { basename, dirname } from 'node:path';
import { formatShortDateTime } from '../../../shared/local-time';
import type { FileState, FileStateName, RunOutcome } from '../../../shared/run';
import { ERROR_FOLDER_NAME } from '../files/archive';
import { CLAIM_FOLDER_NAME, isClaimedPath } from '../files/claim';

export interface OutcomeInput {
  readonly targetName: string;
  readonly states: readonly FileStateName[];
  readonly cancelled?: boolean;
  /** A run-level reason to mention (maintenance, wrong token, missing folder…), Japanese. */
  readonly notice?: string | null;
  /**
   * Said after everything else without changing the outcome: a run finished by resume after a
   * crash, files of earlier runs in 再送待ち.
   */
  readonly note?: string | null;
  /** 要確認 files the clerk chose to send again: carried by a later run, no longer this run's problem. */
  readonly resent?: number;
  /**
   * Skipped files (counted in `states`) that are not a problem of this run: interrupted (the next run
   * sends them) or changed after sending (their new content is new work for the next run).
   */
  readonly carried?: { readonly interrupted: number; readonly changed: number };
  /** Where the failed, 要確認, left and waiting files are. */
  readonly placement?: Placement;
  /** The earliest automatic resend of this run's 再送待ち files, said in the message with `now`. */
  readonly nextRetryAt?: Date | null;
  readonly now?: Date;
}

export interface Placement {
  /** In 「エラー」 with a note beside them. */
  readonly errorFolder: number;
  /** Never moved: still where the clerk put them. */
  readonly leftInFolder: number;
  /** 再送待ち, claimed in 「処理中」 until they are sent (or 72 hours pass). */
  readonly inProgress?: number;
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
      case 'overlap':
      case 'unknown': t.attention++; break;
      case 'no-data': t.noData++; break;
      case 'duplicate': t.duplicate++; break;
      case 'retry-wait': t.waiting++; break;
      default: t.unfinished++;
    }
  }
  return t;
}

/** A file as the outcome needs it: its state and where it is. */
export interface FileFacts {
  readonly state: FileState;
  readonly originalPath: string;
  readonly currentPath: string | null;
}

/** Is this path in a dated 「エラー」 folder (`<フォルダ>/エラー/YYYY-MM-DD/x.csv`)? */
export function isInErrorFolder(path: string): boolean {
  return basename(dirname(dirname(path))) === ERROR_FOLDER_NAME;
}

/** The states, the carried files and the placement of a run's files, for decideOutcome. */
export function outcomeFacts(files: readonly FileFacts[]): Pick<OutcomeInput, 'states' | 'carried' | 'placement'> {
  let interrupted = 0;
  let changed = 0;
  let errorFolder = 0;
  let leftInFolder = 0;
  let inProgress = 0;
  for (const f of files) {
    const s = f.state;
    if (s.state === 'retry-wait') {
      const at = f.currentPath ?? f.originalPath;
      if (isClaimedPath(at)) inProgress++;
      else if (dirname(at) === dirname(f.originalPath)) leftInFolder++;
    } else if (s.state === 'skipped' && s.cause === 'interrupted') interrupted++;
    else if (s.state === 'skipped' && s.cause === 'changed') changed++;
    else if (s.state === 'failed' || s.state === 'held' || s.state === 'skipped') {
      const at = f.currentPath ?? f.originalPath;
      if (isInErrorFolder(at)) errorFolder++;
      else if (dirname(at) === dirname(f.originalPath)) leftInFolder++;
    }
  }
  return { states: files.map((f) => f.state.state), carried: { interrupted, changed }, placement: { errorFolder, leftInFolder, inProgress } };
}

export function decideOutcome(input: OutcomeInput): { outcome: Exclude<RunOutcome, 'running'>; message: string } {
  const t = tally(input.states);
  const interrupted = input.carried?.interrupted ?? 0;
  const changed = input.carried?.changed ?? 0;
  const skipped = t.skipped - interrupted - changed;
  const problems = t.failed + skipped;
  let outcome: Exclude<RunOutcome, 'running'>;
  if (input.cancelled) outcome = 'cancelled';
  else if (t.attention > 0 || t.unfinished > 0) outcome = 'attention';
  // Files waiting for their automatic resend: not done yet, nothing for the clerk to do.
  else if (t.waiting > 0 && problems === 0 && !input.notice) outcome = 'retry-wait';
  // A run-level notice means files were left for the next run: not a full success.
  else if (t.done > 0 && problems === 0 && !input.notice) outcome = 'success';
  else if (t.done > 0) outcome = 'partial';
  else if (problems === 0 && ((input.resent ?? 0) > 0 || interrupted + changed > 0)) outcome = 'nothing';
  else if (problems > 0 || input.notice) outcome = 'failed';
  else outcome = 'nothing';

  const parts: string[] = [];
  if (t.done > 0) parts.push(`${t.done}件完了`);
  if (t.failed > 0) parts.push(`${t.failed}件エラー`);
  if (skipped > 0) parts.push(`${skipped}件保留`);
  if (t.attention > 0) parts.push(`${t.attention}件要確認`);
  if (t.waiting > 0) parts.push(`${t.waiting}件再送待ち`);
  if (t.unfinished > 0) parts.push(`${t.unfinished}件未完了`);
  if (t.noData > 0) parts.push(`データなし${t.noData}件`);
  if (t.duplicate > 0) parts.push(`同一内容${t.duplicate}件`);
  if (interrupted > 0) parts.push(`中断${interrupted}件（次回の実行で送信）`);
  if (changed > 0) parts.push(`送信後に変更${changed}件（変更後のファイルは元のフォルダに戻し、次回の実行で確認）`);
  if ((input.resent ?? 0) > 0) parts.push(`${input.resent}件は再送で対応`);
  let body = parts.length > 0 ? parts.join('、') : input.notice ? '' : '送信するファイルはありませんでした';
  if (input.cancelled) body = body === '' ? '中止しました' : `中止しました（${body}）`;
  const where = placementText(input.placement);
  const retry = t.waiting > 0 && input.nextRetryAt ? `${formatShortDateTime(input.nextRetryAt, input.now ?? input.nextRetryAt)}に自動で送信します。` : '';
  const text = [`${body}${where}`, input.notice ?? '', retry, input.note ?? ''].filter((x) => x !== '').join(' ');
  return { outcome, message: `${input.targetName}: ${text}` };
}

/** Where the files that need the clerk are; empty when there are none. */
function placementText(p: Placement | undefined): string {
  if (!p) return '';
  const said: string[] = [];
  if (p.errorFolder > 0) said.push(`「${ERROR_FOLDER_NAME}」フォルダへ${p.errorFolder}件`);
  if (p.leftInFolder > 0) said.push(`元のフォルダのまま${p.leftInFolder}件`);
  if ((p.inProgress ?? 0) > 0) said.push(`「${CLAIM_FOLDER_NAME}」フォルダに${p.inProgress}件`);
  return said.length > 0 ? `（${said.join('、')}）` : '';
}
