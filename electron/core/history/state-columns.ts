// Which run_files columns a file state writes. The state column is the discriminant and state_json
// holds the whole state; a few of its fields are copied into columns of their own — the hash and the
// import id (同一内容 and resume look them up), the problems, the data line count (the run's total),
// and a 再送待ち's next attempt (indexed, so the agent finds the earliest due retry without reading
// JSON). Pure, so the rule "later states keep what they no longer carry" has one place.
import type { FileState } from '../../../shared/run';
import type { FileRow } from './history-rows';

export interface StateColumns {
  readonly state: FileState['state'];
  readonly stateJson: string;
  readonly sha256: string | null;
  readonly importId: number | null;
  readonly problemsJson: string;
  readonly nextAttemptAt: string | null;
  readonly dataLines: number | null;
}

/** What the row held before: null for a new row. */
export type KeptColumns = Pick<FileRow, 'sha256' | 'import_id' | 'problems_json' | 'data_lines'>;

/**
 * The columns for `state`. Later states drop the hash, the import id and the line count from their
 * JSON; the row keeps them. A next attempt belongs to 再送待ち alone: any other state clears it.
 */
export function stateColumns(state: FileState, kept: KeptColumns | null): StateColumns {
  return {
    state: state.state,
    stateJson: JSON.stringify(state),
    sha256: ('sha256' in state ? state.sha256 : undefined) ?? kept?.sha256 ?? null,
    importId: ('importId' in state ? state.importId : undefined) ?? kept?.import_id ?? null,
    problemsJson: state.state === 'failed' ? JSON.stringify(state.problems) : (kept?.problems_json ?? '[]'),
    nextAttemptAt: state.state === 'retry-wait' ? state.nextAttemptAt : null,
    dataLines: (state.state === 'checked' || state.state === 'overlap' ? state.lines : undefined) ?? kept?.data_lines ?? null,
  };
}
