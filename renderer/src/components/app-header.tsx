// The window's header: the app's name, the agent's state in words, and one badge per thing that
// waits for the clerk (要確認, エラーあり, 再送待ち), each a link to exactly what it counts. A stopped
// agent is a warning across the header with 起動 beside it and why it matters: while stopped nothing
// is sent, on any page.
import { formatShortDateTime } from '../../../shared/local-time';
import type { AgentState } from '../../../shared/run';
import { formatHash, HISTORY, type Route } from '../routing/route';
import { hasErrors } from '../stores/latest-runs-store';
import { useAgent, useLatestRuns, useSettings } from '../stores/stores-context';

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

interface StateBadge {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly to: Route;
  readonly tone: 'attention' | 'failed' | 'retry-wait';
  /** Said after the count (再送待ち: when the next automatic attempt is). */
  readonly detail?: string;
}

function StateBadges({ badges }: { readonly badges: readonly StateBadge[] }) {
  const shown = badges.filter((b) => b.count > 0);
  if (shown.length === 0) return null;
  return (
    <ul className="state-badges" aria-label="確認が必要なこと">
      {shown.map((b) => (
        <li key={b.key}>
          <a className={`badge badge-link outcome-${b.tone}`} href={formatHash(b.to)} data-badge={b.key}>
            {b.label} {b.count}件{b.detail === undefined ? '' : `（${b.detail}）`}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Why a stopped agent matters, in one sentence. */
export const STOPPED_WARNING = '停止中は、スケジュール実行もファイル配置時の連携も行われません（今すぐ連携もできません）。';

function StoppedBanner() {
  const start = useAgent((s) => s.start);
  const configured = useSettings((s) => s.saved !== null);
  return (
    <div className="stopped-banner" role="region" aria-label="エージェントの状態" data-testid="stopped-banner">
      <p>
        <strong>エージェントが停止しています。</strong>
        {configured ? STOPPED_WARNING : '「連携設定」のStep1〜4を入力して保存すると、エージェントが起動します。'}
      </p>
      {configured ? (
        <button type="button" onClick={() => void start()}>
          起動
        </button>
      ) : null}
    </div>
  );
}

export function AppHeader() {
  const status = useAgent((s) => s.status);
  const version = useAgent((s) => s.info?.version ?? '');
  const sandbox = useAgent((s) => s.info?.sandbox === true);
  const startError = useAgent((s) => s.startError);
  const latest = useLatestRuns((s) => s.latest);

  const retryWait = status?.retryWait;
  const badges: StateBadge[] = [
    // Files the agent sends again by itself: nothing to do, but the clerk sees that they have not gone yet.
    {
      key: 'retry-wait', label: '再送待ち', count: retryWait?.files ?? 0, to: { ...HISTORY, outcome: 'retry-wait' }, tone: 'retry-wait',
      ...(retryWait ? { detail: `次回 ${formatShortDateTime(new Date(retryWait.nextAttemptAt), new Date())}` } : {}),
    },
    { key: 'attention', label: '要確認', count: status?.attention ?? 0, to: { ...HISTORY, outcome: 'attention' }, tone: 'attention' },
    { key: 'errors', label: 'エラーあり', count: latest.filter(hasErrors).length, to: { ...HISTORY, view: 'latest-errors' }, tone: 'failed' },
  ];
  return (
    <header className="app-header">
      <h1>
        明細コネクタ <span className="version">{version === '' ? '' : `v${version}`}</span>
      </h1>
      <div className="agent-status" aria-live="polite">
        {sandbox ? <span className="badge sandbox">サンドボックス</span> : null}
        {status === null ? null : <span className={`agent-${status.agent.state}`}>{agentText(status.agent)}</span>}
        <StateBadges badges={badges} />
      </div>
      {status?.agent.state === 'stopped' ? <StoppedBanner /> : null}
      {startError === null ? null : (
        <p className="error-text header-error" role="alert">
          {startError}
        </p>
      )}
    </header>
  );
}
