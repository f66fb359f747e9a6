// What of an update survives a restart — a version downloaded but not yet installed, and the
// agent's state across our own update restart — as one small JSON file, and the pure readings of
// it at start-up: install now, or note that the update is in, and whose restart mark to honour.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../core/ports/logger';

export interface UpdateMarks {
  readonly pendingVersion?: string;
  readonly restart?: { readonly agentWasRunning: boolean; readonly at: string };
}

export interface UpdateMarksStore {
  read(): UpdateMarks;
  write(marks: UpdateMarks): void;
}

/** A restart mark older than this is not ours to honour (the app was started by hand much later). */
export const RESTART_MARK_TTL_MS = 30 * 60_000;

/** The marks as one small JSON file in the state folder, replaced whole. */
export function fileMarksStore(file: string, logger: Logger): UpdateMarksStore {
  return {
    read() {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as UpdateMarks;
      } catch {
        return {};
      }
    },
    write(marks) {
      try {
        if (marks.pendingVersion === undefined && marks.restart === undefined) {
          rmSync(file, { force: true });
          return;
        }
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(`${file}.tmp`, JSON.stringify(marks));
        renameSync(`${file}.tmp`, file);
      } catch (e) {
        logger.warn('update marks not written', { error: String(e) });
      }
    },
  };
}

/** a.b.c (numeric parts) newer than b? Pre-release tags are not used by this app. */
export function isNewer(a: string, b: string): boolean {
  const pa = a.split(/[.+-]/).map((n) => Number.parseInt(n, 10));
  const pb = b.split(/[.+-]/).map((n) => Number.parseInt(n, 10));
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    if (x !== y) return x > y;
  }
  return false;
}

/**
 * The pending version at start-up: newer than this version means it was downloaded and never
 * installed (the PC was switched off), so install it now; otherwise it is the version running.
 */
export function pendingAtStart(marks: UpdateMarks, currentVersion: string): 'none' | 'install' | 'installed' {
  if (marks.pendingVersion === undefined) return 'none';
  return isNewer(marks.pendingVersion, currentVersion) ? 'install' : 'installed';
}

/** The agent's state before our own update restart, if the mark is recent enough to be ours. */
export function restartStateOf(marks: UpdateMarks, now: Date): { readonly agentWasRunning: boolean } | null {
  if (marks.restart === undefined) return null;
  const age = now.getTime() - new Date(marks.restart.at).getTime();
  return age >= 0 && age <= RESTART_MARK_TTL_MS ? { agentWasRunning: marks.restart.agentWasRunning } : null;
}
