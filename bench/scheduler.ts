// Benchmark (not a test): how far after its slot a scheduled run starts — measured at the executor
// (scheduler → queue → runner entry), through the real agent. Prints figures; no thresholds.
//
//   npx tsx bench/scheduler.ts            (6 timings over a simulated year, 5 real-clock trials)
//   npx tsx bench/scheduler.ts --quick    (2 timings, 3 trials)
//
// bench/run.ts calls benchScheduler() and puts the figures in its table.
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
import { describeTiming } from '../shared/settings/describe-timing';
import { nextSlot } from '../electron/core/schedule/next-slot';
import { isMainModule, max, median } from './stats';

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

export interface SimulatedYear {
  readonly timing: string;
  readonly runs: number;
  readonly expected: number;
  /** Latest start after its slot, ms (ManualClock: 0 by design). */
  readonly maxLatenessMs: number;
  /** Timer wake-ups per day, scheduler and watcher together (the watcher's folder is missing: one rescan a day). */
  readonly wakeupsPerDay: number;
  readonly longestSleepMin: number;
}

async function simulatedYear(root: string, timing: Extract<Timing, { mode: 'schedule' }>): Promise<SimulatedYear> {
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
  return {
    timing: describeTiming(timing),
    runs: starts.length,
    expected: expected.length,
    maxLatenessMs: max(late),
    wakeupsPerDay: wakes / 365,
    longestSleepMin: longest / 60_000,
  };
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

export const SCHEDULER_TIMINGS: readonly Extract<Timing, { mode: 'schedule' }>[] = [
  { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' },
  { mode: 'schedule', every: 'month', day: 25, hour: 9, businessDay: 'previous' },
  { mode: 'schedule', every: 'day', hour: 0, businessDay: 'previous' },
  { mode: 'schedule', every: 'week', weekday: 1, hour: 23, businessDay: 'next' },
  { mode: 'schedule', every: 'month', day: 31, hour: 18, businessDay: 'as-is' },
  { mode: 'schedule', every: 'month', day: 'last', hour: 18, businessDay: 'next' },
];

export interface SchedulerFigures {
  readonly simulated: readonly SimulatedYear[];
  /** How far ahead of the slot the (shifted) real clock starts each trial. */
  readonly realAheadMs: number;
  readonly realLatenessMs: readonly number[];
  readonly realMedianMs: number;
  readonly realMaxMs: number;
}

export async function benchScheduler(options: { timings?: number; realTrials: number; realAheadMs?: number; log?: (s: string) => void }): Promise<SchedulerFigures> {
  const root = await mkdtemp(join(tmpdir(), 'meisai-bench-scheduler-'));
  const aheadMs = options.realAheadMs ?? 2000;
  try {
    const simulated: SimulatedYear[] = [];
    for (const t of SCHEDULER_TIMINGS.slice(0, options.timings ?? SCHEDULER_TIMINGS.length)) {
      options.log?.(`  scheduler: simulated year, ${describeTiming(t)}`);
      simulated.push(await simulatedYear(root, t));
    }
    const lateness: number[] = [];
    for (let i = 0; i < options.realTrials; i++) {
      options.log?.(`  scheduler: real clock trial ${i + 1}/${options.realTrials}`);
      lateness.push(await realClockTrial(root, aheadMs));
    }
    return { simulated, realAheadMs: aheadMs, realLatenessMs: lateness, realMedianMs: median(lateness), realMaxMs: max(lateness) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function formatScheduler(f: SchedulerFigures): string {
  const lines = ['1. ManualClock, one simulated year (2026) per timing, through agent → queue → executor:'];
  for (const y of f.simulated) {
    lines.push(
      `  ${y.timing.padEnd(34)} runs ${String(y.runs).padStart(3)} (expected ${y.expected}), ` +
        `lateness max ${y.maxLatenessMs} ms, timer wake-ups ${y.wakeupsPerDay.toFixed(1)}/day (scheduler + watcher), longest sleep ${y.longestSleepMin.toFixed(0)} min`,
    );
  }
  lines.push('', `2. Real clock, a daily slot ${f.realAheadMs / 1000} s ahead (wall clock shifted; real Node timers):`);
  lines.push(`  run started after its slot by: ${f.realLatenessMs.map((l) => `${l} ms`).join(', ')}`);
  lines.push(`  median ${f.realMedianMs} ms, max ${f.realMaxMs} ms`);
  return lines.join('\n');
}

if (isMainModule(import.meta.filename)) {
  const quick = process.argv.includes('--quick');
  console.log(`scheduler benchmark — Node ${process.version}, TZ ${Intl.DateTimeFormat().resolvedOptions().timeZone}\n`);
  console.log(formatScheduler(await benchScheduler({ timings: quick ? 2 : undefined, realTrials: quick ? 3 : 5, log: (s) => console.error(s) })));
}
