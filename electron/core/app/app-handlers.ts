// Every channel of the IPC contract, one module per area, put together into the one handler object
// the dispatch gate serves — checked with `satisfies InvokeHandlers`, so a channel without its
// handler does not compile. Each area gets only what it uses: history reads through the reader and
// acts through the runner's clerk runs, never through the writer.
import type { InvokeHandlers } from '../../../shared/ipc/contract';
import type { Engine } from '../engine/engine';
import type { Logger } from '../ports/logger';
import { agentHandlers } from './agent-handlers';
import type { AgentHost } from './agent-host';
import type { AppServiceDeps } from './app-service';
import type { AppSettings } from './app-settings';
import type { AppToken } from './app-token';
import type { EventHub } from './event-hub';
import { historyHandlers } from './history-handlers';
import { settingsHandlers } from './settings-handlers';
import { shellHandlers } from './shell-handlers';
import { supportHandlers } from './support-handlers';
import { waitingFilesHandlers } from './waiting-files-handlers';

/** The service's parts the handlers act on, once the engine is open. */
export interface AppParts {
  readonly settings: AppSettings;
  readonly token: AppToken;
  readonly agents: AgentHost;
  readonly engine: Engine;
  readonly events: EventHub;
  /** The app's logger (module: app). */
  readonly logger: Logger;
}

export function composeAppHandlers(deps: AppServiceDeps, parts: AppParts): InvokeHandlers {
  const { settings, token, agents, engine, events, logger } = parts;
  const { clock, dataPaths } = deps;
  const sandbox = deps.sandbox === true;
  const current = () => settings.current();
  const runner = engine.runner;
  return {
    ...settingsHandlers({ settings, token, agents, engine, events, sandbox, logger }),
    ...agentHandlers({ settings, token, agents }),
    ...historyHandlers({
      history: engine.history,
      heldFiles: { markSent: (fileId) => runner.markSent(fileId), resendHeld: (request) => runner.resendHeld(request) },
      forceSend: (request) => runner.forceSend(request),
      releaseCustomerHold: (fileId) => runner.releaseCustomerHold(fileId),
      overlaps: { sendOverlap: (request) => runner.sendOverlap(request), skipOverlap: (fileId) => runner.skipOverlap(fileId) },
      losses: engine,
      settings: current,
      agents,
      events,
      clock,
      newId: deps.newId,
      logger,
    }),
    ...waitingFilesHandlers({ settings: current, agents, clock }),
    ...shellHandlers({
      settings: current,
      dataPaths,
      pickFolder: deps.pickFolder,
      openPath: deps.openPath,
      showItemInFolder: deps.showItemInFolder,
      history: engine.history,
      info: { version: deps.version, platform: deps.platform, logFile: deps.logFile, sandbox },
    }),
    ...supportHandlers({
      paths: dataPaths,
      settings: current,
      history: engine.history,
      token,
      env: deps.env ?? {},
      pickSaveFile: deps.pickSaveFile ?? (async () => null),
      version: deps.version,
      platform: deps.platform,
      runtime: deps.runtimeVersions ?? process.versions,
      clock,
      logger,
    }),
  } satisfies InvokeHandlers;
}
