// The window's Step 1–4: settings:get, settings:save (everything checked before anything is
// written, the token only ever into the encrypted store) and Step 1's 接続テスト through the proxy
// and roots the agent itself would use. A save also makes the missing フォルダ名 folders and, when
// it is the one that completes the settings, starts the agent — and says both in its answer.
import type { InvokeHandlers, SettingsView } from '../../../shared/ipc/contract';
import { appError, err, ok } from '../../../shared/result';
import { parseSettings, type FieldError } from '../../../shared/settings/parse';
import type { Settings } from '../../../shared/settings/schema';
import type { Engine } from '../engine/engine';
import type { Logger } from '../ports/logger';
import { TOKEN_SHAPE, TOKEN_SHAPE_MESSAGE } from '../secrets/token-source';
import { checkRootFolder } from '../settings/root-folder-check';
import { createMissingFolders } from '../watcher/setting-folders';
import { watchTargetsFromSettings } from '../watcher/watch-targets';
import type { AgentHost } from './agent-host';
import { APP_ERRORS } from './app-errors';
import type { AppSettings } from './app-settings';
import type { AppToken } from './app-token';
import { testConnection } from './connection-test';
import type { EventHub } from './event-hub';
import { settingsReadiness } from './settings-readiness';

export interface SettingsHandlersDeps {
  readonly settings: AppSettings;
  readonly token: AppToken;
  readonly agents: Pick<AgentHost, 'agent' | 'ensure' | 'publishStatus' | 'emitFilesIfChanged'>;
  readonly engine: Pick<Engine, 'api' | 'connect'>;
  readonly events: EventHub;
  readonly sandbox: boolean;
  readonly logger: Logger;
}

function stripToken(raw: unknown): unknown {
  // The token never travels inside the settings object: only as `newToken`, and never into settings.json.
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  const meisai = r.meisai;
  if (typeof meisai !== 'object' || meisai === null || Array.isArray(meisai)) return raw;
  const { apiToken: _a, token: _t, ...rest } = meisai as Record<string, unknown>;
  return { ...r, meisai: rest };
}

const invalid = (fields: readonly FieldError[]) =>
  err({
    ...appError(APP_ERRORS.invalidSettings, `入力内容に誤りがあります（${fields.length}件）。赤く表示された項目を直してから保存してください。`),
    fields,
  });

export function settingsHandlers(deps: SettingsHandlersDeps): Pick<InvokeHandlers, 'settings:get' | 'settings:save' | 'connection:test'> {
  const { settings, token, agents, engine, events, logger } = deps;

  const tokenSaved = async () => {
    const t = await token.read();
    return t.ok && t.value !== null;
  };

  async function settingsView(s: Settings): Promise<SettingsView> {
    const { apiToken: _never, ...meisai } = s.meisai;
    return { ...s, meisai: { url: meisai.url, token: await token.view() } };
  }

  return {
    async 'settings:get'() {
      const current = settings.current();
      const problem = settings.loadProblem();
      if (problem !== null && current === null) return err(problem);
      return ok(current === null ? null : await settingsView(current));
    },

    async 'settings:save'({ settings: input, newToken }) {
      const raw = stripToken(input);
      const wasComplete = settingsReadiness(settings.current(), await tokenSaved()).complete;
      // Everything is checked before anything is written: a half-saved form is worse than none.
      const parsed = parseSettings(raw, { allowLoopbackUrl: deps.sandbox });
      if (!parsed.ok) return invalid(parsed.error);
      const rootProblem = await checkRootFolder(parsed.value.agent.root);
      if (rootProblem !== null) return invalid([rootProblem]);
      const typed = newToken?.trim() ?? '';
      if (typed !== '' && !TOKEN_SHAPE.test(typed)) return invalid([{ path: 'meisai.apiToken', message: TOKEN_SHAPE_MESSAGE }]);
      if (typed !== '') {
        const saved = await token.save(typed);
        if (!saved.ok) return err({ ...saved.error, fields: [{ path: 'meisai.apiToken', message: saved.error.message }] });
      }
      const written = settings.save(raw);
      if (!written.ok) return err({ ...appError(written.error.code, written.error.message, written.error.detail), fields: written.error.fields });
      const current = written.value;
      engine.api.invalidate();
      // Before the watcher looks: the folders it is about to watch exist, and it lists them empty.
      const folders = await createMissingFolders(watchTargetsFromSettings(current));
      if (folders.created.length > 0) logger.info('setting folders created', { folders: folders.created });
      for (const f of folders.failed) logger.warn('setting folder not created', { folder: f.path, reason: f.message });
      const existing = agents.agent();
      const agent = existing ?? agents.ensure(current);
      if (existing !== null) await agent.updateSettings(current);
      // The save that completes the settings starts the agent: a clerk who just finished setting up
      // expects it to work, and a 停止中 agent sends nothing. A clerk who stopped it on purpose is
      // not overruled by later saves (the settings were complete then already).
      let agentStarted = false;
      if (!wasComplete && settingsReadiness(current, await tokenSaved()).complete && agent.status().agent.state === 'stopped') {
        await agent.start();
        agents.emitFilesIfChanged();
        agentStarted = true;
      }
      logger.info('settings saved', { reports: current.reports.length, tokenChanged: typed !== '', agentStarted });
      const view = await settingsView(current);
      events.emit('settings:changed', view);
      agents.publishStatus();
      return ok({ ...view, afterSave: { createdFolders: folders.created, folderProblems: folders.failed.map((f) => f.message), agentStarted } });
    },

    async 'connection:test'({ url, newToken }) {
      const typed = newToken?.trim() ?? '';
      let candidate: string | null = typed === '' ? null : typed;
      if (candidate === null) {
        const saved = await token.read();
        if (!saved.ok) return ok({ outcome: 'bad-token', message: saved.error.message, proxy: '（接続していません）' });
        candidate = saved.value;
      }
      const result = await testConnection({
        url,
        token: candidate,
        allowLoopback: deps.sandbox,
        connect: async (baseUrl, t) => {
          const { api, proxy } = await engine.connect(baseUrl, t, settings.current()?.agent.proxyUrl ?? null);
          return { api, proxy: proxy.description };
        },
      });
      logger.info('connection test', { outcome: result.outcome, proxy: result.proxy });
      return ok(result);
    },
  };
}
