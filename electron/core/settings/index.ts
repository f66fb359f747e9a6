// Settings persistence and the agent's data folder layout.
export { createSettingsStore, type SettingsFileError, type SettingsStore, type SettingsStoreOptions } from './settings-store';
export { APP_DIR_NAME, dataPathsFor, defaultDataLayout, defaultDataPaths, type DataLayout, type DataPaths, type Env } from './data-paths';
export { describeSettled, settleDataFolders, type Settled } from './data-move';
export { writeFileAtomic, type AtomicWriteOptions } from './atomic-write';
export { jsonErrorOffset, positionOf, type TextPosition } from './json-error-position';
export { decodeSettingsText } from './settings-file-text';
