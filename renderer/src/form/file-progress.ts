// Turns `run:progress` events into what the 待機中のファイル screen shows per file: 検証中 / 送信中 /
// 取込中 n/m / 完了 / エラー, with the lines each file holds, and for the whole run n / m files
// handled. Pure, so every event order is a table test.
import type { RunProgress, RunSummary, RunTarget } from '../../../shared/run';
import { FILE_STATE_LABELS } from '../../../shared/run';

export type ProgressTone = 'busy' | 'done' | 'error' | 'info';

export interface FileProgress {
  readonly label: string;
  readonly tone: ProgressTone;
}

export interface RunProgressView {
  readonly runId: string;
  readonly files: Readonly<Record<string, FileProgress>>;
  /** Order files appeared in, for a stable list. */
  readonly order: readonly string[];
  /** Data lines per file, once the pre-flight check counted them. */
  readonly lines: Readonly<Record<string, number>>;
  /** Files the run is expected to handle: those waiting when it started (more if more turn up). */
  readonly expected: number;
  /** 中止 was asked; the run stops before its next file. */
  readonly cancelling: boolean;
  readonly finished: RunSummary | null;
}

/** A file whose handling in this run is over (whatever the result). */
const isSettled = (p: FileProgress | undefined): boolean => p !== undefined && p.tone !== 'busy';

/** n / m files and the lines counted so far, for the run's headline. */
export function runCounts(run: RunProgressView): { readonly settled: number; readonly total: number; readonly lines: number } {
  return {
    settled: run.order.filter((name) => isSettled(run.files[name])).length,
    total: Math.max(run.expected, run.order.length),
    lines: Object.values(run.lines).reduce((a, b) => a + b, 0),
  };
}

/** Key under which a target's waiting files and progress are kept: `customers` or the report id. */
export const targetKey = (t: RunTarget): string => (t.kind === 'customers' ? 'customers' : t.reportId);

export type ProgressByTarget = Readonly<Record<string, RunProgressView>>;

function withFile(run: RunProgressView, fileName: string, progress: FileProgress): RunProgressView {
  return {
    ...run,
    files: { ...run.files, [fileName]: progress },
    order: run.order.includes(fileName) ? run.order : [...run.order, fileName],
  };
}

function fileStateProgress(state: Extract<RunProgress, { type: 'file-state' }>['state']): FileProgress {
  switch (state.state) {
    case 'found':
    case 'checked':
      return { label: '検証中', tone: 'busy' };
    case 'sending':
      return { label: '送信中', tone: 'busy' };
    case 'sent':
    case 'importing':
      return { label: '取込中', tone: 'busy' };
    case 'done':
      return { label: '完了', tone: 'done' };
    case 'failed':
      return { label: 'エラー', tone: 'error' };
    case 'held':
    case 'overlap':
    case 'unknown':
      return { label: FILE_STATE_LABELS[state.state], tone: 'error' };
    case 'no-data':
    case 'duplicate':
    case 'skipped':
    case 'retry-wait':
      return { label: FILE_STATE_LABELS[state.state], tone: 'info' };
  }
}

/** 中止 asked for the target's run: shown until the run finishes. */
export function markCancelling(all: ProgressByTarget, key: string): ProgressByTarget {
  const run = all[key];
  return run === undefined ? all : { ...all, [key]: { ...run, cancelling: true } };
}

/** Runs are found by id, since a report run also sends customer files first under the same run. */
function findTarget(all: ProgressByTarget, runId: string): string | null {
  for (const [key, run] of Object.entries(all)) if (run.runId === runId) return key;
  return null;
}

/** `expected`: the files waiting for this run when it starts (the window counts them). */
export function applyProgress(all: ProgressByTarget, event: RunProgress, expected = 0): ProgressByTarget {
  if (event.type === 'run-started') {
    return { ...all, [targetKey(event.target)]: { runId: event.runId, files: {}, order: [], lines: {}, expected, cancelling: false, finished: null } };
  }
  const key = findTarget(all, event.runId);
  if (key === null) return all;
  const run = all[key] as RunProgressView;
  switch (event.type) {
    case 'file-found':
      return { ...all, [key]: withFile(run, event.fileName, { label: '検証中', tone: 'busy' }) };
    case 'file-state': {
      const next = withFile(run, event.fileName, fileStateProgress(event.state));
      const s = event.state;
      return { ...all, [key]: s.state === 'checked' ? { ...next, lines: { ...next.lines, [event.fileName]: s.lines } } : next };
    }
    case 'file-importing':
      return { ...all, [key]: withFile(run, event.fileName, { label: `取込中 ${event.index}/${event.total}`, tone: 'busy' }) };
    case 'run-finished':
      return { ...all, [key]: { ...run, finished: event.summary } };
  }
}
