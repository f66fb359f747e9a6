// Each tray menu item reaches the core through the named commands (never the window's channel
// table), opens the window on its route, and a refusal is told to the clerk rather than dropped.
import { describe, expect, it } from 'vitest';
import { appError, err, ok, type AppError } from '../../shared/result';
import type { AgentStatus } from '../../shared/run';
import type { AppCommands } from '../core/app/app-service';
import { performTrayAction } from './tray-actions';
import type { TrayAction } from './tray-menu';

const idle: AgentStatus = { agent: { state: 'idle' }, nextRuns: [], attention: 0 };

function harness(commands: Partial<AppCommands> = {}) {
  const calls: string[] = [];
  const refusals: AppError[] = [];
  const all: AppCommands = {
    startAgent: async () => (calls.push('startAgent'), ok(idle)),
    stopAgent: async () => (calls.push('stopAgent'), ok(idle)),
    runNow: async (target) => (calls.push(`runNow ${JSON.stringify(target)}`), ok({ runId: 'r1' })),
    openFolder: async (which) => (calls.push(`openFolder ${JSON.stringify(which)}`), ok(null)),
    saveSupportBundle: async () => (calls.push('saveSupportBundle'), ok({ saved: '/tmp/support.zip' })),
    ...commands,
  };
  const deps = {
    commands: all,
    openWindow: (hash: string) => void calls.push(`window ${hash}`),
    markFailuresSeen: () => void calls.push('seen'),
    quit: async () => void calls.push('quit'),
    refused: (e: AppError) => void refusals.push(e),
  };
  return { calls, refusals, run: (a: TrayAction) => performTrayAction(a, deps) };
}

describe('tray actions', () => {
  it.each<[TrayAction, string[]]>([
    [{ type: 'start' }, ['startAgent']],
    [{ type: 'stop' }, ['stopAgent']],
    [{ type: 'run-now', target: { kind: 'customers' } }, ['runNow {"kind":"customers"}']],
    [{ type: 'run-now', target: { kind: 'report', reportId: 'r-9' } }, ['runNow {"kind":"report","reportId":"r-9"}']],
    [{ type: 'open-folder' }, ['openFolder "root"']],
    [{ type: 'open-settings' }, ['window #/settings']],
    [{ type: 'open-history' }, ['seen', 'window #/history']],
    [{ type: 'quit' }, ['quit']],
  ])('%j does %j', async (action, expected) => {
    const h = harness();
    await h.run(action);
    expect(h.calls).toEqual(expected);
    expect(h.refusals).toEqual([]);
  });

  it('tells the clerk why a command was refused', async () => {
    const refusal = appError('app.no-token', 'APIトークンが保存されていません。');
    const h = harness({ startAgent: async () => err(refusal) });
    await h.run({ type: 'start' });
    expect(h.refusals).toEqual([refusal]);
  });
});
