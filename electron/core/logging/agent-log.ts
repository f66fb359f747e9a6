// The agent's one log file, whoever runs the agent: the tray app, `meisai-connector run` or the
// headless `agent`. Support asks for one file and finds every run in it; one agent per data folder
// at a time (agent.lock) keeps two processes from writing it at once.
import type { Clock } from '../ports/clock';
import type { Logger, LogLevel } from '../ports/logger';
import { createFileLogger, type FileLogger } from './file-logger';
import type { Redactor } from './log-redaction';

export const AGENT_LOG_FILE = 'agent.log';
/** 5 files of 5 MB: weeks of runs, and never more than 25 MB on a clerk's disk. */
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 5;

export function openAgentLog(options: { readonly logDir: string; readonly clock: Clock; readonly level: LogLevel; readonly redactor: Redactor; readonly alsoTo?: Logger }): FileLogger {
  return createFileLogger({
    dir: options.logDir,
    fileName: AGENT_LOG_FILE,
    maxBytes: MAX_BYTES,
    maxFiles: MAX_FILES,
    clock: options.clock,
    level: options.level,
    redactor: options.redactor,
    ...(options.alsoTo ? { alsoTo: options.alsoTo } : {}),
  });
}
