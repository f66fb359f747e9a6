// The runner's public surface: createRunner (execute = the queue's RunExecutor, resume at start-up,
// resendHeld for the clerk's 再送する), the file-system port and its real implementation, and the
// pure rules (retry delay, run outcome) other parts may want to show or test against.
export { createRunner, CUSTOMERS_KEY, CUSTOMERS_NAME, type Runner, type RunnerDeps, type RunnerOptions, type ResumeReport, type ResendRequest } from './runner';
export type { FileOps, Stability, StagedCopy, ArchiveKind } from './file-ops';
export { createDefaultFileOps, type DefaultFileOpsOptions } from './default-file-ops';
export { retryDelay, activePollDelay, POLL_RETRY, SEND_RETRY, type RetryPolicy } from './retry-delay';
export { decideOutcome, tally, type OutcomeInput, type OutcomeTally } from './run-outcome';
export { pollImport, isTransientPollError, type PollOutcome, type PollOptions } from './import-poller';
export { importProcessName, heldReason, DUPLICATE_MESSAGE } from './clerk-messages';
