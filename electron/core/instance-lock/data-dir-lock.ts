// One agent per data folder. The tray app has Electron's single-instance lock, but a clerk (or Task
// Scheduler) can also start `meisai-connector run` / `agent` on the same settings while the tray
// runs: two processes would list the same files and could both send one — the worst failure there
// is. Whoever opens the engine first holds `agent.lock` in the data folder; the other is refused
// with a Japanese message. A lock left by a process that died (crash, power cut, SIGKILL) is taken
// over, since its PID is no longer alive on this machine.
//
// Why generations: the old lock was one file, and taking over a dead holder's lock meant "read it,
// see the PID is dead, delete it, create mine". Two processes doing that at once could both delete
// and both create (one deleting the other's fresh lock): 16 double holds in 150 trials. A file's
// content cannot be compared-and-swapped, but a name can be created exclusively. So the lock is a
// folder of numbered generations, `agent.lock/<n>.json`, each created (complete, by link) by
// exactly one process:
//   - the holder is the owner of the highest generation, unless that owner is dead, superseded,
//     or marked it `<n>.released`;
//   - to take a free lock, create generation n+1 exclusively: of all who saw n as free, one wins;
//   - the winner then looks again, and backs off if a higher generation exists (it raced against a
//     clean-up of old generations), before it removes the generations below its own.
// Generations only grow, so a lock released and taken again can never be mistaken for an older one.
import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
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

/** Looks again this many times when racers keep moving the lock under us (never in practice). */
const MAX_ROUNDS = 50;

const generationFile = (n: number): string => `${String(n).padStart(12, '0')}.json`;
const releasedFile = (n: number): string => `${String(n).padStart(12, '0')}.released`;

interface Generations {
  /** Highest generation, 0 when there is none. */
  readonly top: number;
  readonly numbers: readonly number[];
  readonly released: ReadonlySet<number>;
}

function scan(dir: string): Generations {
  const numbers: number[] = [];
  const released = new Set<number>();
  for (const name of readdirSync(dir)) {
    const m = /^(\d{12})\.(json|released)$/.exec(name);
    if (!m) continue;
    const n = Number(m[1]);
    if (m[2] === 'json') numbers.push(n);
    else released.add(n);
  }
  numbers.sort((a, b) => a - b);
  return { top: numbers.at(-1) ?? 0, numbers, released };
}

export function acquireDataDirLock(dataDir: string, purpose: string, deps: LockDeps = {}): Result<DataDirLock> {
  const pid = deps.pid ?? process.pid;
  const host = deps.hostname ?? osHostname();
  const isAlive = deps.isAlive ?? pidAlive;
  const path = join(dataDir, LOCK_FILE_NAME);
  const owner: LockOwner = { pid, hostname: host, startedAt: (deps.now?.() ?? new Date()).toISOString(), purpose };
  const stale = (o: LockOwner | null): boolean =>
    // Unreadable: a generation is linked into place complete, so only a power cut mid-write can leave
    // one; its writer is gone.
    o === null || (o.hostname === host && o.pid !== pid && (!isAlive(o.pid) || (deps.supersedes?.(o) ?? false)));

  try {
    mkdirSync(dataDir, { recursive: true });
    const old = takeOverOldLockFile(path, stale);
    if (old !== null) return err(heldError(path, old));
    mkdirSync(path, { recursive: true });
  } catch (e) {
    return err(lockError(path, e));
  }

  // Written completely under a private name, then linked into place: link() fails atomically when
  // the name exists, and nobody ever reads a half-written generation.
  const temp = join(path, `.tmp-${pid}-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(temp, JSON.stringify(owner), { mode: 0o600 });
  } catch (e) {
    return err(lockError(path, e));
  }
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const seen = scan(path);
      if (seen.top > 0 && !seen.released.has(seen.top)) {
        const current = readOwner(join(path, generationFile(seen.top)));
        if (!stale(current)) {
          // Held, unless it moved meanwhile (released and taken, or cleaned up): then look again.
          if (scan(path).top !== seen.top) continue;
          return err(heldError(path, current!));
        }
      }
      const mine = seen.top + 1;
      try {
        linkSync(temp, join(path, generationFile(mine)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue; // another process took it first
        return err(lockError(path, e));
      }
      const after = scan(path);
      if (after.top > mine) {
        // A generation above ours exists: we re-created a number that a newer holder had cleaned up.
        removeQuietly(join(path, generationFile(mine)));
        continue;
      }
      for (const n of after.numbers) if (n < mine) removeQuietly(join(path, generationFile(n)));
      for (const n of after.released) if (n < mine) removeQuietly(join(path, releasedFile(n)));
      return ok({ path, release: () => release(path, mine) });
    }
    return err(lockError(path, new Error('lock contention: the lock kept changing')));
  } catch (e) {
    return err(lockError(path, e));
  } finally {
    removeQuietly(temp);
  }
}

/**
 * Marks our generation released. The file itself stays, so generations keep growing; a later holder
 * removes it. Harmless when someone already took over (a released mark below the top is ignored).
 */
function release(path: string, generation: number): void {
  try {
    writeFileSync(join(path, releasedFile(generation)), '', { flag: 'wx' });
  } catch {
    /* already released, or the folder is gone */
  }
}

/**
 * Before generations, `agent.lock` was a single file. One left by an older version is respected
 * while its holder lives and removed when it is dead (only the old-format file is removed here: a
 * racer that removes it second gets ENOENT, and nobody can remove a generation folder by unlink).
 * Answers the live holder, or null.
 */
function takeOverOldLockFile(path: string, stale: (o: LockOwner | null) => boolean): LockOwner | null {
  let isFile: boolean;
  try {
    isFile = lstatSync(path).isFile();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  if (!isFile) return null;
  const owner = readOwner(path);
  if (!stale(owner)) return owner;
  removeQuietly(path);
  return null;
}

/**
 * For a folder that stops being a data folder (its data moved elsewhere): removes its lock when
 * nobody holds it, so the settings folder left behind does not keep an `agent.lock`. A racer that
 * takes the lock meanwhile keeps it: only a released top generation is removed, and the folder only
 * when it is empty.
 */
export function retireDataDirLock(dataDir: string): void {
  const path = join(dataDir, LOCK_FILE_NAME);
  try {
    const seen = scan(path);
    if (seen.top !== 0 && !seen.released.has(seen.top)) return;
    for (const n of seen.numbers) removeQuietly(join(path, generationFile(n)));
    for (const n of seen.released) removeQuietly(join(path, releasedFile(n)));
    rmdirSync(path);
  } catch {
    /* held again, not empty, or already gone: it stays */
  }
}

/** Who holds the data folder now (support, tests), or null when nobody does. */
export function readLockHolder(dataDir: string): LockOwner | null {
  const path = join(dataDir, LOCK_FILE_NAME);
  try {
    if (lstatSync(path).isFile()) return readOwner(path);
    const seen = scan(path);
    if (seen.top === 0 || seen.released.has(seen.top)) return null;
    return readOwner(join(path, generationFile(seen.top)));
  } catch {
    return null;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
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
