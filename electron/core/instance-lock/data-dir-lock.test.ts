import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE_NAME, readLockHolder, TRAY_APP_PURPOSE } from './data-dir-lock';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lock-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A real PID that is certainly dead: a child that has already exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

/** A lock left as a version before generations wrote it: one file. */
const writeOldLockFile = (owner: object) => writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify(owner));

describe('acquireDataDirLock', () => {
  it('refuses a second holder with a Japanese message naming the first, and frees on release', () => {
    const first = acquireDataDirLock(dir, 'トレイアプリ', { pid: 111, isAlive: () => true });
    expect(first.ok).toBe(true);
    const second = acquireDataDirLock(dir, 'meisai-connector run', { pid: 222, isAlive: () => true });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe('lock.held');
      expect(second.error.message).toContain('トレイアプリ');
      expect(second.error.message).toContain('PID 111');
      expect(second.error.message).toContain(join(dir, LOCK_FILE_NAME));
    }
    if (first.ok) first.value.release();
    expect(readLockHolder(dir)).toBeNull();
    expect(acquireDataDirLock(dir, 'meisai-connector run', { pid: 222, isAlive: () => true }).ok).toBe(true);
    expect(readLockHolder(dir)?.pid).toBe(222);
  });

  it('takes over a lock whose process died (SIGKILL, power cut)', () => {
    const stale = acquireDataDirLock(dir, 'agent', { pid: deadPid() });
    expect(stale.ok).toBe(true);
    const next = acquireDataDirLock(dir, 'agent');
    expect(next.ok).toBe(true);
    expect(readLockHolder(dir)?.pid).toBe(process.pid);
    // The dead holder's generation is cleaned up: the folder holds only the live one.
    expect(readdirSync(join(dir, LOCK_FILE_NAME))).toHaveLength(1);
  });

  it('takes over a single-file lock left by an older version when its holder is dead, and respects it while alive', () => {
    writeOldLockFile({ pid: deadPid(), hostname: hostname(), startedAt: 'x', purpose: 'agent' });
    expect(acquireDataDirLock(dir, 'agent').ok).toBe(true);
    rmSync(join(dir, LOCK_FILE_NAME), { recursive: true });
    writeOldLockFile({ pid: 4242, hostname: hostname(), startedAt: 'x', purpose: '古いトレイアプリ' });
    const r = acquireDataDirLock(dir, 'agent', { isAlive: () => true });
    expect(!r.ok && r.error.message).toContain('古いトレイアプリ');
  });

  it('does not take over a live process on another PC (shared data folder)', () => {
    const other = acquireDataDirLock(dir, 'agent', { pid: 1, hostname: 'other-pc' });
    expect(other.ok).toBe(true);
    const r = acquireDataDirLock(dir, 'agent', { isAlive: () => false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('other-pc');
  });

  it('release never frees a lock someone else took over', () => {
    const a = acquireDataDirLock(dir, 'a', { pid: 10, isAlive: () => false });
    const b = acquireDataDirLock(dir, 'b', { pid: 20, isAlive: (pid) => pid !== 10 }); // 10 died: b takes over
    expect(a.ok && b.ok).toBe(true);
    if (a.ok) a.value.release();
    expect(readLockHolder(dir)?.pid).toBe(20);
    expect(acquireDataDirLock(dir, 'c', { pid: 30, isAlive: () => true }).ok).toBe(false);
  });

  it('an unreadable generation (power cut mid-write) does not lock the folder for ever', () => {
    mkdirSync(join(dir, LOCK_FILE_NAME));
    writeFileSync(join(dir, LOCK_FILE_NAME, '000000000007.json'), '');
    expect(acquireDataDirLock(dir, 'agent').ok).toBe(true);
    expect(existsSync(join(dir, LOCK_FILE_NAME, '000000000008.json'))).toBe(true);
  });
});

describe('acquireDataDirLock with a reused PID', () => {
  it('the single tray app supersedes an earlier tray app whose PID now belongs to another program, nothing else', () => {
    const earlier = acquireDataDirLock(dir, TRAY_APP_PURPOSE, { pid: 4242 });
    expect(earlier.ok).toBe(true);
    const alive = () => true;
    const cli = acquireDataDirLock(dir, 'meisai-connector run', { isAlive: alive });
    expect(cli.ok).toBe(false);
    if (!cli.ok) expect(cli.error.message).toContain(join(dir, LOCK_FILE_NAME));
    const tray = acquireDataDirLock(dir, TRAY_APP_PURPOSE, { isAlive: alive, supersedes: (o) => o.purpose === TRAY_APP_PURPOSE });
    expect(tray.ok).toBe(true);
    // …but never a live CLI agent.
    if (tray.ok) tray.value.release();
    expect(acquireDataDirLock(dir, 'meisai-connector agent', { pid: 4243 }).ok).toBe(true);
    expect(acquireDataDirLock(dir, TRAY_APP_PURPOSE, { isAlive: alive, supersedes: (o) => o.purpose === TRAY_APP_PURPOSE }).ok).toBe(false);
  });
});

describe('concurrent takeovers of a stale lock by separate processes', () => {
  const WORKERS = 4;
  const TRIALS = 150;
  const WORKER = join(import.meta.dirname, 'lock-race-worker.ts');
  let workers: ChildProcess[] = [];

  const next = (w: ChildProcess): Promise<Record<string, unknown>> => new Promise((resolve) => w.once('message', (m) => resolve(m as Record<string, unknown>)));

  beforeAll(async () => {
    workers = Array.from({ length: WORKERS }, () => fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    await Promise.all(workers.map(next));
  });
  afterAll(() => {
    for (const w of workers) w.send('exit');
  });

  it(`${TRIALS} trials of ${WORKERS} processes taking over the same dead holder's lock: exactly one holder each time`, async () => {
    const holders: number[] = [];
    const deadHolder = deadPid();
    for (let trial = 0; trial < TRIALS; trial++) {
      const data = join(dir, `t${trial}`);
      mkdirSync(data);
      // Half the trials start from a dead generation, half from an older version's single file.
      const dead = { pid: deadHolder, hostname: hostname(), startedAt: 'x', purpose: 'crashed agent' };
      if (trial % 2 === 0) {
        mkdirSync(join(data, LOCK_FILE_NAME));
        writeFileSync(join(data, LOCK_FILE_NAME, '000000000003.json'), JSON.stringify(dead));
      } else writeFileSync(join(data, LOCK_FILE_NAME), JSON.stringify(dead));

      const at = Date.now() + 20;
      const answers = await Promise.all(workers.map((w) => {
        const answer = next(w);
        w.send({ dir: data, at });
        return answer;
      }));
      const got = answers.filter((a) => a.ok === true).length;
      holders.push(got);
      expect(answers.filter((a) => a.ok !== true).every((a) => a.code === 'lock.held'), JSON.stringify(answers)).toBe(true);
      await Promise.all(workers.map((w) => {
        const done = next(w);
        w.send('release');
        return done;
      }));
    }
    expect(holders.filter((n) => n !== 1)).toEqual([]);
  });
});
