// Logging as a collaborator. Fields are structured; anything that looks like the API token is
// redacted by the sink (see log-redaction.ts), but callers still never pass headers or tokens.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** Keeps lines in memory: for tests, and for asserting that a secret never reached the log. */
export class MemoryLogger implements Logger {
  constructor(readonly lines: LogLine[] = [], private readonly base: LogFields = {}) {}
  debug(message: string, fields: LogFields = {}): void { this.lines.push({ level: 'debug', message, fields: { ...this.base, ...fields } }); }
  info(message: string, fields: LogFields = {}): void { this.lines.push({ level: 'info', message, fields: { ...this.base, ...fields } }); }
  warn(message: string, fields: LogFields = {}): void { this.lines.push({ level: 'warn', message, fields: { ...this.base, ...fields } }); }
  error(message: string, fields: LogFields = {}): void { this.lines.push({ level: 'error', message, fields: { ...this.base, ...fields } }); }
  child(fields: LogFields): Logger { return new MemoryLogger(this.lines, { ...this.base, ...fields }); }
  text(): string { return this.lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields)}`).join('\n'); }
}

export const silentLogger: Logger = {
  debug() {}, info() {}, warn() {}, error() {},
  child() { return silentLogger; },
};
