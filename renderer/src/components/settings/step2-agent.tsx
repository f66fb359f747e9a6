// Step2. エージェント設定: what the cloud service called "Qanat Universe Agent接続設定" is this PC
// itself, so there is no key to paste; the agent's id is shown for support, and the clerk chooses
// the folder the files are put in (main checks, when saving, that it exists and can be written).
import { LABELS } from '../../../../shared/settings/labels';
import { useSettings } from '../../stores/stores-context';
import { CheckboxField } from '../common/checkbox-field';
import { TextField } from '../common/text-field';

export function Step2Agent() {
  const agent = useSettings((s) => s.draft.agent);
  const errors = useSettings((s) => s.errors);
  const update = useSettings((s) => s.update);
  const pickFolder = useSettings((s) => s.pickFolder);
  const set = (change: Partial<typeof agent>) => update((d) => ({ ...d, agent: { ...d.agent, ...change } }));
  return (
    <section className="step" aria-labelledby="step2-title" id="step2">
      <h2 id="step2-title">Step2. エージェント設定</h2>
      <TextField
        path="agent.id"
        label="エージェントID"
        help="agentId"
        readOnly
        value={agent.id === '' ? '（保存時に作成されます）' : agent.id}
        onChange={() => undefined}
        error={undefined}
      />
      <TextField
        path="agent.root"
        label={LABELS.root}
        help="root"
        required
        value={agent.root}
        onChange={(v) => set({ root: v })}
        error={errors['agent.root']}
        placeholder="例: C:\meisai\userdata"
        after={
          <button type="button" className="secondary" onClick={() => void pickFolder()}>
            フォルダを選択…
          </button>
        }
      />
      <CheckboxField path="agent.startAtLogin" label="サインイン時に自動で起動する" help="startAtLogin" checked={agent.startAtLogin} onChange={(v) => set({ startAtLogin: v })} />
      <CheckboxField path="agent.notifications" label="連携の結果を通知する" help="notifications" checked={agent.notifications} onChange={(v) => set({ notifications: v })} />
      <CheckboxField
        path="agent.notifyEmptyRuns"
        label="スケジュール実行で対象のファイルがない時も通知する"
        help="notifyEmptyRuns"
        checked={agent.notifyEmptyRuns}
        onChange={(v) => set({ notifyEmptyRuns: v })}
      />
      <CheckboxField
        path="agent.pollFolders"
        label="ネットワークドライブのため、フォルダを定期的に確認する"
        help="pollFolders"
        checked={agent.pollFolders}
        onChange={(v) => set({ pollFolders: v })}
      />
      <TextField
        path="agent.proxyUrl"
        label={LABELS.proxyUrl}
        help="proxyUrl"
        inputMode="url"
        value={agent.proxyUrl}
        onChange={(v) => set({ proxyUrl: v })}
        error={errors['agent.proxyUrl']}
        placeholder="例: http://proxy.example.co.jp:8080"
      />
    </section>
  );
}
