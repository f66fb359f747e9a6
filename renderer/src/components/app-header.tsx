// The window's header: the app's name, the agent's state in words, and how many files wait for the
// clerk's decision.
import type { AgentState } from '../../../shared/run';
import { useAgent } from '../stores/stores-context';

function agentText(a: AgentState): string {
  switch (a.state) {
    case 'stopped':
      return 'エージェント停止中';
    case 'idle':
      return 'エージェント稼働中（待機）';
    case 'running':
      return `連携を実行中（${a.runIds.length}件）`;
    case 'error':
      return `エージェントエラー: ${a.message}`;
  }
}

export function AppHeader() {
  const status = useAgent((s) => s.status);
  const version = useAgent((s) => s.info?.version ?? '');
  const sandbox = useAgent((s) => s.info?.sandbox === true);
  return (
    <header className="app-header">
      <h1>
        明細コネクタ <span className="version">{version === '' ? '' : `v${version}`}</span>
      </h1>
      <p className="agent-status" aria-live="polite">
        {sandbox ? <span className="badge sandbox">サンドボックス</span> : null}
        {status === null ? null : <span className={`agent-${status.agent.state}`}>{agentText(status.agent)}</span>}
        {status !== null && status.attention > 0 ? <span className="badge outcome-attention">要確認 {status.attention}件</span> : null}
      </p>
    </header>
  );
}
