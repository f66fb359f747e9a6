// The Logger (ports/logger.ts) over a sink: level filtering, child fields, and redaction applied
// once, here, before any sink sees a line. File and console loggers are sinks behind this.
import type { Clock } from '../ports/clock';
import type { LogFields, Logger, LogLevel } from '../ports/logger';
import type { Redactor } from './log-redaction';

export const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A line after redaction: safe to write anywhere. */
export interface RedactedRecord {
  readonly time: Date;
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

export type LogSink = (record: RedactedRecord) => void;

/** A Logger that also masks values it is told about (the token, once loaded or typed). */
export interface RedactingLogger extends Logger {
  registerSecret(value: string | null | undefined): void;
  child(fields: LogFields): RedactingLogger;
}

export interface SinkLoggerOptions {
  readonly sink: LogSink;
  readonly clock: Clock;
  readonly level: LogLevel;
  readonly redactor: Redactor;
  /** Receives the redacted line too (e.g. the console while developing). */
  readonly alsoTo?: Logger;
}

export function createSinkLogger(options: SinkLoggerOptions, base: LogFields = {}): RedactingLogger {
  const { sink, clock, level, redactor, alsoTo } = options;
  const min = LEVEL_RANK[level];

  function log(lvl: LogLevel, message: string, fields: LogFields | undefined): void {
    if (LEVEL_RANK[lvl] < min) return;
    const merged = { ...base, ...(fields ?? {}) };
    const safeFields = redactor.value(merged) as Record<string, unknown>;
    const safeMessage = redactor.text(message);
    try {
      sink({ time: clock.now(), level: lvl, message: safeMessage, fields: safeFields });
    } catch {
      // A log that cannot be written (disk full, folder removed) must never stop a run.
    }
    alsoTo?.[lvl](safeMessage, safeFields);
  }

  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createSinkLogger(options, { ...base, ...fields }),
    registerSecret: (value) => redactor.registerSecret(value),
  };
}
