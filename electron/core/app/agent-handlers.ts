// 起動 / 停止 and runs on demand: agent:status, agent:start, agent:stop, run:now, run:cancel.
import type { InvokeHandlers } from '../../../shared/ipc/contract';
import { appError, err, ok } from '../../../shared/result';
import type { RunTarget } from '../../../shared/run';
import type { AgentHost } from './agent-host';
import { APP_ERRORS, noSettingsError } from './app-errors';
import type { AppSettings } from './app-settings';
import type { AppToken } from './app-token';

export interface AgentHandlersDeps {
  readonly settings: Pick<AppSettings, 'current'>;
  readonly token: Pick<AppToken, 'read'>;
  readonly agents: Pick<AgentHost, 'agent' | 'ensure' | 'status' | 'emitFilesIfChanged'>;
}

export function agentHandlers(deps: AgentHandlersDeps): Pick<InvokeHandlers, 'agent:status' | 'agent:start' | 'agent:stop' | 'run:now' | 'run:cancel'> {
  const { settings, agents } = deps;
  return {
    async 'agent:status'() {
      return ok(agents.status());
    },

    async 'agent:start'() {
      const current = settings.current();
      if (current === null) return err(noSettingsError());
      // Without a usable token every run would fail: say so now rather than at the first run.
      const token = await deps.token.read();
      if (!token.ok) return token;
      if (token.value === null) return err(appError(APP_ERRORS.noToken, 'APIトークンが保存されていません。「設定を開く」のStep1でAPIトークンを入力して保存してから起動してください。'));
      const agent = agents.ensure(current);
      await agent.start();
      agents.emitFilesIfChanged();
      return ok(agent.status());
    },

    async 'agent:stop'() {
      const agent = agents.agent();
      if (agent === null) return ok(agents.status());
      // 停止: the file in flight finishes, nothing new starts.
      await agent.stop({ graceful: true });
      return ok(agent.status());
    },

    async 'run:now'({ target }) {
      const agent = agents.agent();
      if (agent === null) return err(noSettingsError());
      return agent.runNow(target as RunTarget);
    },

    async 'run:cancel'({ runId }) {
      const agent = agents.agent();
      if (agent === null) return err(noSettingsError());
      const r = agent.cancel(runId);
      return r.ok ? ok(null) : r;
    },
  };
}
