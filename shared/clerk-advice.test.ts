// The advice for each way a file can end, as a table: the window and the note read these, so a
// change of wording or of the decision shows here first.
import { describe, expect, it } from 'vitest';
import {
  ADVICE_API_REJECTED,
  ADVICE_FIX_AND_RETRY,
  ADVICE_HELD,
  ADVICE_LEFT_IN_PLACE,
  ADVICE_NOT_SENT,
  HEADLINE_NOT_SENT,
  HEADLINE_PREFLIGHT,
  HEADLINE_REJECTED,
  NOT_SENT_SENTENCE,
  clerkAdvice,
  failureKind,
  heldCause,
  heldReason,
  importNameOf,
  importProcessName,
  legacyImportProcessName,
  splitProblems,
} from './clerk-advice';
import type { FileState } from './run';

const file = (state: FileState) => ({ fileName: 'bill.csv', runId: 'run-1', state });

describe('failureKind', () => {
  it.each([
    ['an import id: 楽楽明細 took it and failed it', { state: 'failed', importId: 7, problems: [{ message: 'x', line: 3 }] }, 'import-failed'],
    ['pre-flight problems name the file first', { state: 'failed', problems: [{ message: '「bill.csv」2行目: 列の数が違います', line: 2 }, { message: '「bill.csv」: ほかに3件' }] }, 'preflight'],
    ['the API refused the POST', { state: 'failed', problems: [{ message: '顧客コード C9 は登録されていません', line: 4, code: 'E1' }] }, 'rejected'],
    ['a rejection without details', { state: 'failed', problems: [] }, 'rejected'],
    ['never reached 楽楽明細: left for the next run', { state: 'failed', problems: [{ message: `メンテナンス中です。 ${NOT_SENT_SENTENCE}` }] }, 'not-sent'],
    ['recorded with the state: a setting refused', { state: 'failed', problems: [{ message: '帳票データ連携設定1 請求書 の 帳票種別ID（99）が楽楽明細にありません' }], cause: 'setting' }, 'setting'],
    ['recorded with the state wins over the wording', { state: 'failed', problems: [{ message: '「bill.csv」2行目: x' }], cause: 'rejected' }, 'rejected'],
  ] as const)('%s', (_, state, kind) => expect(failureKind('bill.csv', state)).toBe(kind));
});

describe('clerkAdvice', () => {
  it('gives each failure its note’s headline and 【どうすればよいか】', () => {
    expect(clerkAdvice(file({ state: 'failed', problems: [{ message: '「bill.csv」2行目: x', line: 2 }] }))).toEqual({ headline: HEADLINE_PREFLIGHT, whatToDo: ADVICE_FIX_AND_RETRY });
    expect(clerkAdvice(file({ state: 'failed', problems: [{ message: 'bad' }] }))).toEqual({ headline: HEADLINE_REJECTED, whatToDo: ADVICE_API_REJECTED });
    expect(clerkAdvice(file({ state: 'failed', importId: 12, problems: [] }))).toEqual({ headline: '楽楽明細での取込に失敗しました（取込ID 12）。', whatToDo: ADVICE_API_REJECTED });
    expect(clerkAdvice(file({ state: 'failed', problems: [{ message: `x ${NOT_SENT_SENTENCE}` }] }))).toEqual({ headline: HEADLINE_NOT_SENT, whatToDo: ADVICE_NOT_SENT });
  });

  it('a held file: what happened, without the steps the window lays out itself', () => {
    const name = importProcessName(new Date('2026-11-30T00:00:00Z'), 123, { timeZone: 'Asia/Tokyo' });
    expect(name).toBe('明細コネクタ 11/30 09:00 #123');
    const reason = heldReason(name, '送信中に通信が途切れました（切断）。');
    expect(reason).toContain(`処理名「${name}」`);
    expect(clerkAdvice(file({ state: 'held', sha256: 'x', reason, importName: name }))).toEqual({ headline: '送信中に通信が途切れました（切断）。', whatToDo: ADVICE_HELD });
    // A row from before short names: its import carried the run id.
    const old = heldReason(legacyImportProcessName('run-1'), '送信中にアプリが終了しました。');
    expect(clerkAdvice(file({ state: 'held', sha256: 'x', reason: old }))).toEqual({ headline: '送信中にアプリが終了しました。', whatToDo: ADVICE_HELD });
    expect(importNameOf({ runId: 'run-1', state: { state: 'held', sha256: 'x', reason: old } })).toBe('明細コネクタ run-1');
    // A reason written another way is shown whole.
    expect(heldCause('顧客データは自動で再送します。', name)).toBe('顧客データは自動で再送します。');
  });

  it('a file left in place says so; done and in-flight files need no advice', () => {
    expect(clerkAdvice(file({ state: 'skipped', reason: 'Excelなどで開かれています。' }))).toEqual({ headline: 'Excelなどで開かれています。', whatToDo: ADVICE_LEFT_IN_PLACE });
    expect(clerkAdvice(file({ state: 'done', importId: 1 }))).toBeNull();
    expect(clerkAdvice(file({ state: 'sending', sha256: 'x' }))).toBeNull();
  });
});

describe('splitProblems', () => {
  it('puts problems with a line in the table, the others in sentences', () => {
    const s = splitProblems([{ message: 'a', line: 2 }, { message: 'b' }, { message: 'c', line: 5, column: '顧客コード' }]);
    expect(s.located.map((p) => p.message)).toEqual(['a', 'c']);
    expect(s.general.map((p) => p.message)).toEqual(['b']);
  });
});
