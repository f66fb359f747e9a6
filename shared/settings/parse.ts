// Parsing with field-level Japanese errors: what the CLI prints and what the window shows beside
// each field.
import type { z } from 'zod';
import { err, ok, type Result } from '../result';
import { normalizeMeisaiUrl } from './meisai-url';
import { makeSettingsSchema, type ParsedSettings, type Settings } from './schema';

export interface FieldError {
  /** Dotted path into the settings object, e.g. `reports.0.folder`. */
  readonly path: string;
  readonly message: string;
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export interface ParseSettingsOptions {
  /** The sandbox rehearsal: accept a loopback http base URL. */
  readonly allowLoopbackUrl?: boolean;
}

/** Validates and normalises (URL, ids kept as given). */
export function parseSettings(raw: unknown, options: ParseSettingsOptions = {}): Result<ParsedSettings, FieldError[]> {
  const parsed = makeSettingsSchema(options).safeParse(raw);
  if (!parsed.success) return err(toFieldErrors(parsed.error));
  const url = normalizeMeisaiUrl(parsed.data.meisai.url, { allowLoopback: options.allowLoopbackUrl === true });
  return ok({ ...parsed.data, meisai: { ...parsed.data.meisai, url: url.ok ? url.value : parsed.data.meisai.url } });
}

/**
 * Gives every report setting a stable id (kept once saved) and the agent an id.
 * `newId` is injected so that shared/ needs neither Node's nor the browser's crypto.
 */
export function assignIds(s: ParsedSettings, newId: () => string): Settings {
  const used = new Set(s.reports.map((r) => r.id).filter((id): id is string => id !== undefined));
  const reports = s.reports.map((r) => {
    if (r.id !== undefined) return { ...r, id: r.id };
    let id = newId();
    while (used.has(id)) id = newId();
    used.add(id);
    return { ...r, id };
  });
  return { ...s, agent: { ...s.agent, id: s.agent.id ?? newId() }, reports };
}
