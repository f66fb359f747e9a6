// APIトークン: typed masked, with a show/hide toggle for what is being typed now. A saved token is
// never shown, only its last 4 characters and where it is kept (with a warning when that is plain
// text on this PC).
import { useState } from 'react';
import type { TokenView } from '../../../../shared/ipc/contract';
import { LABELS } from '../../../../shared/settings/labels';
import { FieldError } from '../common/field-error';
import { describedBy, fieldId, helpId } from '../common/field-ids';
import { HelpButton, HelpText, useHelpOpen } from '../common/help-text';

const PATH = 'meisai.apiToken';

function savedTokenText(token: TokenView): string {
  if (token.problem !== null) return token.problem;
  if (token.storage === 'environment') return '環境変数 MEISAI_API_TOKEN のトークンを使っています。';
  if (!token.saved) return 'まだ保存されていません。';
  return `保存済み（末尾 ${token.last4 ?? '????'}）。変更する場合だけ新しいトークンを入力してください。`;
}

export function TokenField(p: {
  readonly token: TokenView | null;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
}) {
  const [visible, setVisible] = useState(false);
  const id = fieldId(PATH);
  const statusId = `${id}-status`;
  const token = p.token;
  const help = useHelpOpen();
  return (
    <div className={`field${p.error === undefined ? '' : ' has-error'}`}>
      <div className="label-row">
        <label htmlFor={id}>
          {LABELS.apiToken}
          <span className="required">必須</span>
        </label>
        <HelpButton helpId={helpId(PATH)} label={LABELS.apiToken} open={help.open} onToggle={help.toggle} />
      </div>
      <div className="input-row">
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
          aria-invalid={p.error !== undefined}
          aria-describedby={describedBy(PATH, p.error !== undefined, statusId)}
          placeholder={token?.saved ? `保存済み（末尾 ${token.last4 ?? '????'}）` : '例: 64文字の英数字'}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="button" className="secondary" aria-pressed={visible} aria-controls={id} onClick={() => setVisible(!visible)}>
          {visible ? '隠す' : '表示'}
        </button>
      </div>
      <div className="hint" id={statusId}>
        {token === null ? null : <p className={token.problem === null ? '' : 'warning'}>{savedTokenText(token)}</p>}
        {token?.storage === 'plain-text' ? (
          <p className="warning" role="note">
            このPCではトークンを暗号化して保存できないため、設定フォルダに平文で保存しています。このPCのユーザーアカウントを他の人と共有しないでください。
          </p>
        ) : null}
      </div>
      <FieldError path={PATH} message={p.error} />
      <HelpText id={helpId(PATH)} help="apiToken" open={help.open} />
    </div>
  );
}
