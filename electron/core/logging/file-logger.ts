// The agent's log file: JSON lines with an ISO time, appended synchronously (a few lines per run, and
// a line written just before a crash must be on disk), rotated by size keeping a fixed number of files
// so the log never fills a clerk's disk.
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../ports/clock';
import type { Logger, LogLevel } from '../ports/logger';
import { createRedactor, type Redactor } from './log-redaction';
import { createSinkLogger, type RedactedRecord, type RedactingLogger } from './sink-logger';

export interface FileLoggerOptions {
  readonly dir: string;
  /** e.g. `meisai-connector.log`; rotated copies are `<fileName>.1` (newest) … `<fileName>.<maxFiles-1>`. */
  readonly fileName: string;
  /** Rotate before a line would make the file larger than this. */
  readonly maxBytes: number;
  /** Files kept in total, the current one included (≥ 1). */
  readonly maxFiles: number;
  readonly clock: Clock;
  readonly level: LogLevel;
  readonly alsoTo?: Logger;
  /** Share one redactor between the file and the console so registerSecret covers both. */
  readonly redactor?: Redactor;
}

export interface FileLogger extends RedactingLogger {
  /** Absolute path of the current log file (for 「ログフォルダを開く」 and support). */
  readonly file: string;
  close(): void;
}

/** One JSON object per line: time, level, msg, then the fields. */
export function formatJsonLine(record: RedactedRecord): string {
  const { time, level, message, fields } = record;
  // Fields cannot overwrite the line's own keys.
  return `${JSON.stringify({ ...fields, time: time.toISOString(), level, msg: message })}\n`;
}

export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const { dir, fileName, clock, level, alsoTo } = options;
  const maxBytes = Math.max(1024, Math.floor(options.maxBytes));
  const maxFiles = Math.max(1, Math.floor(options.maxFiles));
  const file = join(dir, fileName);
  const redactor = options.redactor ?? createRedactor();
  let fd: number | null = null;
  let size = 0;

  function open(): number {
    if (fd === null) {
      mkdirSync(dir, { recursive: true });
      fd = openSync(file, 'a');
      size = fstatSync(fd).size;
    }
    return fd;
  }

  function rotate(): void {
    if (fd !== null) {
      closeSync(fd);
      fd = null;
    }
    if (maxFiles === 1) {
      rmSync(file, { force: true });
      return;
    }
    rmSync(`${file}.${maxFiles - 1}`, { force: true });
    for (let i = maxFiles - 2; i >= 1; i--) {
      try {
        renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    renameSync(file, `${file}.1`);
  }

  function write(record: RedactedRecord): void {
    const line = Buffer.from(formatJsonLine(record), 'utf8');
    open();
    if (size > 0 && size + line.length > maxBytes) {
      rotate();
      open();
    }
    writeSync(fd!, line);
    size += line.length;
  }

  const logger = createSinkLogger(alsoTo === undefined ? { sink: write, clock, level, redactor } : { sink: write, clock, level, redactor, alsoTo });
  return {
    ...logger,
    file,
    close() {
      if (fd !== null) {
        closeSync(fd);
        fd = null;
      }
    },
  };
}
