// The update rules against a stand-in updater: when it checks, what the clerk is told, and that an
// install happens only on the quit path, after the agent stopped, or at the next start once no run
// is in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/ports/clock';
import { MemoryLogger } from '../core/ports/logger';
import type { NotificationText } from './notification-text';
import { FakeUpdater } from './test-support/fake-updater';
import { createUpdateController, fileMarksStore, isNewer, type UpdateController, type UpdateMarksStore } from './updater';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function harness(o: { updater?: FakeUpdater | null; busy?: boolean; marks?: UpdateMarksStore; version?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'updater-'));
  dirs.push(dir);
  const clock = new ManualClock('2026-11-30T09:00:00+09:00');
  const updater = o.updater === undefined ? new FakeUpdater() : o.updater;
  const notes: NotificationText[] = [];
  const state = { busy: o.busy ?? false, started: true, quits: 0, changes: 0 };
  const logger = new MemoryLogger();
  const marks = o.marks ?? fileMarksStore(join(dir, 'update.json'), logger);
  const controller: UpdateController = createUpdateController({
    updater,
    currentVersion: o.version ?? '0.1.0',
    busy: () => state.busy,
    agentStarted: () => state.started,
    marks,
    notify: (t) => void notes.push(t),
    changed: () => void (state.changes += 1),
    quit: async () => {
      state.quits += 1;
      controller.installOnQuit();
    },
    clock,
    logger,
    firstCheckMs: 60_000,
    intervalMs: 3_600_000,
  });
  return { controller, updater: updater!, notes, state, clock, marks, logger };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('update controller', () => {
  it('compares versions numerically', () => {
    expect(isNewer('0.10.0', '0.9.9')).toBe(true);
    expect(isNewer('0.1.0', '0.1.0')).toBe(false);
    expect(isNewer('1.0.0', '1.0.1')).toBe(false);
  });

  it('is off without an updater and says why; never installs', async () => {
    const h = harness({ updater: null });
    h.controller.start();
    await h.controller.check({ manual: true });
    expect(h.controller.view().state).toEqual({ kind: 'disabled', reason: 'no-url' });
    expect(h.controller.installOnQuit()).toBe(false);
    expect(h.notes).toEqual([]);
  });

  it('checks after start-up and then periodically, downloading in the background', async () => {
    const h = harness();
    expect(h.updater.autoDownload).toBe(true);
    expect(h.updater.autoInstallOnAppQuit).toBe(false);
    h.controller.start();
    expect(h.updater.checks).toBe(0);
    await h.clock.advance(60_000);
    await settle();
    expect(h.updater.checks).toBe(1);
    expect(h.controller.view().state).toMatchObject({ kind: 'idle' });
    await h.clock.advance(3_600_000);
    await settle();
    expect(h.updater.checks).toBe(2);
    // Nobody asked: nothing to tell.
    expect(h.notes).toEqual([]);
  });

  it('answers a manual check: up to date, or could not check', async () => {
    const h = harness();
    await h.controller.check({ manual: true });
    expect(h.notes.at(-1)?.body).toMatch(/バージョン 0\.1\.0.*最新/);
    h.updater.next = { kind: 'fail' };
    await h.controller.check({ manual: true });
    expect(h.controller.view().state).toEqual({ kind: 'failed', message: 'net::ERR_NAME_NOT_RESOLVED' });
    expect(h.notes.at(-1)?.body).toMatch(/更新を確認できませんでした/);
  });

  it('tells once when an update is ready, remembers it, and installs it silently at quit', async () => {
    const h = harness();
    h.updater.next = { kind: 'update', version: '0.2.0', download: 'ok' };
    await h.controller.check();
    expect(h.controller.view().state).toMatchObject({ kind: 'downloading', version: '0.2.0' });
    await settle();
    expect(h.controller.view().state).toEqual({ kind: 'ready', version: '0.2.0' });
    expect(h.notes.map((n) => n.title)).toEqual(['明細コネクタ: 更新の準備ができました（バージョン 0.2.0）']);
    expect(h.marks.read().pendingVersion).toBe('0.2.0');
    await h.controller.check();
    expect(h.notes).toHaveLength(1);
    expect(h.controller.installOnQuit()).toBe(true);
    expect(h.updater.installs).toEqual([{ silent: true, runAfter: false, at: expect.any(Number) }]);
  });

  it('refuses a failed download: no ready state, nothing to install', async () => {
    const h = harness();
    h.updater.next = { kind: 'update', version: '0.2.0', download: 'fail' };
    await h.controller.check({ manual: true });
    await settle();
    expect(h.controller.view().state).toEqual({ kind: 'failed', message: 'sha512 checksum mismatch' });
    expect(h.controller.installOnQuit()).toBe(false);
    expect(h.notes.at(-1)?.body).toMatch(/更新を確認できませんでした/);
  });

  it('never installs while a run is in flight, at quit or by 再起動して更新', async () => {
    const h = harness({ busy: true });
    h.updater.next = { kind: 'update', version: '0.2.0', download: 'ok' };
    await h.controller.check();
    await settle();
    expect(h.controller.view()).toEqual({ state: { kind: 'ready', version: '0.2.0' }, busy: true });
    expect(h.controller.installOnQuit()).toBe(false);
    expect(await h.controller.restartToUpdate()).toBe(false);
    expect(h.state.quits).toBe(0);
    expect(h.updater.installs).toEqual([]);
  });

  it('再起動して更新: records the agent’s state, quits through the app’s quit path, restarts into the new version', async () => {
    const h = harness();
    h.updater.next = { kind: 'update', version: '0.2.0', download: 'ok' };
    await h.controller.check();
    await settle();
    expect(await h.controller.restartToUpdate()).toBe(true);
    expect(h.state.quits).toBe(1);
    expect(h.updater.installs).toEqual([{ silent: true, runAfter: true, at: expect.any(Number) }]);
    // The new version starts: the agent comes back as it was, once.
    expect(h.controller.takeRestartState()).toEqual({ agentWasRunning: true });
    expect(h.controller.takeRestartState()).toBeNull();
  });

  it('ignores a stale restart mark (the app was started by hand much later)', () => {
    const h = harness();
    h.marks.write({ restart: { agentWasRunning: false, at: '2026-11-29T09:00:00+09:00' } });
    expect(h.controller.takeRestartState()).toBeNull();
  });

  it('installs an update left from an earlier session at the next start, once the run in flight has ended', async () => {
    const h = harness({ busy: true });
    h.marks.write({ pendingVersion: '0.2.0' });
    h.updater.next = { kind: 'update', version: '0.2.0', download: 'ok' };
    h.controller.start();
    await h.clock.advance(0);
    await settle();
    await settle();
    expect(h.controller.view().state).toEqual({ kind: 'ready', version: '0.2.0' });
    expect(h.state.quits).toBe(0);
    h.state.busy = false;
    h.controller.agentChanged();
    await settle();
    expect(h.state.quits).toBe(1);
    expect(h.updater.installs).toEqual([{ silent: true, runAfter: true, at: expect.any(Number) }]);
  });

  it('forgets the pending update once the new version runs', () => {
    const h = harness({ version: '0.2.0' });
    h.marks.write({ pendingVersion: '0.2.0' });
    h.controller.start();
    expect(h.marks.read().pendingVersion).toBeUndefined();
    expect(h.logger.lines.some((e) => e.message === 'update installed')).toBe(true);
  });
});
