// Logging: a rotating file logger for the agent, a stderr logger for the CLI, both redacting secrets.
export { createFileLogger, formatJsonLine, type FileLogger, type FileLoggerOptions } from './file-logger';
export { createConsoleLogger, formatConsoleLine, type ConsoleLoggerOptions } from './console-logger';
export { createRedactor, MASK, secretTextRedactor, type Redactor } from './log-redaction';
export { createSinkLogger, LEVEL_RANK, type LogSink, type RedactedRecord, type RedactingLogger, type SinkLoggerOptions } from './sink-logger';
export { AGENT_LOG_FILE, openAgentLog } from './agent-log';
