// 再送待ち end to end: the real agent (queue, scheduler, watcher, retry timer) over the real runner,
// SQLite and folders, against the sandbox over HTTP, with one ManualClock for the agent and the
// sandbox's maintenance window. A month-end file that meets maintenance — whatever started the run
// (a slot, its arrival, the clerk) — ends in 完了 by itself once the window is over, sent once.
process.env.TZ = 'Asia/Tokyo';

import { afterEach, describe, expect, it } from 'vitest';
import type { ReportSetting } from '../shared/settings/schema';
import type { Agent } from '../electron/core/agent/agent';
import { ManualClock } from '../electron/core/ports/clock';
import { RETRY_WAIT } from '../electron/core/runner/retry-delay';
import { runFinishedNotification } from '../electron/main/notification-text';
import type { RunSummary } from '../shared/run';
import { driveUntil } from './helpers/drive-clock';
import { createFixture, type Fixture } from './helpers/runner-fixture';

let fx: Fixture | null = null;
let agent: Agent | null = null;
afterEach(async () => {
  await agent?.stop({ graceful: false });
  agent = null;
  await fx?.close();
  fx = null;
});

const MINUTE = 60_000;
/** The product's own retry schedule (first within a minute, up to every 10 minutes), jitter fixed by FAST_RUNNER. */
const REAL_RETRIES = { retryWait: RETRY_WAIT };

type Timing = 'manual' | 'schedule' | 'arrival';

/** The clock starts just before the next full hour (the slot of the scheduled case), never before now. */
function nextSlot(): Date {
  const slot = new Date(Date.now() + 2 * MINUTE);
  slot.setMinutes(0, 0, 0);
  slot.setHours(slot.getHours() + 1);
  return slot;
}

async function setUp(timing: Timing, slot: Date): Promise<{ clock: ManualClock; fx: Fixture }> {
  const clock = new ManualClock(new Date(slot.getTime() - 30_000));
  const billTiming: ReportSetting['timing'] =
    timing === 'schedule' ? { mode: 'schedule', every: 'day', hour: slot.getHours(), businessDay: 'as-is' } : timing === 'arrival' ? { mode: 'arrival' } : { mode: 'manual' };
  fx = await createFixture({
    clock,
    sandbox: { now: () => clock.now() },
    runner: REAL_RETRIES,
    settings: (base) => ({ ...base, reports: base.reports.map((r) => (r.id === 'bill' ? { ...r, timing: billTiming } : r)) }),
    watch: { quietMs: 2_000, stableMs: 1_000, liveWatchLimit: -1, rescanIntervalMs: 10_000 },
  });
  return { clock, fx };
}

/** The sandbox is answering: the test's clock waits (a request takes no time on it). */
const busy = (f: Fixture) => () => f.sandbox.openRequests() > 0;

/** The month-end files in their folders and the agent started; every run's end, as reported, in order. */
async function startAgentWithFiles(f: Fixture): Promise<RunSummary[]> {
  await f.place('clientmaster', 'clientmaster_20261130.csv');
  await f.place('billdata', 'billdata_20261130.csv');
  agent = f.engine.createAgent(f.settings);
  const finished: RunSummary[] = [];
  agent.onProgress((p) => p.type === 'run-finished' && finished.push(p.summary));
  await agent.start();
  return finished;
}

const billRuns = (f: Fixture): readonly RunSummary[] => f.engine.history.listRuns({ target: 'bill' }).runs;

describe('maintenance during a run ends in 完了 on its own after the window', () => {
  it.each<Timing>(['schedule', 'arrival', 'manual'])('%s run', async (timing) => {
    const slot = nextSlot();
    const { clock, fx: f } = await setUp(timing, slot);
    // 楽楽明細 is in maintenance from before the slot for five minutes, answering 503.
    const until = new Date(slot.getTime() + 5 * MINUTE);
    f.sandbox.faults.maintenanceWindow = { from: new Date(slot.getTime() - MINUTE), until, kind: '503' };
    const finished = await startAgentWithFiles(f);

    // Up to the slot; then the run starts by its own timing.
    await driveUntil(clock, () => clock.now() >= slot, 1_000, busy(f));
    if (timing === 'manual') expect(agent!.runNow({ kind: 'report', reportId: 'bill' }).ok).toBe(true);
    await driveUntil(clock, () => billRuns(f).some((r) => r.outcome === 'retry-wait'), 1_000, busy(f));
    const run = billRuns(f)[0]!;
    expect(run.trigger).toBe(timing);
    expect(f.sandbox.imports()).toEqual([]);
    // The clerk is told once that it will go by itself, and when.
    const first = finished.find((s) => s.id === run.id)!;
    expect(runFinishedNotification(first)).toMatchObject({ title: '請求書: 再送待ちのファイルは自動で送信します', urgent: false });
    expect(first.message).toMatch(/2件再送待ち（「処理中」フォルダに2件） \d+\/\d+\(.\) \d+:\d{2}に自動で送信します。/);
    expect(agent!.status().retryWait).toMatchObject({ files: 2 });

    // Nothing more to do: the window ends and the agent sends on its own.
    let completedAt: Date | null = null;
    await driveUntil(clock, () => {
      if (f.engine.history.getRun(run.id)?.outcome !== 'success') return false;
      completedAt = clock.now();
      return true;
    }, 1_000, busy(f));
    const done = f.engine.history.getRun(run.id)!;
    expect(done.message).toBe('請求書: 2件完了');
    expect(f.sandbox.imports().map((i) => [i.kind, i.processStatus])).toEqual([['customers', 'complete'], ['reports', 'complete']]);
    expect((await f.tree('billdata'))[0]).toMatch(/^処理済み\//);
    expect(agent!.status().retryWait).toBeUndefined();
    // It went once the window was over (the schedule itself — within a minute, at most every 10 minutes —
    // is retry-delay's table test; here real file I/O between the clock's steps would blur it).
    const afterWindow = completedAt!.getTime() - until.getTime();
    expect(afterWindow).toBeGreaterThanOrEqual(0);
    // The clerk hears 完了 for the same run, after the 再送待ち notice; the continuations that still
    // met maintenance were not told again.
    const told = finished.filter((s) => s.id === run.id).map((s) => runFinishedNotification(s)).filter((n) => n !== null);
    expect(told.map((n) => n.title)).toEqual(['請求書: 再送待ちのファイルは自動で送信します', '請求書: 連携が完了しました']);
    if (process.env.MEISAI_REPORT_FIGURES) process.stdout.write(`FIGURE ${timing}: 完了 ${afterWindow / 1000} s after the maintenance window ended (test clock)\n`);
  });
});

describe('72 hours', () => {
  it('a file that never gets through gives up after 72 hours: failed, left in its folder, the clerk notified', async () => {
    const slot = nextSlot();
    const { clock, fx: f } = await setUp('manual', slot);
    f.sandbox.faults.maintenance = '503';
    const finished = await startAgentWithFiles(f);
    const queued = agent!.runNow({ kind: 'report', reportId: 'bill' });
    const runId = queued.ok ? queued.value.runId : '';
    let firstFailedAt = Number.POSITIVE_INFINITY;
    await driveUntil(clock, () => {
      const files = f.engine.history.getRun(runId)?.files ?? [];
      for (const x of files) if (x.state.state === 'retry-wait') firstFailedAt = Math.min(firstFailedAt, Date.parse(x.state.firstFailedAt));
      // Until the resend that gave up has reported its end (the history is written just before).
      return files.length === 2 && f.engine.history.findRetryWaits().length === 0 && finished.some((s) => s.id === runId && s.retry?.waiting === 0);
    }, MINUTE, busy(f));
    const ended = clock.now().getTime();

    const run = f.engine.history.getRun(runId)!;
    expect(run.files.map((x) => [x.kind, x.state.state])).toEqual([['customers', 'failed'], ['report', 'failed']]);
    expect(run.files[0]!.problems[0]!.message).toContain('72時間が過ぎたため、自動の再送をやめました');
    expect(run.files[0]!.problems[0]!.message).toContain('メンテナンス');
    // It gave up at the limit, not a day later, and never sent anything.
    // Not a moment before the 72 hours. (How soon after is the timer's business, tested on its own;
    // here real file I/O between the clock's steps would blur it.)
    expect(ended - firstFailedAt).toBeGreaterThanOrEqual(72 * 60 * MINUTE);
    expect(f.sandbox.imports()).toEqual([]);
    // The files are back where the clerk put them (out of 処理中), as the run's message says; the agent's copies are gone.
    expect(await f.tree('clientmaster')).toEqual(['clientmaster_20261130.csv']);
    expect(await f.tree('billdata')).toEqual(['billdata_20261130.csv']);
    expect(run.files.map((x) => [x.state.state === 'failed' ? x.state.cause : null, x.currentPath === x.originalPath])).toEqual([['not-sent', true], ['not-sent', true]]);
    expect(run.message).toContain('元のフォルダのまま2件');
    expect(run.message).not.toContain('処理中');
    expect(await f.tree('../data/staging')).toEqual([]);
    expect(agent!.status().retryWait).toBeUndefined();
    // One notification says so, urgently; the waiting in between was not told again and again.
    const told = finished.filter((s) => s.id === runId).map((s) => runFinishedNotification(s)).filter((n) => n !== null);
    expect(told.map((n) => [n.title, n.urgent])).toEqual([
      ['請求書: 再送待ちのファイルは自動で送信します', false],
      ['請求書: 送信できないまま72時間が過ぎました', true],
    ]);
    expect(told[1]!.body).toContain('2件のファイルは楽楽明細に届かないまま72時間が過ぎた');
    // The customer file that never arrived does not hold later documents back: it is not a refusal.
    expect(f.engine.history.blockingCustomerFile()).toBeNull();
  });
});
