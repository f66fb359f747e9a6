// What one run hands to every room a file passes through: which run it is, the clerk's cancel
// signal and the progress callback; and how a file's processing ended, as far as the run cares.
import type { FileState, RunProgress } from '../../../shared/run';
import type { Logger } from '../ports/logger';

export interface RunContext {
  readonly runId: string;
  readonly targetName: string;
  readonly signal: AbortSignal | undefined;
  /** Never throws: a broken listener (a closed window) must not stop a run. */
  readonly emit: (p: RunProgress) => void;
}

/** A file's processing ended, as far as the rest of the run is concerned. */
export type FileEnd =
  | { readonly end: 'final'; readonly state: FileState['state'] }
  /** Nothing more can be sent this run (maintenance, wrong token…): the notice says why. */
  | { readonly end: 'stop-run'; readonly state: FileState['state']; readonly notice: string };

export function progressEmitter(listener: ((p: RunProgress) => void) | undefined, logger: Logger): RunContext['emit'] {
  return (p) => {
    try {
      listener?.(p);
    } catch (e) {
      logger.warn('progress listener threw', { detail: String(e) });
    }
  };
}

/** The context of work nobody watches (resume at start-up, finishing a crashed run's moves). */
export function unwatchedContext(runId: string, targetName = ''): RunContext {
  return { runId, targetName, signal: undefined, emit: () => {} };
}
