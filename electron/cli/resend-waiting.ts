// 再送待ち for the one-shot `run`: it does not stay to resend later (the tray app or `agent` does),
// but it takes what is due now — a server or Task Scheduler that only ever calls `run` must not
// leave yesterday's maintenance victims waiting for an agent that never comes — and it says what
// still waits when it ends.
import type { RunProgress, RunSummary, RunTarget } from '../../shared/run';
import { dueRuns, pendingRetriesFrom, type PendingRetry } from '../core/agent/retry-timer';
import type { Engine } from '../core/engine/engine';
import type { HistoryReader } from '../core/history/history-interface';
import { targetKey } from '../core/queue/types';

/** A waiting run belongs to this `run` when it ran one of its targets, or sent customer data alone (customers go first). */
function covered(pending: Pick<PendingRetry, 'target'>, targets: readonly RunTarget[]): boolean {
  return pending.target.kind === 'customers' || targets.some((t) => targetKey(t) === targetKey(pending.target));
}

/** Continues the waiting runs of these targets whose time has come; their summaries, in order. */
export async function resendDue(engine: Pick<Engine, 'history' | 'runner'>, targets: readonly RunTarget[], now: Date, onProgress: (p: RunProgress) => void = () => {}): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  for (const due of dueRuns(pendingRetriesFrom(engine.history).filter((p) => covered(p, targets)), now)) {
    summaries.push(await engine.runner.execute({ runId: due.runId, target: due.target, trigger: 'retry', signal: new AbortController().signal, onProgress }));
  }
  return summaries;
}

/** Files of these targets still in 再送待ち once the `run` is over. */
export function stillWaiting(history: Pick<HistoryReader, 'findRetryWaits' | 'getRun'>, targets: readonly RunTarget[]): number {
  return pendingRetriesFrom(history).filter((p) => covered(p, targets)).length;
}
