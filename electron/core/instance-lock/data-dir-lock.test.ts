import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE_NAME, TRAY_APP_PURPOSE } from './data-dir-lock';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lock-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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
    }
    if (first.ok) first.value.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    expect(acquireDataDirLock(dir, 'meisai-connector run', { pid: 222, isAlive: () => true }).ok).toBe(true);
  });

  it('takes over a lock whose process died (SIGKILL, power cut)', () => {
    // A real PID that is certainly dead: a child that has already exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const stale = acquireDataDirLock(dir, 'agent', { pid: dead! });
    expect(stale.ok).toBe(true);
    const next = acquireDataDirLock(dir, 'agent');
    expect(next.ok).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
  });

  it('does not take over a live process on another PC (shared data folder)', () => {
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 1, hostname: 'other-pc', startedAt: 'x', purpose: 'agent' }));
    const r = acquireDataDirLock(dir, 'agent', { isAlive: () => false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('other-pc');
  });

  it('release never removes a lock someone else took over', () => {
    const a = acquireDataDirLock(dir, 'a', { pid: 10, isAlive: () => false });
    const b = acquireDataDirLock(dir, 'b', { pid: 20, isAlive: (pid) => pid !== 10 }); // 10 died: b takes over
    expect(a.ok && b.ok).toBe(true);
    if (a.ok) a.value.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(20);
  });
});

describe('acquireDataDirLock with a reused PID', () => {
  it('the single tray app supersedes an earlier tray app whose PID now belongs to another program, nothing else', () => {
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 4242, hostname: hostname(), startedAt: 'x', purpose: TRAY_APP_PURPOSE }));
    const alive = () => true;
    const cli = acquireDataDirLock(dir, 'meisai-connector run', { isAlive: alive });
    expect(cli.ok).toBe(false);
    if (!cli.ok) expect(cli.error.message).toContain(join(dir, LOCK_FILE_NAME));
    const tray = acquireDataDirLock(dir, TRAY_APP_PURPOSE, { isAlive: alive, supersedes: (o) => o.purpose === TRAY_APP_PURPOSE });
    expect(tray.ok).toBe(true);
    // …but never a live CLI agent.
    if (tray.ok) tray.value.release();
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 4243, hostname: hostname(), startedAt: 'y', purpose: 'meisai-connector agent' }));
    expect(acquireDataDirLock(dir, TRAY_APP_PURPOSE, { isAlive: alive, supersedes: (o) => o.purpose === TRAY_APP_PURPOSE }).ok).toBe(false);
  });
});
