// The settings file (settings.json): loading with Japanese, field-level errors that name the file,
// and saving atomically with a `.bak`. Report ids are assigned once and persisted, because history
// and schedule state refer to them and they must survive reordering and renaming. The token is
// written to the file only when this store is told the file is where it lives (the CLI); the tray
// app keeps it encrypted elsewhere, and a token from MEISAI_API_TOKEN is never written.
import { readFileSync } from 'node:fs';
import { appError, err, ok, type AppError, type ErrorCode, type Result } from '../../../shared/result';
import { assignIds, parseSettings, type FieldError } from '../../../shared/settings/parse';
import type { ParsedSettings, Settings } from '../../../shared/settings/schema';
import type { Logger } from '../ports/logger';
import { writeFileAtomic } from './atomic-write';
import type { Env } from './data-paths';
import { jsonErrorOffset, positionOf } from './json-error-position';
import { decodeSettingsText } from './settings-file-text';
import { envToken } from './token-source';

/** A settings problem for the clerk: which file, and each field that is wrong. */
export interface SettingsFileError extends AppError {
  readonly file: string;
  readonly fields: readonly FieldError[];
}

export interface SettingsStoreOptions {
  readonly path: string;
  readonly env: Env;
  readonly newId: () => string;
  readonly logger: Logger;
  /**
   * `file`: the token may be kept in settings.json (the CLI, headless servers).
   * `elsewhere` (default): never write it; the tray app keeps it encrypted in its secret store.
   */
  readonly tokenStorage?: 'file' | 'elsewhere';
  /** The sandbox rehearsal: accept a loopback http 「楽楽明細」URL. */
  readonly allowLoopbackUrl?: boolean;
}

export interface SettingsStore {
  readonly path: string;
  readonly backupPath: string;
  /** null when there is no settings file yet (first start). */
  load(): Result<Settings | null, SettingsFileError>;
  /**
   * Validates, assigns missing ids, writes atomically. apiToken: undefined or equal to
   * MEISAI_API_TOKEN keeps the token already in the file; '' removes it; another value is written
   * (only with tokenStorage `file`).
   */
  save(input: unknown): Result<Settings, SettingsFileError>;
}

function fileError(code: ErrorCode, file: string, message: string, fields: readonly FieldError[], detail?: string): SettingsFileError {
  const base = appError(code, message, detail);
  return { ...base, file, fields };
}

function invalidSettings(file: string, fields: readonly FieldError[]): SettingsFileError {
  const first = fields[0]?.message ?? '';
  const more = fields.length > 1 ? `（ほか${fields.length - 1}件）` : '';
  return fileError('settings.invalid', file, `設定ファイル（${file}）の内容に誤りがあります: ${first}${more}`, fields);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What goes in the file: the parsed settings, with or without the token. */
function fileContent(settings: Settings, token: string | undefined): Settings {
  const { apiToken: _dropped, ...meisai } = settings.meisai;
  return { ...settings, meisai: token === undefined ? meisai : { ...meisai, apiToken: token } };
}

function serialise(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function createSettingsStore(options: SettingsStoreOptions): SettingsStore {
  const { path, env, newId, logger } = options;
  const tokenInFile = options.tokenStorage === 'file';
  const parseOptions = { allowLoopbackUrl: options.allowLoopbackUrl ?? false };
  const backupPath = `${path}.bak`;

  type Raw = { readonly kind: 'missing' } | { readonly kind: 'text'; readonly text: string };

  function readRaw(): Result<Raw, SettingsFileError> {
    try {
      return ok({ kind: 'text', text: decodeSettingsText(readFileSync(path)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return ok({ kind: 'missing' });
      return err(
        fileError('settings.read', path, `設定ファイル（${path}）を読み込めませんでした。ファイルのアクセス権を確認してください。`, [], `${code}: ${(e as Error).message}`),
      );
    }
  }

  function parseJson(text: string): Result<unknown, SettingsFileError> {
    try {
      return ok(JSON.parse(text) as unknown);
    } catch (e) {
      const offset = jsonErrorOffset(text) ?? 0;
      const { line, column } = positionOf(text, offset);
      const message = `設定ファイル（${path}）の${line}行目${column}文字目付近の書き方が正しくありません（JSON形式）。カンマや「"」の閉じ忘れがないか確認してください。`;
      const backupNote = '前回保存した設定は同じフォルダの .bak ファイルに残っています。';
      return err(fileError('settings.json', path, `${message}${backupNote}`, [{ path: '', message }], (e as Error).message));
    }
  }

  /** A string at `section.key` of the current file, when the file is readable JSON. */
  function currentFileValue(section: string, key: string): string | undefined {
    const raw = readRaw();
    if (!raw.ok || raw.value.kind === 'missing') return undefined;
    try {
      const json = JSON.parse(raw.value.text) as unknown;
      const part = isRecord(json) ? json[section] : undefined;
      const value = isRecord(part) ? part[key] : undefined;
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    } catch {
      return undefined;
    }
  }

  function write(content: unknown): Result<void, SettingsFileError> {
    try {
      writeFileAtomic(path, serialise(content), { backup: true, mode: 0o600 });
      return ok(undefined);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const hint = code === 'ENOSPC' ? 'ディスクの空き容量が不足しています。' : 'フォルダのアクセス権を確認してください。';
      return err(fileError('settings.write', path, `設定ファイル（${path}）を保存できませんでした。${hint}`, [], `${code}: ${(e as Error).message}`));
    }
  }

  return {
    path,
    backupPath,

    load() {
      const raw = readRaw();
      if (!raw.ok) return raw;
      if (raw.value.kind === 'missing') return ok(null);
      const json = parseJson(raw.value.text);
      if (!json.ok) return json;
      const parsed = parseSettings(json.value, parseOptions);
      if (!parsed.ok) {
        logger.warn('settings: invalid file', { file: path, fields: parsed.error });
        return err(invalidSettings(path, parsed.error));
      }
      const settings = assignIds(parsed.value, newId);
      if (needsIds(parsed.value)) {
        // Persist the new ids now: the next start must see the same ones, or history and schedule
        // state would lose track of each setting. Only ids are added; the clerk's text stays as is.
        const patched = withIds(json.value, settings);
        const written = write(patched);
        if (written.ok) logger.info('settings: assigned ids', { file: path });
        else logger.warn('settings: could not persist assigned ids', { file: path, detail: written.error.detail });
      }
      return ok(settings);
    },

    save(input) {
      const parsed = parseSettings(input, parseOptions);
      if (!parsed.ok) return err(invalidSettings(path, parsed.error));
      // The agent id identifies this PC to support: a form or command that did not send it keeps it.
      const agentId = parsed.value.agent.id ?? currentFileValue('agent', 'id');
      const settings = assignIds({ ...parsed.value, agent: { ...parsed.value.agent, id: agentId } }, newId);
      const given = parsed.value.meisai.apiToken;
      let token: string | undefined;
      if (tokenInFile) {
        if (given === undefined || given === envToken(env)) token = currentFileValue('meisai', 'apiToken');
        else if (given === '') token = undefined;
        else token = given;
      }
      const content = fileContent(settings, token);
      const written = write(content);
      if (!written.ok) return written;
      logger.info('settings: saved', { file: path, reports: settings.reports.length, tokenInFile: token !== undefined });
      return ok(content);
    },
  };
}

function needsIds(parsed: ParsedSettings): boolean {
  return parsed.agent.id === undefined || parsed.reports.some((r) => r.id === undefined);
}

/** The clerk's own JSON with the assigned ids added (and nothing else changed). */
function withIds(raw: unknown, settings: Settings): unknown {
  if (!isRecord(raw)) return raw;
  const agent = isRecord(raw.agent) ? { ...raw.agent, id: settings.agent.id } : raw.agent;
  const reports = Array.isArray(raw.reports)
    ? raw.reports.map((r: unknown, i) => (isRecord(r) ? { ...r, id: settings.reports[i]?.id } : r))
    : raw.reports;
  return { ...raw, agent, reports };
}
