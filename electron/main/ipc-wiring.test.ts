// The IPC wiring on its own: a handler for exactly the contract's channels, each call's sender judged
// against the window open at that moment, events only to a live window, and unwiring takes it all away.
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/channels';
import { createEventHub } from '../core/app/event-hub';
import { MemoryLogger } from '../core/ports/logger';
import { wireIpc } from './ipc-wiring';
import { createFakeElectron, FakeBrowserWindow } from './test-support/fake-electron';
import { APP_ENTRY_URL, APP_ORIGIN } from './window-security';

describe('wireIpc', () => {
  it('judges each sender against the window open now, forwards events to it, and unwires', async () => {
    const electron = createFakeElectron();
    const events = createEventHub(new MemoryLogger());
    const calls: { channel: string; senderOk: boolean }[] = [];
    let window: FakeBrowserWindow | null = null;
    const unwire = wireIpc({
      electron,
      dispatch: async (channel, _payload, senderOk) => (calls.push({ channel, senderOk }), { ok: true, value: null }),
      events,
      window: () => window,
      origin: APP_ORIGIN,
    });
    expect([...electron.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());

    // No window yet: nobody is trusted, and events go nowhere.
    await electron.invoke('agent:status', undefined, { id: 1, frame: { url: APP_ENTRY_URL, parent: null } });
    events.emit('agent:status', { agent: { state: 'idle' }, nextRuns: [], attention: 0 });

    window = new FakeBrowserWindow({});
    await window.loadURL(APP_ENTRY_URL);
    await electron.invoke('agent:status', undefined, { id: window.webContents.id, frame: window.webContents.mainFrame });
    expect(calls).toEqual([
      { channel: 'agent:status', senderOk: false },
      { channel: 'agent:status', senderOk: true },
    ]);
    events.emit('agent:status', { agent: { state: 'stopped' }, nextRuns: [], attention: 0 });
    expect(window.webContents.sent.map((s) => s.channel)).toEqual(['agent:status']);

    unwire();
    expect(electron.handlers.size).toBe(0);
    events.emit('agent:status', { agent: { state: 'idle' }, nextRuns: [], attention: 0 });
    expect(window.webContents.sent).toHaveLength(1);
  });
});
