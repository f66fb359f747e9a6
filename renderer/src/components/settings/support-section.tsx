// サポート: what a clerk does when support asks for information — one button that saves a zip to
// mail, and a plain statement that the API token is not in it.
import { useSupport } from '../../stores/stores-context';

export function SupportSection() {
  const saving = useSupport((s) => s.saving);
  const outcome = useSupport((s) => s.outcome);
  const save = useSupport((s) => s.save);
  return (
    <section className="step support" aria-labelledby="support-title" id="support">
      <h2 id="support-title">サポート</h2>
      <p>
        問い合わせのときにサポートから求められたら、次のボタンで情報を1つのファイル（ZIP）に保存して送ってください。設定、直近30日の実行履歴、待機中のファイル、ログなどが入ります。APIトークンは含まれません。
      </p>
      <button type="button" className="secondary" onClick={() => void save()} disabled={saving}>
        {saving ? '保存しています…' : 'サポート用情報を保存…'}
      </button>
      {outcome?.kind === 'saved' ? (
        <p className="support-result" role="status">
          保存しました: <span className="path">{outcome.file}</span>
        </p>
      ) : null}
      {outcome?.kind === 'failed' ? (
        <p className="error-text" role="alert">
          {outcome.message}
        </p>
      ) : null}
    </section>
  );
}
