import { describe, expect, it } from 'vitest';
import { ManualClock } from '../ports/clock';
import { SkewedClock } from '../ports/skewed-clock';
import { createRequestBudget, createRequestBudgets, withRequestBudget } from './request-budget';
import type { MeisaiApi } from './types';

function countingApi(sentAt: number[], clock: ManualClock): MeisaiApi {
  const ok = async () => {
    sentAt.push(clock.now().getTime());
    return { ok: true as const, value: { count: 0 } };
  };
  return {
    importCustomers: async () => { sentAt.push(clock.now().getTime()); return { ok: true, value: { importId: 1 } }; },
    importReports: async () => { sentAt.push(clock.now().getTime()); return { ok: true, value: { importId: 2 } }; },
    customerImportState: async () => { sentAt.push(clock.now().getTime()); return { ok: true, value: { processStatus: 'active' } }; },
    reportImportState: async () => { sentAt.push(clock.now().getTime()); return { ok: true, value: { processStatus: 'complete' } }; },
    deleteReportImport: async () => { sentAt.push(clock.now().getTime()); return { ok: true, value: null }; },
    lookupCustomers: ok,
  };
}

describe('createRequestBudget', () => {
  it('grants perMinute slots at once, then makes the next caller wait until the oldest leaves the 60 s window', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00+09:00');
    const budget = createRequestBudget({ clock, perMinute: 3 });
    const done: string[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) void budget.take().then(() => done.push(name));
    await clock.advance(0);
    expect(done).toEqual(['a', 'b', 'c']);
    expect(budget.used()).toBe(3);
    await clock.advance(59_999);
    expect(done).toEqual(['a', 'b', 'c']);
    await clock.advance(1);
    // All three earlier slots were taken at t=0, so at t=60 s two waiters go through together.
    expect(done).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('is a sliding window, not a fixed minute', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00+09:00');
    const budget = createRequestBudget({ clock, perMinute: 2 });
    const at: number[] = [];
    const start = clock.now().getTime();
    await budget.take(); at.push(clock.now().getTime() - start);
    await clock.advance(40_000);
    await budget.take(); at.push(clock.now().getTime() - start);
    const third = budget.take().then(() => at.push(clock.now().getTime() - start));
    await clock.advance(19_999);
    expect(at).toEqual([0, 40_000]);
    await clock.advance(1);
    await third;
    expect(at).toEqual([0, 40_000, 60_000]);
    const fourth = budget.take().then(() => at.push(clock.now().getTime() - start));
    await clock.advance(40_000);
    await fourth;
    expect(at).toEqual([0, 40_000, 60_000, 100_000]);
  });

  it('defaults to 20 per minute', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00+09:00');
    const budget = createRequestBudget({ clock });
    let granted = 0;
    for (let i = 0; i < 21; i++) void budget.take().then(() => granted++);
    await clock.advance(0);
    expect(granted).toBe(20);
    await clock.advance(60_000);
    expect(granted).toBe(21);
  });

  it('an aborted waiter rejects and does not block the ones behind it', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00+09:00');
    const budget = createRequestBudget({ clock, perMinute: 1 });
    await budget.take();
    const controller = new AbortController();
    const aborted = budget.take(controller.signal);
    const next = budget.take();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    let nextDone = false;
    void next.then(() => { nextDone = true; });
    await clock.advance(60_000);
    expect(nextDone).toBe(true);
    expect(budget.used()).toBe(1);
  });

  it('refuses a nonsensical rate', () => {
    expect(() => createRequestBudget({ clock: new ManualClock('2026-01-01T00:00:00Z'), perMinute: 0 })).toThrow(RangeError);
  });
});

describe('createRequestBudget: timers that fire early or late, a wall clock stepped', () => {
  it('a timer that runs a few ms early grants at the end of the window, never a window later', async () => {
    const clock = new SkewedClock('2026-11-30T09:00:00+09:00');
    clock.timerEarlyMs = 5;
    const budget = createRequestBudget({ clock, perMinute: 1 });
    const start = clock.now().getTime();
    await budget.take();
    let grantedAt: number | null = null;
    void budget.take().then(() => (grantedAt = clock.now().getTime() - start));
    await clock.advance(60_000);
    expect(grantedAt).not.toBeNull();
    expect(grantedAt!).toBeGreaterThanOrEqual(60_000 - 5);
    expect(grantedAt!).toBeLessThanOrEqual(60_000);
  });

  it('a wall clock set back while a caller waits does not hold it for the size of the jump', async () => {
    const clock = new SkewedClock('2026-11-30T09:00:00+09:00');
    const budget = createRequestBudget({ clock, perMinute: 3 });
    for (let i = 0; i < 3; i++) await budget.take();
    let granted = false;
    void budget.take().then(() => (granted = true));
    await clock.advance(10_000);
    clock.stepWallClock(-50_000); // time synchronisation
    await clock.advance(49_999);
    expect(granted).toBe(false);
    await clock.advance(1); // 60 s after the first three, by the time that really passed
    expect(granted).toBe(true);
  });

  it('a wall clock set back does not forget the requests already sent (the server still counts them)', async () => {
    const clock = new SkewedClock('2026-11-30T09:00:00+09:00');
    const budget = createRequestBudget({ clock, perMinute: 2 });
    await budget.take();
    await budget.take();
    clock.stepWallClock(-30_000);
    let granted = false;
    void budget.take().then(() => (granted = true));
    await clock.advance(59_999);
    expect(granted).toBe(false);
    expect(budget.used()).toBe(2);
    await clock.advance(1);
    expect(granted).toBe(true);
  });
});

describe('createRequestBudgets', () => {
  it('shares one budget per base URL', () => {
    const budgets = createRequestBudgets({ clock: new ManualClock('2026-01-01T00:00:00Z') });
    expect(budgets.forBaseUrl('https://rbsample.eco-serv.jp/acme/')).toBe(budgets.forBaseUrl('https://RBSAMPLE.eco-serv.jp/acme/'));
    expect(budgets.forBaseUrl('https://rbsample.eco-serv.jp/acme/')).not.toBe(budgets.forBaseUrl('https://rbsample.eco-serv.jp/other/'));
  });
});

describe('withRequestBudget', () => {
  it('counts every kind of call against the same window and sends the 21st only after a minute', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00+09:00');
    const sentAt: number[] = [];
    const api = withRequestBudget(countingApi(sentAt, clock), createRequestBudget({ clock, perMinute: 20 }));
    const start = clock.now().getTime();
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) calls.push(api.customerImportState(i));
    for (let i = 0; i < 10; i++) calls.push(api.lookupCustomers('x'));
    const late = api.importReports({ reportTypeId: 14, skipFirst: true, approve: false, approvalFlowId: null, importProcessName: 'r', fileName: 'a.csv', csv: new Uint8Array() });
    await clock.advance(0);
    expect(sentAt).toHaveLength(20);
    await clock.advance(60_000);
    await Promise.all(calls);
    expect(await late).toEqual({ ok: true, value: { importId: 2 } });
    expect(sentAt.map((t) => t - start)).toEqual([...Array(20).fill(0), 60_000]);
  });

  it('returns unreachable (never sent) when aborted while waiting for a slot', async () => {
    const clock = new ManualClock('2026-11-30T09:00:00+09:00');
    const sentAt: number[] = [];
    const api = withRequestBudget(countingApi(sentAt, clock), createRequestBudget({ clock, perMinute: 1 }));
    await api.deleteReportImport(1);
    const controller = new AbortController();
    const waiting = api.deleteReportImport(2, controller.signal);
    controller.abort();
    const result = await waiting;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('unreachable');
    expect(sentAt).toHaveLength(1);
  });
});
