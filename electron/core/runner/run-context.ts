// What one run hands to every room a file passes through: which run it is, the clerk's cancel
// signal and the progress callback; and how a file's processing ended, as far as the run cares.
import type { FileState, RunProgress } from '../../../shared/run';
import type { Logger } from '../ports/logger';
import type { SendGate } from './send-gate';

export interface RunContext {
  readonly runId: string;
  readonly targetName: string;
  readonly signal: AbortSignal | undefined;
  /** Never throws: a broken listener (a closed window) must not stop a run. */
  readonly emit: (p: RunProgress) => void;
  /** Queued runs and their automatic resends park files behind one that did not arrive; absent: every file POSTs. */
  readonly gate?: SendGate;
}

/** A file's processing ended, as far as the rest of the run is concerned. */
export type FileEnd =
  | { readonly end: 'final'; readonly state: FileState['state'] }
  /** Nothing more can be sent this run (wrong token, wrong URL…): the notice says why. */
  | { readonly end: 'stop-run'; readonly state: FileState['state']; readonly notice: string }
  /** Still being written when the run looked: not this run's file yet (the run may look again). */
  | { readonly end: 'not-ready' };

/** How a file ended once it was sent or given up on (everything but not-ready). */
export type SentEnd = Exclude<FileEnd, { readonly end: 'not-ready' }>;

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
