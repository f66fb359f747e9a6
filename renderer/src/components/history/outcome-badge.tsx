// A run's result as a word with a colour (never colour alone), in the clerk's words.
import type { FileRecord, RunSummary } from '../../../../shared/run';
import { outcomeWords } from '../../form/run-words';

export function OutcomeBadge({ run, approvalPending, files = null }: { readonly run: RunSummary; readonly approvalPending: boolean; readonly files?: readonly FileRecord[] | null }) {
  const words = outcomeWords(run, approvalPending, files);
  return <span className={`badge outcome-${words.tone}`}>{words.label}</span>;
}
