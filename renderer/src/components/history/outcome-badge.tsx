// A run's or file's result as a word with a colour (never colour alone).
import { OUTCOME_LABELS, type RunOutcome } from '../../../../shared/run';

export function OutcomeBadge({ outcome }: { readonly outcome: RunOutcome }) {
  return <span className={`badge outcome-${outcome}`}>{OUTCOME_LABELS[outcome]}</span>;
}
