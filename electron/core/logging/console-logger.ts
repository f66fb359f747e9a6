// The CLI's logger: readable lines on stderr (stdout stays for the command's own output), with the
// same redaction as the log file.
import { formatLocal } from '../../../shared/local-time';
import type { Clock } from '../ports/clock';
import { systemClock } from '../ports/clock';
import type { LogLevel } from '../ports/logger';
import { createRedactor, type Redactor } from './log-redaction';
import { createSinkLogger, type RedactedRecord, type RedactingLogger } from './sink-logger';

export interface ConsoleLoggerOptions {
  readonly level: LogLevel;
  /** Defaults to process.stderr. */
  readonly stream?: { write(text: string): unknown };
  readonly clock?: Clock;
  readonly redactor?: Redactor;
}

const LEVEL_TEXT: Record<LogLevel, string> = { debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR' };

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** `13:05:09 WARN  message key=value key2="two words"` in the PC's time zone. */
export function formatConsoleLine(record: RedactedRecord): string {
  const time = formatLocal(record.time, 'clock');
  const fields = Object.entries(record.fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${fieldText(v)}`)
    .join(' ');
  return `${time} ${LEVEL_TEXT[record.level]} ${record.message}${fields === '' ? '' : ` ${fields}`}\n`;
}

export function createConsoleLogger(options: ConsoleLoggerOptions): RedactingLogger {
  const stream = options.stream ?? process.stderr;
  return createSinkLogger({
    sink: (record) => void stream.write(formatConsoleLine(record)),
    clock: options.clock ?? systemClock,
    level: options.level,
    redactor: options.redactor ?? createRedactor(),
  });
}
