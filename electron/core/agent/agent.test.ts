// The agent composed from the real scheduler, watcher and queue, with a ManualClock, real temporary
// folders and a recording executor in place of the runner. TZ pinned as in the schedule tests.
process.env.TZ = 'Asia/Tokyo';

import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentStatus, RunSummary, RunTrigger } from '../../../shared/run';
import type { ReportSetting, Settings } from '../../../shared/settings/schema';
import { ManualClock } from '../ports/clock';
import { MemoryLogger } from '../ports/logger';
import type { RunExecutor } from '../queue/types';
import { createMemoryScheduleStore } from '../schedule/memory-schedule-store';
import { createAgent, type Agent } from './agent';
import type { AgentWatch } from './agent-watch';
import type { PendingRetry } from './retry-timer';

const jst = (s: string) => new Date(`${s}+09:00`);
const HOUR = 3600_000;
let root: string;
const agents: Agent[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'meisai-agent-'));
});
afterEach(async () => {
  for (const a of agents.splice(0)) await a.stop({ graceful: false });
  await rm(root, { recursive: true, force: true });
});

const report = (id: string, timing: ReportSetting['timing'], folder = id): ReportSetting => ({
  id, name: `帳票${id}`, reportTypeId: 1, folder, filePrefix: id, firstLine: 'skip', approve: false, approvalFlowId: null, timing,
});

function settingsWith(reports: ReportSetting[], pollFolders = false): Settings {
  return {
    version: 1,
    meisai: { url: 'https://example.eco-serv.jp/acct01/' },
    agent: { root, id: 'agent-1', startAtLogin: true, notifications: true, notifyEmptyRuns: true, pollFolders, proxyUrl: null },
    customers: { settingId: null, folder: 'kokyaku', filePrefix: 'kokyaku', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
    reports,
  };
}

/** Records each run; runs finish when `release()` is called (or at once when `auto`). */
function recordingExecutor(auto = true) {
  const calls: { runId: string; target: string; trigger: RunTrigger }[] = [];
  const pending: (() => void)[] = [];
  const executor: RunExecutor = async ({ runId, target, trigger, onProgress }) => {
    calls.push({ runId, target: target.kind === 'customers' ? 'customers' : target.reportId, trigger });
    onProgress({ type: 'file-found', runId, fileName: 'x.csv', kind: 'report' });
    if (!auto) await new Promise<void>((r) => pending.push(r));
    const summary: RunSummary = {
      id: runId, target, targetName: 'x', trigger, startedAt: '', finishedAt: '', outcome: 'nothing',
      counts: { files: 0, done: 0, failed: 0, skipped: 0, attention: 0 }, message: '対象なし',
    };
    return summary;
  };
  return { executor, calls, release: () => pending.shift()?.() };
}

function makeAgent(settings: Settings, start: string | Date, executor: RunExecutor, initial: Record<string, Date> = {}, liveWatchLimit = -1) {
  const clock = new ManualClock(start);
  const store = createMemoryScheduleStore(initial);
  let n = 0;
  const agent = createAgent({
    settings, executor, clock, logger: new MemoryLogger(), scheduleStore: store, newRunId: () => `run-${++n}`, judge: null,
    watch: { quietMs: 1000, stableMs: 1000, companionMs: 3000, liveWatchLimit },
  });
  agents.push(agent);
  return { agent, clock, store };
}

describe('agent', () => {
  it('starts, catches up ONE missed slot as 遅延実行, then fires on schedule; status shows the next run', async () => {
    const daily9: ReportSetting['timing'] = { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' };
    const ex = recordingExecutor();
    const { agent, clock } = makeAgent(settingsWith([report('r1', daily9)]), jst('2026-03-10T12:00:00'), ex.executor, { r1: jst('2026-03-06T09:00:00') });
    const statuses: AgentStatus['agent']['state'][] = [];
    agent.onStatus((s) => statuses.push(s.agent.state));
    expect(agent.status().agent).toEqual({ state: 'stopped' });
    await agent.start();
    await agent.idle();
    expect(ex.calls).toEqual([{ runId: 'run-1', target: 'r1', trigger: 'catch-up' }]);
    expect(statuses).toContain('running');
    expect(agent.status()).toMatchObject({ agent: { state: 'idle' }, nextRuns: [{ reportId: 'r1', name: '帳票r1', at: jst('2026-03-11T09:00:00').toISOString() }] });
    await clock.advance(21 * HOUR);
    await agent.idle();
    expect(ex.calls.map((c) => c.trigger)).toEqual(['catch-up', 'schedule']);
  });

  it('resume() after a 3-day sleep runs the missed slot once', async () => {
    const daily9: ReportSetting['timing'] = { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' };
    const ex = recordingExecutor();
    const { agent, clock } = makeAgent(settingsWith([report('r1', daily9)]), jst('2026-03-10T10:00:00'), ex.executor);
    await agent.start();
    clock.jump(3 * 24 * HOUR);
    await agent.resume();
    await agent.resume();
    await agent.idle();
    expect(ex.calls.map((c) => [c.target, c.trigger])).toEqual([['r1', 'catch-up']]);
  });

  it('runNow: 「実行中です」 for a target already running or queued; unknown settings and a stopped agent refused', async () => {
    const ex = recordingExecutor(false);
    const { agent } = makeAgent(settingsWith([report('a', { mode: 'manual' }), report('b', { mode: 'manual' })]), new Date(), ex.executor);
    expect(agent.runNow({ kind: 'customers' })).toMatchObject({ ok: false, error: { code: 'agent.stopped' } });
    await agent.start();
    expect(agent.runNow({ kind: 'report', reportId: 'a' })).toEqual({ ok: true, value: { runId: 'run-1' } });
    expect(agent.runNow({ kind: 'report', reportId: 'a' })).toMatchObject({ ok: false, error: { code: 'queue.busy', message: '実行中です' } });
    expect(agent.runNow({ kind: 'customers' }).ok).toBe(true);
    expect(agent.runNow({ kind: 'customers' })).toMatchObject({ ok: false, error: { message: '実行中です' } });
    expect(agent.runNow({ kind: 'report', reportId: 'zz' })).toMatchObject({ ok: false, error: { code: 'agent.unknown-target' } });
    expect(agent.status().agent).toEqual({ state: 'running', runIds: ['run-1', 'run-2'] });
    ex.release();
    await new Promise((r) => setImmediate(r));
    ex.release();
    await agent.idle();
    expect(ex.calls.map((c) => c.target)).toEqual(['a', 'customers']);
  });

  it('ファイル配置時: files dropped together start one arrival run; waitingFiles lists them', async () => {
    await mkdir(join(root, 'arr'));
    const ex = recordingExecutor();
    const { agent, clock } = makeAgent(settingsWith([report('arr', { mode: 'arrival' })]), new Date(), ex.executor);
    await agent.start();
    for (let i = 0; i < 10; i++) await writeFile(join(root, 'arr', `arr_${i}.csv`), 'h\n1\n');
    await agent.resume(); // a rescan, as the periodic one would do
    expect(agent.waitingFiles().find((w) => w.target === 'arr')?.files).toHaveLength(10);
    for (let i = 0; i < 10; i++) {
      await clock.advance(1000);
      await agent.settled();
    }
    expect(ex.calls.map((c) => [c.target, c.trigger])).toEqual([['arr', 'arrival']]);
  });

  it('ファイル配置時: a document file dropped before its customer file runs once, after the customer file is still', async () => {
    await mkdir(join(root, 'kokyaku'));
    await mkdir(join(root, 'arr'));
    const ex = recordingExecutor();
    const { agent, clock } = makeAgent(settingsWith([report('arr', { mode: 'arrival' })]), new Date(), ex.executor);
    await agent.start();
    await writeFile(join(root, 'arr', 'arr_1.csv'), 'h\n1\n');
    await agent.resume();
    for (let i = 0; i < 2; i++) {
      await clock.advance(1000);
      await agent.settled();
    }
    expect(ex.calls).toEqual([]); // its own folder is quiet, but the customer file may still come
    await writeFile(join(root, 'kokyaku', 'kokyaku_1.csv'), 'h\n1\n');
    await agent.resume();
    for (let i = 0; i < 10; i++) {
      await clock.advance(1000);
      await agent.settled();
    }
    expect(ex.calls.map((c) => [c.target, c.trigger])).toEqual([['arr', 'arrival']]);
  });

  it('updateSettings rebuilds jobs and watches without a restart', async () => {
    await mkdir(join(root, 'kokyaku'));
    await mkdir(join(root, 'new'));
    await writeFile(join(root, 'new', 'n_1.csv'), 'x');
    await utimes(join(root, 'new', 'n_1.csv'), jst('2026-03-01T10:00:00'), jst('2026-03-01T10:00:00')); // before the clock's now
    const ex = recordingExecutor();
    const { agent } = makeAgent(settingsWith([report('a', { mode: 'manual' })]), jst('2026-03-10T12:00:00'), ex.executor);
    await agent.start();
    expect(agent.status().nextRuns).toEqual([{ reportId: 'a', name: '帳票a', at: null }]);
    expect(agent.waitingFiles().map((w) => w.target)).toEqual(['customers', 'a']);
    await agent.updateSettings(settingsWith([
      report('a', { mode: 'schedule', every: 'month', day: 'last', hour: 18, businessDay: 'previous' }),
      { ...report('n', { mode: 'manual' }, 'new'), filePrefix: 'n_' },
    ], true /* polling: watcher rebuilt */));
    // 2026-03-31 is a Tuesday: 末日 stays.
    expect(agent.status().nextRuns).toEqual([
      { reportId: 'a', name: '帳票a', at: jst('2026-03-31T18:00:00').toISOString() },
      { reportId: 'n', name: '帳票n', at: null },
    ]);
    expect(agent.waitingFiles().find((w) => w.target === 'n')).toMatchObject({ folderProblem: null, files: [{ fileName: 'n_1.csv', stable: true }] });
    expect(agent.waitingFiles().find((w) => w.target === 'a')!.folderProblem).toContain('フォルダが見つかりません');
    expect(ex.calls).toEqual([]);
  });

  it('stop({ graceful: true }) lets the run in flight finish; afterwards the agent is stopped', async () => {
    const ex = recordingExecutor(false);
    const { agent } = makeAgent(settingsWith([report('a', { mode: 'manual' })]), new Date(), ex.executor);
    await agent.start();
    agent.runNow({ kind: 'report', reportId: 'a' });
    let done = false;
    const stopping = agent.stop({ graceful: true }).then(() => { done = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    ex.release();
    await stopping;
    expect(agent.status().agent).toEqual({ state: 'stopped' });
    // And it can start again with a fresh queue.
    await agent.start();
    expect(agent.runNow({ kind: 'report', reportId: 'a' }).ok).toBe(true);
    ex.release();
    await agent.idle();
  });

  it('progress events reach subscribers', async () => {
    const ex = recordingExecutor();
    const { agent } = makeAgent(settingsWith([report('a', { mode: 'manual' })]), new Date(), ex.executor);
    const types: string[] = [];
    agent.onProgress((p) => types.push(p.type));
    await agent.start();
    agent.runNow({ kind: 'report', reportId: 'a' });
    await agent.idle();
    expect(types).toEqual(['run-started', 'file-found', 'run-finished']);
  });

  it('a burst of file events becomes one status update', async () => {
    await mkdir(join(root, 'burst'));
    const ex = recordingExecutor();
    const { agent, clock } = makeAgent(settingsWith([report('burst', { mode: 'manual' })]), new Date(), ex.executor, {}, 2000 /* watched by chokidar */);
    await agent.start();
    let updates = 0;
    agent.onStatus(() => updates++);
    for (let i = 0; i < 30; i++) await writeFile(join(root, 'burst', `burst_${i}.csv`), 'h\n');
    await vi.waitFor(() => expect(agent.waitingFiles().find((w) => w.target === 'burst')?.files).toHaveLength(30), { timeout: 20_000, interval: 50 });
    expect(updates).toBe(0);
    await clock.advance(500);
    expect(updates).toBe(1);
  });

  describe('timer findings: start and stop around a slow first scan', () => {
    const daily9: ReportSetting['timing'] = { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' };

    /** A folder watch whose start() the test holds open, as a slow network share would. */
    function heldWatch() {
      let release: () => void = () => {};
      const opened = new Promise<void>((r) => (release = r));
      let stops = 0;
      const watch: AgentWatch = {
        start: () => opened,
        stop: async () => void stops++,
        apply: async () => {},
        resume: async () => {},
        waitingFiles: () => [],
        settled: async () => {},
      };
      return { watch, release: () => release(), stops: () => stops };
    }

    function agentWith(watch: AgentWatch, ex: ReturnType<typeof recordingExecutor>, retryWaits: () => readonly PendingRetry[] = () => []) {
      const clock = new ManualClock(jst('2026-03-10T08:59:00'));
      const agent = createAgent({
        settings: settingsWith([report('r1', daily9)]), executor: ex.executor, clock, logger: new MemoryLogger(),
        scheduleStore: createMemoryScheduleStore({ r1: jst('2026-03-09T09:00:00') }), newRunId: () => 'run-1', judge: null,
        createWatch: () => watch, retryWaits,
      });
      agents.push(agent);
      return { agent, clock };
    }

    it('the slot fires on time while the first folder scan is still running (finding 1)', async () => {
      const held = heldWatch();
      const ex = recordingExecutor();
      const { agent, clock } = agentWith(held.watch, ex);
      const starting = agent.start();
      await clock.advance(2 * 60_000);
      await agent.idle();
      expect(ex.calls.map((c) => [c.target, c.trigger])).toEqual([['r1', 'schedule']]);
      held.release();
      await starting;
      expect(agent.status().agent.state).toBe('idle');
    });

    it('stop() during a start that waits for the scan leaves nothing running: no run, no timer (finding 2)', async () => {
      const held = heldWatch();
      const ex = recordingExecutor();
      const { agent, clock } = agentWith(held.watch, ex);
      const starting = agent.start();
      await agent.stop({ graceful: false });
      held.release();
      await starting;
      expect(agent.status().agent).toEqual({ state: 'stopped' });
      expect(clock.pendingDelays()).toEqual([]);
      await clock.advance(2 * 60_000);
      await agent.idle();
      expect(ex.calls).toEqual([]);
      // The watcher that finished opening after the stop is closed again.
      expect(held.stops()).toBeGreaterThanOrEqual(2);
    });

    /** Files in 再送待ち as the history would tell them: the waiting run `run-w`, due at `at`. */
    const waitingAt = (at: Date): PendingRetry[] => [{ runId: 'run-w', target: { kind: 'report', reportId: 'r1' }, kind: 'report', nextAttemptAt: at.toISOString() }];

    /** The history's 再送待ち, moved on by each resend as the runner would (sent, or waiting for `next`). */
    function waitingFiles(ex: ReturnType<typeof recordingExecutor>) {
      const state = { waiting: [] as PendingRetry[], afterResend: [] as PendingRetry[] };
      const executor: RunExecutor = async (request) => {
        if (request.trigger === 'retry') state.waiting = state.afterResend;
        return ex.executor(request);
      };
      return { state, ex: { ...ex, executor }, pending: () => state.waiting };
    }

    it('the 再送待ち timer starts with the scheduler, not after the first scan: a due resend continues its own run at once', async () => {
      const held = heldWatch();
      const files = waitingFiles(recordingExecutor());
      files.state.waiting = waitingAt(jst('2026-03-10T08:58:00'));
      const { agent } = agentWith(held.watch, files.ex, files.pending);
      const starting = agent.start();
      await agent.idle();
      expect(files.ex.calls).toEqual([{ runId: 'run-w', target: 'r1', trigger: 'retry' }]);
      held.release();
      await starting;
      expect(agent.status().retryWait).toBeUndefined();
    });

    it('stop() during a start stops the 再送待ち timer too: nothing resent, no timer left', async () => {
      const held = heldWatch();
      const ex = recordingExecutor();
      const { agent, clock } = agentWith(held.watch, ex, () => waitingAt(jst('2026-03-10T09:30:00')));
      const starting = agent.start();
      expect(agent.status().retryWait).toEqual({ files: 1, nextAttemptAt: jst('2026-03-10T09:30:00').toISOString() });
      await agent.stop({ graceful: false });
      held.release();
      await starting;
      expect(clock.pendingDelays()).toEqual([]);
      await clock.advance(HOUR);
      await agent.idle();
      expect(ex.calls).toEqual([]);
    });

    it('re-armed after every run and on wake-up: a file a run leaves waiting is resent when due, even after a sleep', async () => {
      const held = heldWatch();
      held.release();
      const files = waitingFiles(recordingExecutor());
      const { agent, clock } = agentWith(held.watch, files.ex, files.pending);
      await agent.start();
      // A manual run leaves a file in 再送待ち until 09:30 (its first resend meets the wall again: 10:00).
      files.state.waiting = waitingAt(jst('2026-03-10T09:30:00'));
      files.state.afterResend = waitingAt(jst('2026-03-10T10:00:00'));
      expect(agent.runNow({ kind: 'customers' }).ok).toBe(true);
      await agent.idle();
      await clock.advance(31 * 60_000);
      await agent.idle();
      expect(files.ex.calls.map((c) => [c.runId, c.trigger])).toEqual([['run-1', 'manual'], ['run-1', 'schedule'], ['run-w', 'retry']]);
      // The PC sleeps past 10:00 and wakes at 11:30: the resend goes at once, not a timer's length later.
      files.state.afterResend = [];
      clock.jump(2 * HOUR);
      await agent.resume();
      await agent.idle();
      expect(files.ex.calls.map((c) => [c.runId, c.trigger])).toEqual([['run-1', 'manual'], ['run-1', 'schedule'], ['run-w', 'retry'], ['run-w', 'retry']]);
      expect(agent.status().retryWait).toBeUndefined();
    });
  });
});
