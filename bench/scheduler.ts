// Benchmark (not a test): how far after its slot a scheduled run starts — measured at the executor
// (scheduler → queue → runner entry), through the real agent. Prints figures; no thresholds.
//
//   npx tsx bench/scheduler.ts
//
// 1. ManualClock over a simulated year for each kind of timing: lateness (should be 0 by design),
//    how many times the scheduler woke per day, and the longest single sleep.
// 2. The real clock: the wall clock is shifted so that a daily slot is a few seconds ahead, then the
//    real timer fires it; lateness in ms (Node timer + queue + scheduling overhead).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../shared/run';
import type { ReportSetting, Settings, Timing } from '../shared/settings/schema';
import { createAgent } from '../electron/core/agent/agent';
import { ManualClock, systemClock, type Clock } from '../electron/core/ports/clock';
import { silentLogger } from '../electron/core/ports/logger';
import type { RunExecutor } from '../electron/core/queue/types';
import { createMemoryScheduleStore } from '../electron/core/schedule/memory-schedule-store';
import { describeTiming, nextSlot } from '../electron/core/schedule/next-slot';

const settingsFor = (root: string, timing: Timing): Settings => ({
  version: 1,
  meisai: { url: 'https://example.eco-serv.jp/acct/' },
  agent: { root, id: 'bench', startAtLogin: false, notifications: false, pollFolders: false, proxyUrl: null },
  customers: { settingId: null, folder: 'kokyaku', filePrefix: 'kokyaku', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
  reports: [{ id: 'r', name: 'bench', reportTypeId: 1, folder: 'r', filePrefix: 'r', firstLine: 'skip', approve: false, approvalFlowId: null, timing } satisfies ReportSetting],
});

function recorder(clock: Clock) {
  const starts: { at: number; trigger: string }[] = [];
  const executor: RunExecutor = async ({ runId, target, trigger }) => {
    starts.push({ at: clock.now().getTime(), trigger });
    const s: RunSummary = { id: runId, target, targetName: 'bench', trigger, startedAt: '', finishedAt: '', outcome: 'nothing', counts: { files: 0, done: 0, failed: 0, skipped: 0, attention: 0 }, message: '' };
    return s;
  };
  return { executor, starts };
}

async function simulatedYear(root: string, timing: Extract<Timing, { mode: 'schedule' }>) {
  const start = new Date(2026, 0, 1, 0, 30);
  const clock = new ManualClock(start);
  const { executor, starts } = recorder(clock);
  const agent = createAgent({ settings: settingsFor(root, timing), executor, clock, logger: silentLogger, scheduleStore: createMemoryScheduleStore(), judge: null, watch: { rescanIntervalMs: 24 * 3600_000 } }); // the folder does not exist: no watch, one rescan a day
  await agent.start();
  const end = new Date(2027, 0, 1).getTime();
  // The slots the year should have, from the pure rule.
  const expected: number[] = [];
  for (let t = nextSlot(timing, start); t.getTime() < end; t = nextSlot(timing, t)) expected.push(t.getTime());
  let wakes = 0;
  let longest = 0;
  while (clock.now().getTime() < end) {
    const delays = clock.pendingDelays();
    const d = Math.min(...delays.filter((x) => x > 0), end - clock.now().getTime());
    longest = Math.max(longest, d);
    await clock.advance(d);
    await agent.settled();
    wakes++;
  }
  await agent.stop({ graceful: true });
  const late = starts.map((s, i) => s.at - (expected[i] ?? NaN));
  console.log(
    `  ${describeTiming(timing).padEnd(34)} runs ${String(starts.length).padStart(3)} (expected ${expected.length}), ` +
      `lateness max ${Math.max(...late)} ms, timer wake-ups ${(wakes / 365).toFixed(1)}/day (scheduler + watcher), longest sleep ${(longest / 60_000).toFixed(0)} min`,
  );
}

/** The real clock, shifted so that the next 9時 slot is `aheadMs` away. */
function shiftedClock(aheadMs: number): { clock: Clock; slot: Date } {
  const realNow = Date.now();
  const slot = nextSlot({ mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' }, new Date(realNow));
  const offset = slot.getTime() - aheadMs - realNow;
  return {
    slot,
    clock: {
      now: () => new Date(Date.now() + offset),
      setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms),
      sleep: (ms, signal) => systemClock.sleep(ms, signal),
    },
  };
}

async function realClockTrial(root: string, aheadMs: number): Promise<number> {
  const { clock, slot } = shiftedClock(aheadMs);
  const { executor, starts } = recorder(clock);
  const agent = createAgent({
    settings: settingsFor(root, { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' }),
    executor, clock, logger: silentLogger, scheduleStore: createMemoryScheduleStore(), judge: null,
  });
  await agent.start();
  while (starts.length === 0) await new Promise((r) => setTimeout(r, 20));
  await agent.stop({ graceful: true });
  return starts[0]!.at - slot.getTime();
}

const root = await mkdtemp(join(tmpdir(), 'meisai-bench-scheduler-'));
try {
  console.log(`scheduler benchmark — Node ${process.version}, TZ ${Intl.DateTimeFormat().resolvedOptions().timeZone}\n`);
  console.log('1. ManualClock, one simulated year (2026) per timing, through agent → queue → executor:');
  const timings: Extract<Timing, { mode: 'schedule' }>[] = [
    { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' },
    { mode: 'schedule', every: 'day', hour: 0, businessDay: 'previous' },
    { mode: 'schedule', every: 'week', weekday: 1, hour: 23, businessDay: 'next' },
    { mode: 'schedule', every: 'month', day: 25, hour: 9, businessDay: 'previous' },
    { mode: 'schedule', every: 'month', day: 31, hour: 18, businessDay: 'as-is' },
    { mode: 'schedule', every: 'month', day: 'last', hour: 18, businessDay: 'next' },
  ];
  for (const t of timings) await simulatedYear(root, t);

  console.log('\n2. Real clock, a daily slot 3 s ahead (wall clock shifted; real Node timers):');
  const lateness: number[] = [];
  for (let i = 0; i < 5; i++) lateness.push(await realClockTrial(root, 3000));
  console.log(`  run started after its slot by: ${lateness.map((l) => `${l} ms`).join(', ')}`);
  console.log(`  mean ${(lateness.reduce((a, b) => a + b, 0) / lateness.length).toFixed(1)} ms, max ${Math.max(...lateness)} ms`);
} finally {
  await rm(root, { recursive: true, force: true });
}
