// Step1.「楽楽明細」API接続設定: URL (with the normalised URL shown as the clerk types), APIトークン,
// 接続テスト, and the IP restriction note rewritten for an agent that connects from the office.
import { LABELS } from '../../../../shared/settings/labels';
import { HELP } from '../../form/help-texts';
import { urlPreview } from '../../stores/settings-store';
import { useSettings } from '../../stores/stores-context';
import { TextField } from '../common/text-field';
import { ConnectionTest } from './connection-test';
import { TokenField } from './token-field';

function UrlPreview({ url, allowLoopback }: { readonly url: string; readonly allowLoopback: boolean }) {
  const preview = urlPreview(url, allowLoopback);
  if (preview === null) return <p>例: https://rbsample.eco-serv.jp/xxxxxxx/</p>;
  return preview.ok ? (
    <p className="preview" data-testid="url-preview">
      保存されるURL: <output>{preview.text}</output>
    </p>
  ) : (
    <p className="preview invalid" data-testid="url-preview">
      {preview.text}
    </p>
  );
}

export function Step1Connection() {
  const url = useSettings((s) => s.draft.url);
  const newToken = useSettings((s) => s.draft.newToken);
  const token = useSettings((s) => s.saved?.meisai.token ?? null);
  const errors = useSettings((s) => s.errors);
  const allowLoopback = useSettings((s) => s.allowLoopbackUrl);
  const update = useSettings((s) => s.update);
  return (
    <section className="step" aria-labelledby="step1-title" id="step1">
      <h2 id="step1-title">Step1. 「楽楽明細」API接続設定</h2>
      <TextField
        path="meisai.url"
        label={LABELS.url}
        help="url"
        required
        inputMode="url"
        value={url}
        onChange={(v) => update((d) => ({ ...d, url: v }))}
        error={errors['meisai.url']}
        placeholder="例: https://rbsample.eco-serv.jp/xxxxxxx/"
        hint={<UrlPreview url={url} allowLoopback={allowLoopback} />}
      />
      <TokenField token={token} value={newToken} onChange={(v) => update((d) => ({ ...d, newToken: v }))} error={errors['meisai.apiToken']} />
      <ConnectionTest />
      <aside className="note" aria-labelledby="ip-note-title">
        <h3 id="ip-note-title">IPアドレス制限について</h3>
        {HELP.ipRestriction.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </aside>
    </section>
  );
}
