// Every machine code an AppError can carry, declared once. Errors cross the IPC bridge and land in
// logs and the history as values; a code is what the window, the tray and the tests switch on, so a
// misspelt or invented code must fail to compile rather than fall through a `switch` at the clerk's
// desk. Add a code here when a new failure gets its own handling; its Japanese message stays where
// the error is made.
import type { IpcErrorCode } from './ipc/channels';

export type ErrorCode =
  | IpcErrorCode
  /** The app service: nothing saved yet, no token, a folder that cannot be opened. */
  | 'app.no-settings'
  | 'app.no-token'
  | 'app.folder'
  /** 「ファイルを表示」 for a file the history does not know. */
  | 'app.unknown-file'
  /** The agent refused a run (stopped, or a setting that no longer exists). */
  | 'agent.stopped'
  | 'agent.unknown-target'
  /** The run queue. */
  | 'queue.busy'
  | 'queue.stopped'
  | 'queue.not-found'
  | 'run.cancelled'
  /** Clerk-started runs and the runner's own bookkeeping. */
  | 'runner.not-held'
  | 'runner.not-overlap'
  | 'runner.history-lost'
  | 'runner.not-duplicate'
  | 'runner.already-forced'
  | 'runner.setting-missing'
  | 'runner.staged-missing'
  | 'runner.file-missing'
  | 'runner.storage'
  | 'runner.not-customer-hold'
  /** The settings file and the form. */
  | 'settings.invalid'
  | 'settings.read'
  | 'settings.json'
  | 'settings.write'
  /** The encrypted token store. */
  | 'secrets.undecryptable'
  | 'secrets.encrypt-failed'
  | 'secrets.io'
  | 'secrets.corrupt'
  | 'secrets.invalid-token'
  /** The history database. */
  | 'history.open'
  | 'history.migrate'
  | 'history.too-new'
  | 'history.storage'
  | 'history.write'
  | 'history.not-held'
  /** 「サポート用情報を保存」: the zip could not be written. */
  | 'support.save-failed'
  | 'history.not-overlap'
  | 'history.no-loss'
  | 'ledger.write'
  /** One agent per data folder. */
  | 'lock.held'
  | 'lock.io'
  /** The clerk's files: listing, stability, staging. */
  | 'files.folder-missing'
  | 'files.locked'
  | 'files.gone'
  | 'files.changed-while-reading'
  /** A link (symbolic, junction), FIFO or device where a clerk's file was expected: never opened. */
  | 'files.not-regular'
  /** A file-system call failed (describeFsError). */
  | 'fs.disk-full'
  | 'fs.permission'
  | 'fs.missing'
  | 'fs.busy'
  | 'fs.read-only'
  | 'fs.not-a-file'
  | 'fs.other';
