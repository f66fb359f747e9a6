// The file lifecycle's public surface: list → wait until stable → stage → (send) → archive.
export {
  listCandidates,
  listFolder,
  isCandidateName,
  classifyName,
  classifyEntry,
  compareOldestFirst,
  ENTRY_CLASS_REASONS,
  type Candidate,
  type EntryClass,
  type FolderListing,
  type IgnoredEntry,
  type NameClass,
} from './list-candidates';
export { entryTypeOf, notRegularReason, openRegular, readRegularFile, type EntryType, type RegularContent } from './regular-file';
export { claimFile, claimFolderOf, isClaimedPath, listClaimedFiles, moveWithoutReplacing, releaseClaim, CLAIM_FOLDER_NAME, type ClaimOutcome, type RenameFile } from './claim';
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
export { stageFile, writeStagedCopy, discardStaged, changedWhileReading, sha256Hex, type StagedFile } from './staging';
export {
  archiveFile,
  archiveBytes,
  archiveFolder,
  writeInfoNote,
  writeWhole,
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
