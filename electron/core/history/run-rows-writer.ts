// The writer's run rows: a run opened, finished once, and its outcome revised later when its 要確認 /
// 取込状況不明 files were settled by a later run or the clerk.
import type Database from 'better-sqlite3';
import type { RunSummary } from '../../../shared/run';
import type { Result } from '../../../shared/result';
import type { Clock } from '../ports/clock';
import type { HistoryWriter } from './history-interface';
import { runSummaryOfRow, targetKey } from './history-rows';
import type { HistoryWrite } from './history-write';
import type { RowLookups } from './row-lookups';

export interface RunRowsDeps {
  readonly write: HistoryWrite;
  readonly rows: RowLookups;
  readonly recount: (runId: string) => void;
  readonly clock: Clock;
  readonly newId: () => string;
}

export type RunRowsWriter = Pick<HistoryWriter, 'createRun' | 'finishRun' | 'reviseOutcome'>;

export function createRunRowsWriter(db: Database.Database, deps: RunRowsDeps): RunRowsWriter {
  const { write, rows, recount, clock } = deps;
  const insertRun = db.prepare(`
    INSERT INTO runs (id, target_kind, target_key, target_name, trigger, started_at)
    VALUES (@id, @targetKind, @targetKey, @targetName, @trigger, @startedAt)`);
  const finish = db.prepare(`UPDATE runs SET outcome = @outcome, message = @message, finished_at = @now WHERE id = @id`);
  const revise = db.prepare(`UPDATE runs SET outcome = @outcome, message = @message WHERE id = @id`);

  return {
    createRun(run): Result<RunSummary> {
      return write('createRun', () => {
        const id = run.id ?? deps.newId();
        insertRun.run({
          id,
          targetKind: run.target.kind,
          targetKey: targetKey(run.target),
          targetName: run.targetName,
          trigger: run.trigger,
          startedAt: (run.startedAt ?? clock.now()).toISOString(),
        });
        return runSummaryOfRow(rows.mustRun(id));
      });
    },

    finishRun(runId, outcome, message): Result<RunSummary> {
      return write('finishRun', () => {
        const row = rows.mustRun(runId);
        if (row.outcome !== 'running') throw new Error(`history: run ${runId} already finished (${row.outcome})`);
        finish.run({ id: runId, outcome, message, now: clock.now().toISOString() });
        recount(runId);
        return runSummaryOfRow(rows.mustRun(runId));
      });
    },

    reviseOutcome(runId, outcome, message): Result<RunSummary> {
      return write('reviseOutcome', () => {
        const row = rows.mustRun(runId);
        if (row.outcome === 'running') throw new Error(`history: run ${runId} is still running; finishRun it`);
        revise.run({ id: runId, outcome, message });
        recount(runId);
        return runSummaryOfRow(rows.mustRun(runId));
      });
    },
  };
}
