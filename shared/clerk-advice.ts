// What happened to a file and what the clerk should do next, in the words of the `_エラー内容.txt`
// note written beside it. One source for the note writer (the runner takes these texts through
// electron/core/runner/clerk-messages.ts) and for the window's 実行履歴, so the note on disk and the
// screen never give the clerk two different instructions.
import { formatLocal, type TimeZoneOption } from './local-time';
import type { FailureCause, FileProblem, FileState } from './run';

// ---- the texts -----------------------------------------------------------------------------------

/** 【どうすればよいか】 after the pre-flight check refused a file (nothing was sent). */
export const ADVICE_FIX_AND_RETRY =
  '内容を直したファイルを元のフォルダに置くと、次回の実行で送信されます。このファイルはそのまま残してあります（削除はしていません）。';

/** 【どうすればよいか】 after 楽楽明細 refused the import or failed it. */
export const ADVICE_API_REJECTED =
  '楽楽明細が取込を受け付けませんでした。上の内容（楽楽明細からのメッセージ）を確認し、CSVか連携設定（取込設定ID・帳票種別ID）を直してから、ファイルを元のフォルダに置き直してください。';

/** 【どうすればよいか】 for a 要確認 (held) file. */
export const ADVICE_HELD =
  '楽楽明細の取込履歴を確認し、明細コネクタの実行履歴で「送信済みにする」か「再送する」を選んでください。このファイルは削除していません。';

/** The runner's sentence for a file that provably never reached 楽楽明細 and stays in its folder. */
export const NOT_SENT_SENTENCE = 'ファイルは元の場所に残してあり、次回の実行で送ります。';

/** No note is written for such a file (it was not moved); the window still says what comes next. */
export const ADVICE_NOT_SENT =
  '上の原因を解消すると、次回の実行（または「待機中のファイル」の「今すぐ連携」）で送信します。ファイルは元のフォルダに残してあります。';

/** A file left where it was (open in Excel, interrupted, same content still in flight). */
export const ADVICE_LEFT_IN_PLACE = 'ファイルは元のフォルダに残してあり、次回の実行で改めて処理します。';

export const ADVICE_UNKNOWN = '取込状況を確認できませんでした。次回の実行で改めて確認します（このファイルを再送する必要はありません）。';

/**
 * 再送待ち: nothing for the clerk to do; the agent sends it again by itself. The file waits claimed in
 * 処理中 (so an export under the same name meanwhile is a new file), and goes back to its folder if
 * the 72 hours pass.
 */
export const ADVICE_RETRY_WAIT =
  '何もする必要はありません。エージェントが起動している間、自動で再送します（最長72時間）。ファイルは送信が終わるまで「処理中」フォルダにあります（72時間を過ぎたときは元のフォルダに戻します）。';

/** Recorded on a document file while a refused customer file stands (customers before documents). */
export const CUSTOMER_HOLD_REASON = '顧客データのエラーを解決するまで保留';

export function customerHoldReason(customerFileName: string): string {
  return `${CUSTOMER_HOLD_REASON}（顧客データ「${customerFileName}」が楽楽明細に取り込まれていないため、帳票データを送ると顧客コードのエラーになるおそれがあります）`;
}

/** A document file held back by a refused customer file: the window offers to send it anyway. */
export function isCustomerHold(state: FileState): boolean {
  return state.state === 'skipped' && state.reason.startsWith(CUSTOMER_HOLD_REASON);
}

export const ADVICE_CUSTOMER_HOLD =
  '顧客データのエラーを直して送り直すと、次回の実行で帳票データも送ります。顧客データなしで送ってよい場合は「顧客データを待たずに送信する」を選んでください。ファイルは元のフォルダに残してあります。';

/** 【何が起きたか】 for each way a file fails; the note adds the run id after it. */
export const HEADLINE_PREFLIGHT = '送信前の確認で問題が見つかったため、楽楽明細には送信していません。';
export const HEADLINE_REJECTED = '楽楽明細が取込を受け付けませんでした。';
export const headlineImportFailed = (importId: number): string => `楽楽明細での取込に失敗しました（取込ID ${importId}）。`;
export const HEADLINE_NOT_SENT = '楽楽明細に送信できませんでした。';
export const HEADLINE_SETTING = '連携設定の値を楽楽明細が受け付けなかったため、送信していません（CSVの問題ではありません）。';

/** 【どうすればよいか】 when a setting's value was refused; the problem itself names the setting and field. */
export const ADVICE_FIX_SETTING =
  '設定画面の該当する連携設定（顧客データはStep3、帳票データはStep4）で、上に書かれた項目を楽楽明細の画面で確認した値に直してください。ファイルは元のフォルダに残してあり、設定を直すと次回の実行で送信します。';

export const DUPLICATE_MESSAGE = '同一内容のため送信しませんでした';

/** 【何が起きたか】 for a file held for overlapping lines, after 「一部が送信済みです（7行中6行）」. */
export const OVERLAP_CAUSE =
  '以前に送信した帳票データと同じ行が含まれているため、送信していません。このまま送ると、同じ請求書がお客様に二重に届くおそれがあります。';

/** 【どうすればよいか】 for a file held for overlapping lines. */
export const ADVICE_OVERLAP =
  '明細コネクタの実行履歴でこのファイルを開き、「送信しない」「差替発行として送信」「すべて新規発行で送信」から選んでください。訂正したデータを出し直した場合は、通常「差替発行として送信」です（お客様には訂正後の帳票が前の帳票と差し替えて届きます）。このファイルは削除していません。';

/** Recorded when the clerk chose 送信しない for a file held for overlapping lines. */
export const OVERLAP_SKIPPED_MESSAGE = '一部が送信済みのため、担当者の判断で送信しませんでした（送信しない）。ファイルは「エラー」フォルダに残してあります。';

/**
 * Shown in 楽楽明細's import history (取込履歴), where the clerk looks for our import: short and
 * human, 「明細コネクタ 11/30 09:00 #123」 — the local start time of the run and its run number (a
 * sequence kept in the history: unique and stable). The run id stays in our history.
 */
export function importProcessName(startedAt: Date, runNumber: number, options: TimeZoneOption = {}): string {
  return `明細コネクタ ${formatLocal(startedAt, 'import-name', options)} #${runNumber}`;
}

/** The name imports carried before the short one: what a 要確認 row from then must be looked for by. */
export function legacyImportProcessName(runId: string): string {
  return `明細コネクタ ${runId}`;
}

/** The name to look for in 取込履歴 for a file: the one its POST carried, as recorded. */
export function importNameOf(file: { readonly runId: string; readonly state: FileState }): string {
  const s = file.state;
  return (s.state === 'held' || s.state === 'sending') && s.importName !== undefined ? s.importName : legacyImportProcessName(file.runId);
}

function heldTail(importName: string): string {
  return [
    `楽楽明細に取り込まれたかどうか分からないため、自動では再送しません（請求書が二重に発行されるのを防ぐためです）。`,
    `楽楽明細の管理画面で帳票データの取込履歴を開き、処理名「${importName}」の取込があるか確認してください。`,
    `取込がある場合は「送信済みにする」、ない場合は「再送する」を選んでください。`,
  ].join('');
}

/** 要確認: the POST of a document file may or may not have reached 楽楽明細 (named `importName` there). */
export function heldReason(importName: string, why: string): string {
  return `${why}${heldTail(importName)}`;
}

/** The first part of a held reason, what happened; the window lays out the rest as steps. */
export function heldCause(reason: string, importName: string): string {
  const tail = heldTail(importName);
  return reason.endsWith(tail) ? reason.slice(0, reason.length - tail.length) : reason;
}

// ---- the decision --------------------------------------------------------------------------------

type FailedState = Extract<FileState, { state: 'failed' }>;

/** How a failed file failed; each has its own note (or none, when the file was not moved). */
export type FailureKind = FailureCause;

/**
 * Recorded with the state since the runner says it (`cause`). Rows from before are told apart from
 * what the history keeps: an import id means 楽楽明細 took the file and failed it; pre-flight problems
 * each start by naming the file (「x.csv」2行目…), the API's never do; a file that never reached
 * 楽楽明細 carries the runner's 「次回の実行で送ります」 sentence.
 */
export function failureKind(fileName: string, state: FailedState): FailureKind {
  if (state.cause !== undefined) return state.cause;
  if (state.importId !== undefined) return 'import-failed';
  if (state.problems.some((p) => p.message.endsWith(NOT_SENT_SENTENCE))) return 'not-sent';
  if (state.problems.length > 0 && state.problems.every((p) => p.message.startsWith(`「${fileName}」`))) return 'preflight';
  return 'rejected';
}

export interface ClerkAdvice {
  /** 【何が起きたか】, when the state's own problems or reason do not say it already. */
  readonly headline: string | null;
  /** 【どうすればよいか】. */
  readonly whatToDo: string;
}

/** The advice for a file in a final state that needs the clerk to know something; null otherwise. */
export function clerkAdvice(file: { readonly fileName: string; readonly runId: string; readonly state: FileState }): ClerkAdvice | null {
  const s = file.state;
  switch (s.state) {
    case 'failed':
      switch (failureKind(file.fileName, s)) {
        case 'preflight':
          return { headline: HEADLINE_PREFLIGHT, whatToDo: ADVICE_FIX_AND_RETRY };
        case 'rejected':
          return { headline: HEADLINE_REJECTED, whatToDo: ADVICE_API_REJECTED };
        case 'import-failed':
          return { headline: headlineImportFailed(s.importId ?? 0), whatToDo: ADVICE_API_REJECTED };
        case 'not-sent':
          return { headline: HEADLINE_NOT_SENT, whatToDo: ADVICE_NOT_SENT };
        case 'setting':
          return { headline: HEADLINE_SETTING, whatToDo: ADVICE_FIX_SETTING };
      }
      break;
    case 'held':
      return { headline: heldCause(s.reason, importNameOf(file)), whatToDo: ADVICE_HELD };
    case 'overlap':
      // The count (一部が送信済みです（7行中6行）) stands with the lines themselves in the window.
      return { headline: OVERLAP_CAUSE, whatToDo: ADVICE_OVERLAP };
    case 'skipped':
      return { headline: s.reason, whatToDo: isCustomerHold(s) ? ADVICE_CUSTOMER_HOLD : ADVICE_LEFT_IN_PLACE };
    case 'retry-wait':
      return { headline: s.reason, whatToDo: ADVICE_RETRY_WAIT };
    case 'unknown':
      return { headline: null, whatToDo: ADVICE_UNKNOWN };
    default:
      return null;
  }
}

/** Problems with a line go into a table (行・列・内容); the rest read as sentences. */
export function splitProblems(problems: readonly FileProblem[]): { readonly located: readonly FileProblem[]; readonly general: readonly FileProblem[] } {
  return { located: problems.filter((p) => p.line !== undefined), general: problems.filter((p) => p.line === undefined) };
}
