// The file lifecycle's public surface: list → wait until stable → stage → (send) → archive.
export { listCandidates, isCandidateName, compareOldestFirst, type Candidate } from './list-candidates';
export {
  StabilityTracker,
  waitUntilStable,
  probeWritableOpen,
  lockedError,
  type FileStability,
  type ExclusiveOpener,
  type FileStat,
  type StabilityDeps,
  type WaitOptions,
} from './stability';
export { stageFile, discardStaged, changedWhileReading, type StagedFile } from './staging';
export {
  archiveFile,
  archiveFolder,
  numberedName,
  writeErrorNote,
  formatErrorNote,
  errorNotePath,
  PROCESSED_FOLDER_NAME,
  ERROR_FOLDER_NAME,
  type ArchiveKind,
  type ArchiveOptions,
  type ArchiveFs,
  type Archived,
  type ErrorNote,
} from './archive';
export { describeFsError, errnoCode } from './fs-errors';
