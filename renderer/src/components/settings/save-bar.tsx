// The bar that stays at the bottom of the settings form: 保存 (only when the whole form is valid)
// and 変更を破棄, with what happened last.
import { isDirty } from '../../stores/settings-store';
import { useSettings } from '../../stores/stores-context';

function SaveStatus() {
  const save = useSettings((s) => s.save);
  const dirty = useSettings(isDirty);
  switch (save.state) {
    case 'saving':
      return <span>保存しています…</span>;
    case 'saved':
      return <span className="ok-text">保存しました。</span>;
    case 'invalid':
      return <span className="error-text">入力内容に{save.count}件の問題があります。保存していません。</span>;
    case 'error':
      return <span className="error-text">{save.message}</span>;
    case 'idle':
      return dirty ? <span>保存していない変更があります。</span> : <span>変更はありません。</span>;
  }
}

export function SaveBar() {
  const dirty = useSettings(isDirty);
  const saving = useSettings((s) => s.save.state === 'saving');
  const saveDraft = useSettings((s) => s.saveDraft);
  const discard = useSettings((s) => s.discard);
  return (
    <div className="save-bar" role="region" aria-label="保存">
      <p className="save-status" aria-live="polite" data-testid="save-status">
        <SaveStatus />
      </p>
      <div className="save-buttons">
        <button
          type="button"
          className="secondary"
          disabled={!dirty || saving}
          onClick={() => {
            if (window.confirm('保存していない変更を破棄して、保存済みの設定に戻しますか？')) discard();
          }}
        >
          変更を破棄
        </button>
        <button
          type="submit"
          disabled={saving}
          onClick={() => {
            void saveDraft().then((saved) => {
              if (!saved) document.getElementById('error-summary')?.focus();
            });
          }}
        >
          保存
        </button>
      </div>
    </div>
  );
}
