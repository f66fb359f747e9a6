// 実行履歴: the list, a run's files, the CSV export — all read-only — and the clerk's answers for
// one file (再送する / 送信済みにする for 要確認, 同じ内容でも送信する for 同一内容). Over a history
// reader and the runner's held-file resolver: these handlers never hold the history writer.
import type { InvokeHandlers } from '../../../shared/ipc/contract';
import { appError, err, ok, type Result } from '../../../shared/result';
import { formatLocal } from '../../../shared/local-time';
import { awaitsClerkChoice, awaitsOverlapChoice, NOT_AWAITING_CHOICE_MESSAGE, NOT_AWAITING_OVERLAP_MESSAGE, type RunProgress, type RunSummary } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { HistoryReader } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Engine } from '../engine/engine';
import type { ClerkRuns, HeldFileResolver, OverlapResolver, ResendRequest, Runner } from '../runner/runner';
import type { AgentHost } from './agent-host';
import { noSettingsError } from './app-errors';
import type { EventHub } from './event-hub';

export interface HistoryHandlersDeps {
  readonly history: HistoryReader;
  readonly heldFiles: HeldFileResolver;
  readonly forceSend: ClerkRuns['forceSend'];
  readonly releaseCustomerHold: Runner['releaseCustomerHold'];
  readonly overlaps: OverlapResolver;
  readonly losses: Pick<Engine, 'confirmHistoryLoss'>;
  readonly settings: () => Settings | null;
  readonly agents: Pick<AgentHost, 'forwardProgress' | 'publishStatus' | 'agent' | 'status'>;
  readonly events: EventHub;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly logger: Logger;
}


type HistoryChannels =
  | 'history:list'
  | 'history:get'
  | 'history:export-csv'
  | 'history:resolve-held'
  | 'history:force-send'
  | 'history:release-customer-hold'
  | 'history:resolve-overlap'
  | 'history:confirm-loss';

export function historyHandlers(deps: HistoryHandlersDeps): Pick<InvokeHandlers, HistoryChannels> {
  const { history, agents, logger } = deps;

  /**
   * The clerk's 再送する / 同じ内容でも送信する: a run of its own, answered with its id at once and
   * reported (progress, history) like any other run.
   */
  const startClerkRun = (what: string, fileId: number, start: (request: ResendRequest) => Promise<Result<RunSummary>>): string => {
    const runId = deps.newId();
    void start({ fileId, runId, onProgress: (p: RunProgress) => agents.forwardProgress(p) })
      .then((r) => {
        if (!r.ok) logger.warn(`${what} refused`, { fileId, code: r.error.code });
        agents.publishStatus();
      })
      .catch((e: unknown) => logger.error(`${what} crashed`, { fileId, error: String(e) }));
    return runId;
  };

  return {
    async 'history:list'(filter) {
      return ok(history.listRuns(filter));
    },

    async 'history:get'({ runId }) {
      return ok(history.getRun(runId));
    },

    async 'history:export-csv'(filter) {
      return ok({ fileName: `明細コネクタ_実行履歴_${formatLocal(deps.clock.now(), 'compact-date')}.csv`, csv: history.exportCsv(filter) });
    },

    async 'history:resolve-held'({ fileId, action }) {
      if (action === 'mark-sent') {
        const r = deps.heldFiles.markSent(fileId);
        if (!r.ok) return r;
        if (r.value.revised) deps.events.emit('history:changed', { run: r.value.revised });
        agents.publishStatus();
        return ok({ runId: null });
      }
      if (deps.settings() === null) return err(noSettingsError());
      const file = history.getFile(fileId);
      if (!awaitsClerkChoice(file)) {
        return err(appError('runner.not-held', NOT_AWAITING_CHOICE_MESSAGE, `file ${fileId}`));
      }
      return ok({ runId: startClerkRun('resend', fileId, (request) => deps.heldFiles.resendHeld(request)) });
    },

    async 'history:release-customer-hold'({ fileId }) {
      if (deps.settings() === null) return err(noSettingsError());
      const released = deps.releaseCustomerHold(fileId);
      if (!released.ok) return released;
      // The documents go now, in a run of their setting, when the agent runs; otherwise with its next run.
      const customerFileName = released.value.customerFile.fileName;
      const queued = deps.agents.agent()?.runNow(released.value.target) ?? null;
      agents.publishStatus();
      if (queued?.ok) return ok({ runId: queued.value.runId, customerFileName });
      if (queued !== null) logger.info('release: run not started', { code: queued.error.code });
      return ok({ runId: null, customerFileName, notStarted: queued?.error.code === 'queue.busy' ? 'busy' : 'stopped' });
    },

    async 'history:force-send'({ fileId }) {
      if (deps.settings() === null) return err(noSettingsError());
      const file = history.getFile(fileId);
      if (!file || file.state.state !== 'duplicate') {
        return err(appError('runner.not-duplicate', 'このファイルは「同一内容」ではありません。画面を更新してください。', `file ${fileId}`));
      }
      return ok({ runId: startClerkRun('force send', fileId, (request) => deps.forceSend(request)) });
    },

    async 'history:resolve-overlap'({ fileId, choice }) {
      if (deps.settings() === null) return err(noSettingsError());
      if (!awaitsOverlapChoice(history.getFile(fileId))) {
        return err(appError('runner.not-overlap', NOT_AWAITING_OVERLAP_MESSAGE, `file ${fileId}`));
      }
      if (choice === 'skip') {
        const r = await deps.overlaps.skipOverlap(fileId);
        if (!r.ok) return r;
        if (r.value.revised) deps.events.emit('history:changed', { run: r.value.revised });
        agents.publishStatus();
        return ok({ runId: null });
      }
      const issue = choice === 'replace' ? 'replace' : 'new';
      return ok({ runId: startClerkRun(`overlap ${choice}`, fileId, (request) => deps.overlaps.sendOverlap({ ...request, issue })) });
    },

    async 'history:confirm-loss'() {
      const r = deps.losses.confirmHistoryLoss();
      if (!r.ok) return r;
      agents.publishStatus();
      return ok(agents.status());
    },
  };
}
