// The bar that stays at the bottom of the settings form: 保存 (only when the whole form is valid)
// and 変更を破棄, with what happened last — and what the save did besides: the フォルダ名 folders it
// made under ファイルの配置場所 (said before saving too), and the agent it started.
import type { AfterSave } from '../../../../shared/ipc/contract';
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

/** Said before the clerk saves, so the folders that appear afterwards are no surprise. */
export const FOLDERS_NOTE = '保存すると、まだないフォルダ（Step3・Step4のフォルダ名）を「ファイルの配置場所」の下に作成します。';

function AfterSaveNotes({ after }: { readonly after: AfterSave }) {
  if (after.createdFolders.length === 0 && after.folderProblems.length === 0 && !after.agentStarted) return null;
  return (
    <div className="after-save" data-testid="after-save" aria-live="polite">
      {after.createdFolders.length === 0 ? null : (
        <div data-testid="created-folders">
          <p>フォルダを作成しました（{after.createdFolders.length}件）:</p>
          <ul>
            {after.createdFolders.map((f) => (
              <li key={f} className="path">
                {f}
              </li>
            ))}
          </ul>
        </div>
      )}
      {after.folderProblems.map((m) => (
        <p key={m} className="warning">
          {m}
        </p>
      ))}
      {after.agentStarted ? (
        <p className="ok-text" data-testid="agent-started">
          エージェントを起動しました。スケジュール実行とファイル配置時の連携を行います。
        </p>
      ) : null}
    </div>
  );
}

export function SaveBar() {
  const dirty = useSettings(isDirty);
  const save = useSettings((s) => s.save);
  const saving = useSettings((s) => s.save.state === 'saving');
  const saveDraft = useSettings((s) => s.saveDraft);
  const discard = useSettings((s) => s.discard);
  return (
    <div className="save-bar" role="region" aria-label="保存">
      <div className="save-messages">
        <p className="save-status" aria-live="polite" data-testid="save-status">
          <SaveStatus />
        </p>
        {save.state === 'saved' && save.afterSave !== null ? <AfterSaveNotes after={save.afterSave} /> : null}
        {dirty ? <p className="hint folders-note">{FOLDERS_NOTE}</p> : null}
      </div>
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
