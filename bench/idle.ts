// Benchmark (not a test): what the headless agent (`meisai-connector agent`, bin/meisai-connector.js
// running the CLI built into out/cli, rebuilt first) costs while nothing happens. Each agent runs as its own child process with three scheduled
// settings (none due during the window) and the customer folder, all four folders watched, a few
// files waiting in each; after start-up has settled it is left alone for the idle window.
//
//   npx tsx bench/idle.ts [--quick]      (3 agents side by side for 60 s; --quick: 1 agent, 15 s)
//
// Measured from outside, on Linux (/proc):
//   CPU      — utime + stime of the agent's process (all its threads) over the window, from
//              /proc/<pid>/stat, plus any child process it has (none since the CLI is built;
//              tsx's esbuild service before);
//   RSS      — VmRSS at the end of the window;
//   wake-ups — context switches of the main (JavaScript) thread over the window, from
//              /proc/<pid>/task/<pid>/status: every timer or event that runs JavaScript wakes it;
//   timers   — which JavaScript timers fired in the window, with the delay they were armed for and
//              where: bench/idle-timer-probe.mjs is loaded with `--import` and wraps setTimeout /
//              setInterval (the agent's code is unchanged). "No timer more often than once a minute"
//              means no timer with a delay under 60 s fired during the window.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SANDBOX_TOKEN, startSandbox } from '../electron/core/sandbox/sandbox-server';
import { buildCli } from '../scripts/build-cli';
import { billWithTiming, writeAgentConfig } from '../test/helpers/agent-config';
import { isMainModule, max, median, round } from './stats';

const REPO = join(import.meta.dirname, '..');
const SAMPLES = join(REPO, 'resources/samples');
const PROBE = join(import.meta.dirname, 'idle-timer-probe.mjs');

export interface TimerFire { readonly t: number; readonly kind: 'timeout' | 'interval'; readonly delay: number; readonly where: string }

export interface IdleAgentFigures {
  readonly windowS: number;
  readonly cpuS: number;
  /** cpuS / windowS, as a percentage of one core. */
  readonly cpuPercentOfCore: number;
  /** CPU of child processes of the agent (tsx's esbuild service), seconds. */
  readonly helperCpuS: number;
  readonly rssMb: number;
  readonly rssAtStartMb: number;
  /** Context switches of the main thread during the window (each is a wake-up). */
  readonly mainThreadWakeups: number;
  /** Context switches of all its threads (V8 platform workers, libuv pool) during the window. */
  readonly allThreadsWakeups: number;
  readonly timersFired: number;
  /** Timers that fired in the window although armed for less than 60 s (the goal: none). */
  readonly frequentTimers: readonly TimerFire[];
  readonly startedRuns: number;
  /** Distinct timers armed for a minute or more over the agent's life (delay and where), the sleeps between wake-ups. */
  readonly longTimers: readonly { readonly delay: number; readonly where: string; readonly count: number }[];
}

export interface IdleFigures {
  readonly agents: number;
  readonly windowS: number;
  readonly cpuSMedian: number;
  readonly cpuPercentOfCoreMedian: number;
  readonly cpuPercentOfCoreWorst: number;
  readonly rssMbMedian: number;
  readonly mainThreadWakeupsMedian: number;
  readonly timersFiredMedian: number;
  readonly frequentTimers: number;
  readonly all: readonly IdleAgentFigures[];
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime in seconds, from /proc/<pid>/stat (fields 14 and 15; the name may hold spaces). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = await readFile(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function statusField(path: string, field: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

async function switches(pid: number, tid: number): Promise<number> {
  const p = `/proc/${pid}/task/${tid}/status`;
  return (await statusField(p, 'voluntary_ctxt_switches')) + (await statusField(p, 'nonvoluntary_ctxt_switches'));
}

async function allThreadSwitches(pid: number): Promise<number> {
  let n = 0;
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    try {
      n += await switches(pid, Number(tid));
    } catch {
      // thread ended
    }
  }
  return n;
}

interface Snapshot { cpu: number; helperCpu: number; main: number; all: number; rss: number }

async function snapshot(pid: number): Promise<Snapshot> {
  let helperCpu = 0;
  for (const c of await childrenOf(pid)) helperCpu += await cpuSeconds(c).catch(() => 0);
  return {
    cpu: await cpuSeconds(pid),
    helperCpu,
    main: await switches(pid, pid),
    all: await allThreadSwitches(pid),
    rss: (await statusField(`/proc/${pid}/status`, 'VmRSS')) / 1024,
  };
}

async function prepareAgent(work: string, baseUrl: string): Promise<{ args: string[]; timerLog: string }> {
  const root = join(work, 'userdata');
  const folders = ['clientmaster', 'billdata', 'paydata', 'noticedata'];
  for (const f of folders) await mkdir(join(root, f), { recursive: true });
  await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
  for (let i = 1; i <= 3; i++) {
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', `billdata_2026113${i}.csv`));
    await copyFile(join(SAMPLES, 'paydata_20261130.csv'), join(root, 'paydata', `paydata_2026113${i}.csv`));
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'noticedata', `noticedata_2026113${i}.csv`));
  }
  // Waiting since this morning, as on a clerk's PC: stable at first sight, so start-up work ends quickly.
  const anHourAgo = new Date(Date.now() - 3600_000);
  for (const f of folders) for (const name of await readdir(join(root, f))) await utimes(join(root, f, name), anHourAgo, anHourAgo);
  // Slots twelve hours away: nothing is due during the window, nothing is missed at start.
  const hour = (new Date().getHours() + 12) % 24;
  const config = await writeAgentConfig(work, root, {
    reports: [
      billWithTiming({ mode: 'schedule', every: 'day', hour, businessDay: 'as-is' }),
      { id: 'pay', name: '支払明細', reportTypeId: 15, folder: 'paydata', filePrefix: 'paydata', timing: { mode: 'schedule', every: 'month', day: 25, hour, businessDay: 'previous' } },
      { id: 'notice', name: '通知書', reportTypeId: 14, folder: 'noticedata', filePrefix: 'noticedata', timing: { mode: 'schedule', every: 'week', weekday: 1, hour, businessDay: 'next' } },
    ],
  });
  return {
    args: ['--import', pathToFileURL(PROBE).href, join(REPO, 'bin/meisai-connector.js'), 'agent', '--config', config, '--base-url', baseUrl, '--token', SANDBOX_TOKEN, '--data-dir', join(work, 'data'), '--log-level', 'warn'],
    timerLog: join(work, 'timers.json'),
  };
}

async function measureOne(work: string, baseUrl: string, windowMs: number, settleMs: number): Promise<IdleAgentFigures> {
  const { args, timerLog } = await prepareAgent(work, baseUrl);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, MEISAI_BENCH_TIMER_LOG: timerLog }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    const until = Date.now() + 60_000;
    while (!out.includes('エージェントを起動しました')) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`idle bench: the agent did not start:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Start-up work (verdicts for the waiting files, the first status) finishes in the background.
    await new Promise((r) => setTimeout(r, settleMs));
    const pid = child.pid!;
    const a = await snapshot(pid);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, windowMs));
    const b = await snapshot(pid);
    const t1 = Date.now();
    child.kill('SIGTERM');
    await exited;
    const probe = JSON.parse(await readFile(timerLog, 'utf8')) as { fires: TimerFire[]; longArms: TimerFire[] };
    const fires = probe.fires.filter((f) => f.t >= t0 && f.t <= t1);
    const longTimers = new Map<string, { delay: number; where: string; count: number }>();
    for (const a of probe.longArms) {
      // The caller's frames, without the probe's own and clock.ts's wrapper frames (in the built CLI
      // the wrapper is `Object.setTimeout` in a chunk).
      const where = a.where.split(' < ').filter((f) => !f.includes('idle-timer-probe') && !f.includes('ports/clock.ts') && !/^Object\.set(Timeout|Interval) /.test(f)).slice(0, 2).map((f) => f.replace(/\((?:file:\/\/)?\/\S*?\/(electron|node_modules|out)\//, '($1/')).join(' < ');
      const key = `${Math.round(a.delay / 1000)}|${where}`;
      const seen = longTimers.get(key);
      if (seen) seen.count++;
      else longTimers.set(key, { delay: a.delay, where, count: 1 });
    }
    const windowS = (t1 - t0) / 1000;
    const cpuS = b.cpu - a.cpu;
    return {
      windowS: round(windowS, 1),
      cpuS: round(cpuS, 3),
      cpuPercentOfCore: round((cpuS / windowS) * 100, 3),
      helperCpuS: round(b.helperCpu - a.helperCpu, 3),
      rssMb: round(b.rss, 1),
      rssAtStartMb: round(a.rss, 1),
      mainThreadWakeups: b.main - a.main,
      allThreadsWakeups: b.all - a.all,
      timersFired: fires.length,
      frequentTimers: fires.filter((f) => f.delay < 60_000),
      startedRuns: (out.match(/開始: /g) ?? []).length,
      longTimers: [...longTimers.values()],
    };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

export async function benchIdle(options: { agents: number; windowMs: number; settleMs?: number; log?: (s: string) => void }): Promise<IdleFigures> {
  if (process.platform !== 'linux') throw new Error('the idle benchmark reads /proc: Linux only');
  // The agent a user runs is the built one; without a fresh build the bin would run the sources.
  await buildCli();
  const work = await mkdtemp(join(tmpdir(), 'meisai-bench-idle-'));
  const sandbox = await startSandbox({ port: 0, importDelayMs: 0, rateLimitPerMinute: null });
  try {
    options.log?.(`  idle: ${options.agents} agent(s) side by side, ${options.windowMs / 1000} s window`);
    // Side by side: idle processes do not compete, and the window is paid once.
    const all = await Promise.all(
      Array.from({ length: options.agents }, async (_, i) => {
        const dir = join(work, `agent${i}`);
        await mkdir(dir);
        return measureOne(dir, sandbox.baseUrl(), options.windowMs, options.settleMs ?? 5_000);
      }),
    );
    return {
      agents: all.length,
      windowS: median(all.map((a) => a.windowS)),
      cpuSMedian: median(all.map((a) => a.cpuS)),
      cpuPercentOfCoreMedian: median(all.map((a) => a.cpuPercentOfCore)),
      cpuPercentOfCoreWorst: max(all.map((a) => a.cpuPercentOfCore)),
      rssMbMedian: median(all.map((a) => a.rssMb)),
      mainThreadWakeupsMedian: median(all.map((a) => a.mainThreadWakeups)),
      timersFiredMedian: median(all.map((a) => a.timersFired)),
      frequentTimers: all.reduce((n, a) => n + a.frequentTimers.length, 0),
      all,
    };
  } finally {
    await sandbox.close();
    await rm(work, { recursive: true, force: true });
  }
}

export function formatIdle(f: IdleFigures): string {
  const lines = [
    `${f.agents} headless agent(s), 3 scheduled settings + customer folder watched, idle ${f.windowS} s (medians):`,
    `  CPU ${f.cpuSMedian} s = ${f.cpuPercentOfCoreMedian} % of a core (worst agent ${f.cpuPercentOfCoreWorst} %), RSS ${f.rssMbMedian} MB`,
    `  main-thread wake-ups ${f.mainThreadWakeupsMedian}, JavaScript timers fired ${f.timersFiredMedian}, timers armed for < 60 s that fired: ${f.frequentTimers}`,
  ];
  for (const [i, a] of f.all.entries()) {
    lines.push(`  agent ${i + 1}: CPU ${a.cpuS} s, helper ${a.helperCpuS} s, RSS ${a.rssAtStartMb} → ${a.rssMb} MB, wake-ups main ${a.mainThreadWakeups} / all threads ${a.allThreadsWakeups}, timers ${a.timersFired}, runs started ${a.startedRuns}`);
    for (const t of a.frequentTimers) lines.push(`    fired in the window: ${t.kind} ${t.delay} ms armed at ${t.where}`);
    if (i === 0) for (const t of a.longTimers) lines.push(`    long timer ${(t.delay / 1000).toFixed(0)} s ×${t.count}: ${t.where}`);
  }
  return lines.join('\n');
}

if (isMainModule(import.meta.filename)) {
  const quick = process.argv.includes('--quick');
  console.log(formatIdle(await benchIdle({ agents: quick ? 1 : 3, windowMs: quick ? 15_000 : 60_000, settleMs: 5_000, log: (s) => console.error(s) })));
}
