// Settings persistence and the agent's data folder layout.
export { createSettingsStore, type SettingsFileError, type SettingsStore, type SettingsStoreOptions } from './settings-store';
export { APP_DIR_NAME, dataPathsFor, defaultDataDir, defaultDataPaths, type DataPaths, type Env } from './data-paths';
export { writeFileAtomic, type AtomicWriteOptions } from './atomic-write';
export { jsonErrorOffset, positionOf, type TextPosition } from './json-error-position';
export { decodeSettingsText } from './settings-file-text';
