// Row shapes as SQLite returns them, and their mapping to the shared vocabulary. The state column is
// the discriminant (indexed); state_json holds the whole FileState as the runner wrote it.
import type { FileKind, FileProblem, FileState, IssueKind, OverlapChoice, RunCounts, RunOutcome, RunSummary, RunTarget, RunTrigger } from '../../../shared/run';
import type { HeldAction, StoredFile } from './history-interface';

export interface RunRow {
  readonly id: string;
  readonly target_kind: 'report' | 'customers';
  readonly target_key: string;
  readonly target_name: string;
  readonly trigger: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly outcome: string;
  readonly message: string;
  readonly file_count: number;
  readonly done_count: number;
  readonly failed_count: number;
  readonly skipped_count: number;
  readonly attention_count: number;
  readonly line_count: number;
}

export interface FileRow {
  readonly id: number;
  readonly run_id: string;
  readonly kind: string;
  readonly file_name: string;
  readonly original_path: string;
  readonly staged_path: string | null;
  readonly current_path: string | null;
  readonly setting_key: string;
  readonly sha256: string | null;
  readonly state: string;
  readonly state_json: string;
  readonly import_id: number | null;
  readonly part_index: number;
  readonly part_total: number;
  readonly problems_json: string;
  readonly resolution: string | null;
  readonly resolved_at: string | null;
  /** Migration 004: a 再送待ち row's next attempt (NULL otherwise). */
  readonly next_attempt_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly data_lines: number | null;
  readonly issue: string;
  readonly overlap_choice: string | null;
  readonly overlap_chosen_at: string | null;
}

export function targetOfRow(row: RunRow): RunTarget {
  return row.target_kind === 'customers' ? { kind: 'customers' } : { kind: 'report', reportId: row.target_key };
}

export function targetKey(target: RunTarget): string {
  return target.kind === 'customers' ? 'customers' : target.reportId;
}

export function runSummaryOfRow(row: RunRow): RunSummary {
  const counts: RunCounts = {
    files: row.file_count,
    done: row.done_count,
    failed: row.failed_count,
    skipped: row.skipped_count,
    attention: row.attention_count,
    lines: row.line_count,
  };
  return {
    id: row.id,
    target: targetOfRow(row),
    targetName: row.target_name,
    trigger: row.trigger as RunTrigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome as RunOutcome,
    counts,
    message: row.message,
  };
}

export function storedFileOfRow(row: FileRow): StoredFile {
  return {
    id: row.id,
    runId: row.run_id,
    kind: row.kind as FileKind,
    fileName: row.file_name,
    originalPath: row.original_path,
    stagedPath: row.staged_path,
    currentPath: row.current_path,
    settingKey: row.setting_key,
    sha256: row.sha256,
    state: JSON.parse(row.state_json) as FileState,
    importId: row.import_id,
    partIndex: row.part_index,
    partTotal: row.part_total,
    problems: JSON.parse(row.problems_json) as FileProblem[],
    resolution:
      row.resolution === null || row.resolved_at === null ? null : { action: row.resolution as HeldAction, at: row.resolved_at },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lines: row.data_lines,
    issue: row.issue as IssueKind,
    overlapChoice:
      row.overlap_choice === null || row.overlap_chosen_at === null ? null : { choice: row.overlap_choice as OverlapChoice, at: row.overlap_chosen_at },
  };
}
