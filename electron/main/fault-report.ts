// An error no code expected (an uncaught exception, an unhandled rejection anywhere in main): logged
// with its stack, the tray shows エラーあり and the clerk is told (the notifier limits how often) —
// the agent is never silently broken. A fault before the tray exists is shown once it does.
import type { Logger } from '../core/ports/logger';
import type { AppTray } from './app-tray';
import type { Notifier } from './notifier';

export interface FaultReportDeps {
  readonly logger: Logger;
  readonly notifier: Pick<Notifier, 'fault'>;
  /** Where the clerk (or IT) finds the log. */
  readonly logFile: string;
}

export interface FaultReport {
  report(error: unknown): void;
  /** The tray exists now: a fault reported before shows on it. */
  trayReady(tray: Pick<AppTray, 'faulted'>): void;
}

/** The message with its stack, for the log. */
export const describeError = (e: unknown): string => (e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));

export function createFaultReport(deps: FaultReportDeps): FaultReport {
  const { logger } = deps;
  let tray: Pick<AppTray, 'faulted'> | null = null;
  let faultBeforeTray = false;
  return {
    report(error) {
      logger.error('unexpected error', { error: describeError(error) });
      // Reporting must not become a fault of its own (it runs from the process's error handlers).
      try {
        if (tray === null) faultBeforeTray = true;
        else tray.faulted();
        deps.notifier.fault(deps.logFile);
      } catch (e) {
        logger.error('fault report failed', { error: String(e) });
      }
    },
    trayReady(t) {
      tray = t;
      if (faultBeforeTray) t.faulted();
    },
  };
}
