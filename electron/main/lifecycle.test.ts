// Quitting is always clean: 終了 asks only while a run is in flight, a quit from outside (log-off,
// Cmd+Q) stops the agent before the app really quits, and a failing stop does not keep the app alive.
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../core/ports/logger';
import { QUIT_WHILE_RUNNING_DIALOG } from './clerk-dialogs';
import { createLifecycle } from './lifecycle';
import { createFakeElectron, FakeEvent } from './test-support/fake-electron';

function make(busy: boolean, stop: () => Promise<void> = async () => {}) {
  const electron = createFakeElectron();
  const logger = new MemoryLogger();
  const lifecycle = createLifecycle({ electron, argv: [], env: {}, platform: 'linux', execPath: '/x', configHome: '/c', dataDir: '/d', logger });
  const stops: number[] = [];
  lifecycle.setQuitHooks({ busy: () => busy, stop: async () => { stops.push(1); await stop(); } });
  return { electron, lifecycle, stops, logger };
}

describe('lifecycle', () => {
  it('終了 with nothing in flight stops the agent and quits without asking', async () => {
    const { electron, lifecycle, stops } = make(false);
    expect(await lifecycle.requestQuit({ confirm: true })).toBe(true);
    expect(electron.messageBoxes).toEqual([]);
    expect(stops).toHaveLength(1);
    expect(electron.quitCalls).toHaveLength(1);
  });

  it('asks while a run is in flight, and キャンセル keeps everything running', async () => {
    const { electron, lifecycle, stops } = make(true);
    electron.messageBoxResponse = 1;
    expect(await lifecycle.requestQuit({ confirm: true })).toBe(false);
    expect(electron.messageBoxes).toEqual([QUIT_WHILE_RUNNING_DIALOG]);
    expect(stops).toEqual([]);
    expect(electron.quitCalls).toEqual([]);
  });

  it('a quit from outside is held until the agent has stopped, then goes through once', async () => {
    const { electron, lifecycle, stops } = make(true);
    lifecycle.wireAppEvents({ showWindow: () => {} });
    const event = new FakeEvent();
    electron.appListeners.emit('before-quit', event);
    expect(event.prevented).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(electron.messageBoxes).toEqual([]); // not the clerk's choice: no question
    expect(stops).toHaveLength(1);
    expect(electron.quitCalls).toHaveLength(1);
    // Electron emits before-quit again for the real quit: it passes.
    const again = new FakeEvent();
    electron.appListeners.emit('before-quit', again);
    expect(again.prevented).toBe(false);
  });

  it('quits even when stopping the agent fails, and logs why', async () => {
    const { electron, lifecycle, logger } = make(false, async () => {
      throw new Error('database busy');
    });
    expect(await lifecycle.requestQuit()).toBe(true);
    expect(electron.quitCalls).toHaveLength(1);
    expect(logger.text()).toContain('database busy');
  });

  it('a second launch shows the window', () => {
    const { electron, lifecycle } = make(false);
    const shown: number[] = [];
    lifecycle.wireAppEvents({ showWindow: () => void shown.push(1) });
    electron.appListeners.emit('second-instance');
    electron.appListeners.emit('activate');
    expect(shown).toHaveLength(2);
  });
});
