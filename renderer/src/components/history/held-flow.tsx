// The 要確認 choice, safest way first: look in 楽楽明細's 取込履歴 for our import (its name copyable,
// the time it was sent), and if it is there, 「送信済みにする」. 「再送する」 is the second choice and
// asks first, saying what a duplicate means. The name is the one the import carried, as recorded
// with the file (「明細コネクタ 11/30 09:00 #123」; a row from before short names has the run id).
import { useId, useRef, useState } from 'react';
import { importNameOf } from '../../../../shared/clerk-advice';
import type { FileRecord, RunSummary } from '../../../../shared/run';
import { formatSpan } from '../../form/clerk-format';
import { useHistory } from '../../stores/stores-context';

export function resendQuestion(importName: string): string {
  return [
    `楽楽明細の取込履歴に「${importName}」がないことを確認しましたか？`,
    'もし取り込まれていた場合に再送すると、同じ帳票が二重に取り込まれ、お客様に同じ請求書が二度届きます。',
    '再送しますか？',
  ].join('\n');
}

async function copyText(text: string, fallback: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard permission: the old way, from the selected field.
    fallback?.select();
    return document.execCommand('copy');
  }
}

export function HeldFlow({ file, run }: { readonly file: FileRecord; readonly run: RunSummary }) {
  const resolveHeld = useHistory((s) => s.resolveHeld);
  const [copied, setCopied] = useState<boolean | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const id = useId();
  const importName = importNameOf(file);
  const nameField = `${id}-name`;
  return (
    <div className="held-flow" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>楽楽明細で確認する</h4>
      <ol>
        <li>楽楽明細の管理画面で、帳票データの「取込履歴」を開きます。</li>
        <li>
          <label htmlFor={nameField}>次の処理名の取込があるか探します:</label>
          <div className="copy-row">
            <input
              id={nameField}
              className="import-name"
              type="text"
              readOnly
              value={importName}
              onFocus={(e) => e.currentTarget.select()}
              ref={nameInput}
            />
            <button
              type="button"
              className="secondary"
              onClick={() => {
                void copyText(importName, nameInput.current).then(setCopied);
              }}
            >
              処理名をコピー
            </button>
            <span className="copy-result" aria-live="polite">
              {copied === true ? 'コピーしました' : copied === false ? 'コピーできませんでした。処理名を選んでコピーしてください。' : ''}
            </span>
          </div>
          <p className="hint">送信した時間: {formatSpan(run.startedAt, file.updatedAt)}</p>
        </li>
        <li>
          見つかった場合は、取り込まれています。{' '}
          <button type="button" onClick={() => void resolveHeld(file.id, 'mark-sent')}>
            送信済みにする
          </button>
        </li>
      </ol>
      <p className="second-choice">
        取込履歴に見つからない場合だけ、再送します。{' '}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            if (window.confirm(resendQuestion(importName))) void resolveHeld(file.id, 'resend');
          }}
        >
          再送する…
        </button>
      </p>
    </div>
  );
}
