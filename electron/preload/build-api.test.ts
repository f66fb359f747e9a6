import { describe, expect, it } from 'vitest';
import { buildApi, type IpcRendererLike } from './build-api';

function fakeIpc() {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return { ok: true, value: 'answer' };
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the IPC event' }, payload);
  };
  return { ipc, invoked, listeners, emit };
}

describe('window.api', () => {
  it('passes contract channels through and refuses any other', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildApi(ipc);
    expect(await api.invoke('history:get', { runId: 'r1' })).toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([{ channel: 'history:get', args: [{ runId: 'r1' }] }]);
    const refused = await api.invoke('fs:write' as never, {} as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'ipc.unknown-channel' } });
    expect(invoked).toHaveLength(1);
    expect(() => api.on('ipc:raw' as never, () => {})).toThrow(/unknown event channel/);
  });

  it('delivers only the payload, and on() returns its own unsubscribe', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = buildApi(ipc);
    const got: unknown[][] = [];
    const off = api.on('agent:status', (...args: unknown[]) => got.push(args));
    emit('agent:status', { agent: { state: 'idle' } });
    expect(got).toEqual([[{ agent: { state: 'idle' } }]]);
    off();
    emit('agent:status', { agent: { state: 'stopped' } });
    expect(got).toHaveLength(1);
    expect(listeners.get('agent:status')?.size).toBe(0);
  });
});
