// One agent per data folder. The tray app has Electron's single-instance lock, but a clerk (or Task
// Scheduler) can also start `meisai-connector run` / `agent` on the same settings while the tray
// runs: two processes would list the same files and could both send one — the worst failure there
// is. Whoever opens the engine first holds `agent.lock` in the data folder; the other is refused
// with a Japanese message. A lock left by a process that died (crash, power cut, SIGKILL) is taken
// over, since its PID is no longer alive on this machine.
import { hostname as osHostname } from 'node:os';
import { linkSync, readFileSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appError, err, ok, type AppError, type Result } from '../../../shared/result';

export const LOCK_FILE_NAME = 'agent.lock';
/** The purpose the tray app writes into the lock. */
export const TRAY_APP_PURPOSE = 'トレイアプリ';

export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** What holds it, for the message: 「トレイアプリ」, 「meisai-connector run」… */
  readonly purpose: string;
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export interface LockDeps {
  readonly pid?: number;
  readonly hostname?: string;
  readonly now?: () => Date;
  /** Whether a PID is alive on this machine (injected for tests). */
  readonly isAlive?: (pid: number) => boolean;
  /**
   * A holder this process knows cannot be running although its PID is alive (the PID was reused):
   * the tray app, which holds Electron's single-instance lock, supersedes any earlier tray app.
   */
  readonly supersedes?: (owner: LockOwner) => boolean;
}

export function acquireDataDirLock(dataDir: string, purpose: string, deps: LockDeps = {}): Result<DataDirLock> {
  const pid = deps.pid ?? process.pid;
  const host = deps.hostname ?? osHostname();
  const isAlive = deps.isAlive ?? pidAlive;
  const path = join(dataDir, LOCK_FILE_NAME);
  const owner: LockOwner = { pid, hostname: host, startedAt: (deps.now?.() ?? new Date()).toISOString(), purpose };
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    return err(lockError(path, e));
  }
  // Written completely under a private name, then linked into place: link() fails atomically when
  // the lock exists, so nobody ever reads a half-written lock.
  const temp = `${path}.${pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(owner), { mode: 0o600 });
  } catch (e) {
    return err(lockError(path, e));
  }
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(temp, path);
        return ok({ path, release: () => releaseIfOurs(path, owner) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return err(lockError(path, e));
      }
      const current = readOwner(path);
      if (current === null) {
        // Unreadable or vanished between link and read: try once more.
        continue;
      }
      const stale =
        current.hostname === host && current.pid !== pid && (!isAlive(current.pid) || (deps.supersedes?.(current) ?? false));
      if (!stale) return err(heldError(path, current));
      try {
        unlinkSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return err(lockError(path, e));
      }
    }
    const current = readOwner(path);
    return err(current ? heldError(path, current) : lockError(path, new Error('lock contention')));
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
  }
}

function releaseIfOurs(path: string, owner: LockOwner): void {
  const current = readOwner(path);
  if (current && current.pid === owner.pid && current.startedAt === owner.startedAt) {
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return null;
    return { pid: parsed.pid, hostname: parsed.hostname, startedAt: String(parsed.startedAt ?? ''), purpose: String(parsed.purpose ?? '') };
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive but another user's.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function heldError(path: string, owner: LockOwner): AppError {
  const where = owner.hostname === osHostname() ? '' : `（PC: ${owner.hostname}）`;
  return appError(
    'lock.held',
    `別の明細コネクタ（${owner.purpose}、PID ${owner.pid}${where}）が同じデータフォルダで動いています。同じファイルを二重に送らないよう、こちらは起動しませんでした。もう一方を終了してから実行してください。もう一方が動いていないのにこの表示が続く場合は、${path} を削除してください。`,
    `lock ${path} held by ${JSON.stringify(owner)}`,
  );
}

function lockError(path: string, e: unknown): AppError {
  return appError('lock.io', `データフォルダのロックファイルを作成できませんでした: ${path}`, e instanceof Error ? e.message : String(e));
}
