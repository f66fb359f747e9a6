// Reading the settings file the way a clerk may have saved it — UTF-8 with or without a BOM, or
// Shift_JIS — into JSON, with a Japanese error that names the file and, for broken JSON, the line
// and column. The tray app's settings store and the CLI's --config both read through this.
import { existsSync, readFileSync } from 'node:fs';
import { appError, err, ok, type AppError, type ErrorCode, type Result } from '../../../shared/result';
import type { FieldError } from '../../../shared/settings/parse';
import { jsonErrorOffset, positionOf } from './json-error-position';
import { decodeSettingsText } from './settings-file-text';

/** A settings problem for the clerk: which file, and each field that is wrong. */
export interface SettingsFileError extends AppError {
  readonly file: string;
  readonly fields: readonly FieldError[];
}

export function settingsFileError(code: ErrorCode, file: string, message: string, fields: readonly FieldError[], detail?: string): SettingsFileError {
  return { ...appError(code, message, detail), file, fields };
}

export function invalidSettingsError(file: string, fields: readonly FieldError[]): SettingsFileError {
  const first = fields[0]?.message ?? '';
  const more = fields.length > 1 ? `（ほか${fields.length - 1}件）` : '';
  return settingsFileError('settings.invalid', file, `設定ファイル（${file}）の内容に誤りがあります: ${first}${more}`, fields);
}

/** The file's text, decoded; null when there is no file yet. */
export function readSettingsText(path: string): Result<string | null, SettingsFileError> {
  try {
    return ok(decodeSettingsText(readFileSync(path)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return ok(null);
    return err(settingsFileError('settings.read', path, `設定ファイル（${path}）を読み込めませんでした。ファイルのアクセス権を確認してください。`, [], `${code}: ${(e as Error).message}`));
  }
}

export function parseSettingsJson(path: string, text: string): Result<unknown, SettingsFileError> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    const offset = jsonErrorOffset(text) ?? 0;
    const { line, column } = positionOf(text, offset);
    const message = `設定ファイル（${path}）の${line}行目${column}文字目付近の書き方が正しくありません（JSON形式）。カンマや「"」の閉じ忘れがないか確認してください。`;
    // Said only when true: a hand-written file for the CLI has no .bak.
    const backupNote = existsSync(`${path}.bak`) ? '前回保存した設定は同じフォルダの .bak ファイルに残っています。' : '';
    return err(settingsFileError('settings.json', path, `${message}${backupNote}`, [{ path: '', message }], (e as Error).message));
  }
}

/** The file's JSON, null when there is no file yet, or why it cannot be read. */
export function readSettingsJson(path: string): Result<unknown, SettingsFileError> {
  const text = readSettingsText(path);
  if (!text.ok || text.value === null) return text;
  return parseSettingsJson(path, text.value);
}
