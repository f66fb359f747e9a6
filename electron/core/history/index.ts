// The history store's public surface: open the database, then hand `reader` to UI/CLI code and
// `writer` to the runner only.
export * from './history-interface';
export { openHistoryDatabase, type OpenHistoryOptions } from './history-database';
export { canTransition, nextStates, UNFINISHED_STATES, TERMINAL_STATES } from './file-transitions';
export { parseLocalDate, localDayStartUtc, localDayEndUtc } from './local-date-range';
export { CSV_HEADERS } from './history-csv';
export { LATEST_VERSION } from './migrations';
