// The settings file (settings.json): loading with Japanese, field-level errors that name the file,
// and saving atomically with a `.bak`. Report ids are assigned once and persisted, because history
// and schedule state refer to them and they must survive reordering and renaming. The token is
// written to the file only when this store is told the file is where it lives (the CLI); the tray
// app keeps it encrypted elsewhere, and a token from MEISAI_API_TOKEN is never written.
import { err, ok, type Result } from '../../../shared/result';
import { assignIds, parseSettings } from '../../../shared/settings/parse';
import type { ParsedSettings, Settings } from '../../../shared/settings/schema';
import type { Logger } from '../ports/logger';
import { writeFileAtomic } from './atomic-write';
import type { Env } from './data-paths';
import { envToken } from '../secrets/token-source';
import { invalidSettingsError, readSettingsJson, settingsFileError, type SettingsFileError } from './settings-file';

export type { SettingsFileError } from './settings-file';

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

  /** A string at `section.key` of the current file, when the file is readable JSON. */
  function currentFileValue(section: string, key: string): string | undefined {
    const json = readSettingsJson(path);
    if (!json.ok) return undefined;
    const part = isRecord(json.value) ? json.value[section] : undefined;
    const value = isRecord(part) ? part[key] : undefined;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }

  function write(content: unknown): Result<void, SettingsFileError> {
    try {
      writeFileAtomic(path, serialise(content), { backup: true, mode: 0o600 });
      return ok(undefined);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const hint = code === 'ENOSPC' ? 'ディスクの空き容量が不足しています。' : 'フォルダのアクセス権を確認してください。';
      return err(settingsFileError('settings.write', path, `設定ファイル（${path}）を保存できませんでした。${hint}`, [], `${code}: ${(e as Error).message}`));
    }
  }

  return {
    path,
    backupPath,

    load() {
      const json = readSettingsJson(path);
      if (!json.ok) return json;
      if (json.value === null) return ok(null);
      // A token in the file is checked only where it is the one used (the CLI's file): the tray app
      // never reads it, so a placeholder there must not refuse the whole file.
      const parsed = parseSettings(tokenInFile ? json.value : withoutFileToken(json.value), parseOptions);
      if (!parsed.ok) {
        logger.warn('settings: invalid file', { file: path, fields: parsed.error });
        return err(invalidSettingsError(path, parsed.error));
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
      if (!parsed.ok) return err(invalidSettingsError(path, parsed.error));
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

/** The settings JSON without `meisai.apiToken`. */
export function withoutFileToken(raw: unknown): unknown {
  if (!isRecord(raw) || !isRecord(raw.meisai)) return raw;
  const { apiToken: _ignored, ...meisai } = raw.meisai;
  return { ...raw, meisai };
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
