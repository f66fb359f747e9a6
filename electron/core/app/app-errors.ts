// The app service's own error codes and the refusals several handler areas share, worded once.
import { appError, type AppError } from '../../../shared/result';

export const APP_ERRORS = {
  noSettings: 'app.no-settings',
  invalidSettings: 'settings.invalid',
  folder: 'app.folder',
  noToken: 'app.no-token',
} as const;

export const noSettingsError = (): AppError =>
  appError(APP_ERRORS.noSettings, 'まだ設定が保存されていません。「設定を開く」からStep1〜4を入力して保存してください。');
