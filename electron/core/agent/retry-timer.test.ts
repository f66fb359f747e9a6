// The 再送待ち timer on a ManualClock: which runs are resent and in what order, one timer armed for
// the earliest file, re-armed after each run, and nothing at all once stopped.
import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result';
import type { RunTarget } from '../../../shared/run';
import { ManualClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { createRetryTimer, dueRuns, type PendingRetry } from './retry-timer';

const bill: RunTarget = { kind: 'report', reportId: 'bill' };
const pay: RunTarget = { kind: 'report', reportId: 'pay' };
const t = (s: string) => `2026-11-25T00:${s}.000Z`;

describe('dueRuns', () => {
  it('resends each run with a due file once, those with customer files first, then the earliest', () => {
    const pending: PendingRetry[] = [
      { runId: 'A', target: bill, kind: 'report', nextAttemptAt: t('01:00') },
      { runId: 'B', target: pay, kind: 'report', nextAttemptAt: t('00:30') },
      { runId: 'C', target: pay, kind: 'customers', nextAttemptAt: t('02:00') },
      { runId: 'C', target: pay, kind: 'report', nextAttemptAt: t('02:00') },
      { runId: 'D', target: bill, kind: 'customers', nextAttemptAt: t('09:00') },
    ];
    expect(dueRuns(pending, new Date(t('05:00'))).map((r) => r.runId)).toEqual(['C', 'B', 'A']);
    expect(dueRuns(pending, new Date(t('00:00')))).toEqual([]);
  });
});

describe('createRetryTimer', () => {
  function setup(pending: PendingRetry[]) {
    const clock = new ManualClock(t('00:00'));
    const queued: string[] = [];
    const timer = createRetryTimer({ clock, logger: silentLogger, pending: () => pending, enqueue: (runId) => { queued.push(runId); return ok({ runId }); } });
    return { clock, queued, timer };
  }

  it('sleeps until the earliest next attempt, then queues that run', async () => {
    const pending: PendingRetry[] = [{ runId: 'A', target: bill, kind: 'report', nextAttemptAt: t('00:40') }];
    const { clock, queued, timer } = setup(pending);
    timer.start();
    expect(clock.pendingDelays()).toEqual([40_000]);
    await clock.advance(39_999);
    expect(queued).toEqual([]);
    await clock.advance(1);
    expect(queued).toEqual(['A']);
    expect(timer.summary()).toEqual({ files: 1, nextAttemptAt: t('00:40') });
  });

  it('never sleeps longer than a minute (a clock set back, a PC that slept), and re-reads the history each time', async () => {
    const pending: PendingRetry[] = [{ runId: 'A', target: bill, kind: 'report', nextAttemptAt: '2026-11-25T00:09:00.000Z' }];
    const { clock, queued, timer } = setup(pending);
    timer.start();
    expect(clock.pendingDelays()).toEqual([60_000]);
    pending.length = 0; // sent meanwhile by a run of the setting
    await clock.advance(60_000);
    expect(queued).toEqual([]);
    expect(clock.pendingDelays()).toEqual([]);
    expect(timer.summary()).toBeUndefined();
  });

  it('arms nothing while stopped, and nothing is left armed after stop()', () => {
    const { clock, queued, timer } = setup([{ runId: 'A', target: bill, kind: 'report', nextAttemptAt: t('00:00') }]);
    timer.arm();
    expect(queued).toEqual([]);
    timer.start();
    expect(queued).toEqual(['A']);
    timer.stop();
    expect(clock.pendingDelays()).toEqual([]);
  });
});
