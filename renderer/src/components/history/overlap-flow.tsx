// 要確認（一部送信済み）: a document file some of whose lines were sent before for the same setting.
// What the clerk sees: which lines (line number in this file, the earlier run and file, when), then
// three answers, the usual one first. 差替発行として送信 says what the customers will see and asks
// first; すべて新規発行で送信 warns that the customers would receive those invoices twice and asks
// first; 送信しない files it under エラー at once.
import { useId } from 'react';
import { overlapMessage, type FileRecord, type FileState } from '../../../../shared/run';
import { formatDateTimeShort, formatLines } from '../../form/clerk-format';
import { formatHash, historyRun } from '../../routing/route';
import { useHistory } from '../../stores/stores-context';

type OverlapState = Extract<FileState, { state: 'overlap' }>;

/** Asked before a 差替発行: what the customers will see, and what is assumed of 楽楽明細. */
export function replaceQuestion(fileName: string): string {
  return [
    `「${fileName}」を差替発行として送信します。`,
    '楽楽明細は、以前に発行した同じお客様の帳票をこのファイルの内容で差し替えます。お客様には訂正後の帳票が届き、前の帳票は差し替えられます（差替の通知メールが送られます。郵送の再送はしません）。',
    '以前に発行していない帳票の行が含まれていると、楽楽明細がファイル全体を受け付けないことがあります。',
    '差替発行で送信しますか？',
  ].join('\n');
}

/** The warning before すべて新規発行で送信: those invoices reach the customers a second time. */
export function newIssueWarning(fileName: string, overlapping: number): string {
  return [
    `「${fileName}」をすべて新規発行で送信すると、送信済みの${formatLines(overlapping)}の帳票が、お客様にもう一度届きます（同じ請求書が二重に届きます）。`,
    '訂正したデータを出し直した場合は「差替発行として送信」を選んでください。',
    'それでも新規発行で送信しますか？',
  ].join('\n');
}

/** The overlapping lines: where they are in this file, which earlier file carried them, when. */
export function OverlapLines({ state }: { readonly state: OverlapState }) {
  const more = state.overlapping - state.sample.length;
  return (
    <div className="overlap-lines">
      <p className="overlap-summary" data-testid="overlap-summary">
        {overlapMessage(state.lines, state.overlapping)}
      </p>
      <table className="problems">
        <caption>以前に送信した行と同じ行</caption>
        <thead>
          <tr>
            <th scope="col">行</th>
            <th scope="col">以前の送信</th>
            <th scope="col">ファイル</th>
            <th scope="col">送信日時</th>
          </tr>
        </thead>
        <tbody>
          {state.sample.map((s) => (
            <tr key={s.line}>
              <td>{s.line}</td>
              <td>
                <a href={formatHash(historyRun(s.runId))}>実行の詳細</a>
              </td>
              <td>{s.fileName}</td>
              <td>{formatDateTimeShort(s.sentAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p className="hint">ほかに{formatLines(more)}が送信済みの行と同じです。</p> : null}
    </div>
  );
}

export function OverlapFlow({ file, state }: { readonly file: FileRecord; readonly state: OverlapState }) {
  const resolveOverlap = useHistory((s) => s.resolveOverlap);
  const id = useId();
  return (
    <div className="held-flow overlap-flow" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>どうするか選んでください</h4>
      <ul className="overlap-choices">
        <li>
          <button
            type="button"
            onClick={() => {
              if (window.confirm(replaceQuestion(file.fileName))) void resolveOverlap(file.id, 'replace');
            }}
          >
            差替発行として送信
          </button>{' '}
          訂正したデータを出し直した場合。お客様には訂正後の帳票が前の帳票と差し替えて届きます。
        </li>
        <li>
          <button type="button" className="secondary" onClick={() => void resolveOverlap(file.id, 'skip')}>
            送信しない
          </button>{' '}
          誤って同じデータを出力した場合。ファイルは「エラー」フォルダに残します。
        </li>
        <li>
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm(newIssueWarning(file.fileName, state.overlapping))) void resolveOverlap(file.id, 'new-issue');
            }}
          >
            すべて新規発行で送信…
          </button>{' '}
          送信済みの行の帳票も、新しい帳票としてもう一度発行します。
        </li>
      </ul>
    </div>
  );
}

/** What the clerk answered, once they did. */
export function overlapAnswerText(choice: NonNullable<FileRecord['overlapChoice']>['choice']): string {
  switch (choice) {
    case 'replace':
      return '差替発行として送信しました。結果は新しい実行として記録されています。';
    case 'new-issue':
      return 'すべて新規発行で送信しました。結果は新しい実行として記録されています。';
    case 'skip':
      return '送信しないことを選びました。ファイルは「エラー」フォルダに残してあります。';
  }
}
