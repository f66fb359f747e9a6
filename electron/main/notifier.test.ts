// The notifier against the Electron stand-in: 「起動が完了しました」 only when the agent leaves 停止中,
// a run's notification opens that run when clicked, Step 2's 通知 off silences everything, and an
// unexpected error is told once per burst.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/run';
import { ManualClock } from '../core/ports/clock';
import { FAULT_NOTICE_INTERVAL_MS, createNotifier } from './notifier';
import { createFakeElectron, FakeNotification } from './test-support/fake-electron';

const run = (outcome: RunSummary['outcome']): RunSummary => ({
  id: 'run-1', target: { kind: 'customers' }, targetName: '顧客データ', trigger: 'manual', startedAt: '2026-11-30T00:00:00Z',
  finishedAt: '2026-11-30T00:01:00Z', outcome, counts: { files: 1, done: 0, failed: 1, skipped: 0, attention: 0 }, message: '取込エラー',
});

function make(enabled = true) {
  const electron = createFakeElectron();
  const clock = new ManualClock(new Date('2026-11-30T00:00:00Z'));
  const opened: string[] = [];
  const routes: string[] = [];
  const notifier = createNotifier({ electron, icon: 'icon.png', clock, enabled: () => enabled, openRun: (id) => void opened.push(id), openWindow: (hash) => void routes.push(hash) });
  return { notifier, clock, opened, routes };
}

describe('notifier', () => {
  it('says 起動が完了しました only when the agent leaves 停止中', () => {
    const { notifier } = make();
    notifier.agentState('stopped');
    notifier.agentState('stopped');
    expect(notifier.shown()).toEqual([]);
    notifier.agentState('idle');
    notifier.agentState('running');
    expect(notifier.shown().map((t) => t.body)).toEqual(['起動が完了しました']);
  });

  it('a failed run is urgent, and its click opens that run', () => {
    const { notifier, opened } = make();
    notifier.runFinished(run('failed'));
    const shown = FakeNotification.shown.at(-1)!;
    expect(shown.options).toMatchObject({ title: '顧客データ: 連携できませんでした', urgency: 'critical' });
    shown.click();
    expect(opened).toEqual(['run-1']);
  });

  it('shows nothing while 通知 is off', () => {
    const { notifier } = make(false);
    notifier.runFinished(run('failed'));
    notifier.fault('/logs/agent.log');
    expect(FakeNotification.shown).toEqual([]);
  });

  it('a warning that nothing runs is shown even while 通知 is off; its click opens the window where it says', () => {
    const { notifier, routes } = make(false);
    notifier.show({ title: 't', body: 'b', runId: null, urgent: true, open: '#/waiting', essential: true });
    notifier.show({ title: 'not essential', body: 'b', runId: null, urgent: false });
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['t']);
    FakeNotification.shown[0]!.click();
    expect(routes).toEqual(['#/waiting']);
  });

  it('tells an unexpected error once per burst', async () => {
    const { notifier, clock } = make();
    notifier.fault('/logs/agent.log');
    notifier.fault('/logs/agent.log');
    await clock.advance(FAULT_NOTICE_INTERVAL_MS - 1);
    notifier.fault('/logs/agent.log');
    expect(notifier.shown()).toHaveLength(1);
    await clock.advance(1);
    notifier.fault('/logs/agent.log');
    expect(notifier.shown()).toHaveLength(2);
    expect(notifier.shown()[0]!.body).toContain('/logs/agent.log');
  });
});
