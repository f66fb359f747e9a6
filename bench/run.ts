// `npm run bench`: every benchmark of the agent's speed and footprint, one table, and
// bench/results.json (git-ignored) with every figure and the machine it was measured on.
//
//   npm run bench                 full figures (~4–5 minutes on 2 cores)
//   npm run bench -- --quick      a fast look: fewer repeats, 5 drops, a 15 s idle window
//
// Each figure is the median of several runs; each comparison (pre-flight vs the bare libraries, the
// watcher's default vs chokidar on every file, migration 003's index vs the old one) is measured in
// the same run. CPU-heavy parts run one after the other; the idle agents (separate, idle processes)
// are measured while the end-to-end drops run, which mostly wait on the watcher's quiet window.
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchmarkPreflight, type PreflightBenchmark } from './preflight';
import { benchEndToEnd, type EndToEndFigures } from './end-to-end';
import { benchHistory, type HistoryFigures } from './history';
import { benchIdle, type IdleFigures } from './idle';
import { benchScheduler, realFigure, type SchedulerFigures } from './scheduler';
import { round } from './stats';
import { benchWatcher, type WatcherSummary } from './watcher';

export interface Row {
  readonly area: string;
  readonly figure: string;
  readonly value: string;
  readonly goal: string;
  /** true / false against the goal; null when the figure has no goal. */
  readonly met: boolean | null;
}

export interface BenchResults {
  readonly date: string;
  readonly quick: boolean;
  readonly durationS: number;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly memoryGb: number; readonly node: string; readonly platform: string; readonly tz: string };
  readonly rows: readonly Row[];
  readonly preflight: PreflightBenchmark;
  readonly endToEnd: EndToEndFigures;
  readonly watcher: readonly WatcherSummary[];
  readonly history: HistoryFigures;
  readonly idle: IdleFigures;
  readonly scheduler: SchedulerFigures;
}

const ms = (n: number, digits = 0) => `${n.toFixed(digits)} ms`;

export function rowsOf(r: Omit<BenchResults, 'rows' | 'date' | 'quick' | 'durationS' | 'machine'>): Row[] {
  const rows: Row[] = [];
  const add = (area: string, figure: string, value: string, goal = '', met: boolean | null = null) => rows.push({ area, figure, value, goal, met });

  const p = r.preflight;
  add('Pre-flight', `bare baseline: decode + parse + encode (${(p.bytes / 1e6).toFixed(1)} MB, ${p.lines} lines CP932)`, ms(p.baselineMs, 1));
  add('Pre-flight', 'preflight() with every check', ms(p.preflightMs, 1));
  add('Pre-flight', 'ratio to the baseline', `${p.ratio.toFixed(2)}×`, '≤ 1.5×', p.ratio <= 1.5);

  const e = r.endToEnd;
  const w = e.windows;
  add('End to end', `drop → import completed on the sandbox, median of ${e.drops}`, ms(e.receivedMedianMs));
  add('End to end', `drop → import completed on the sandbox, worst of ${e.drops}`, ms(e.receivedWorstMs));
  add('End to end', `waiting for the file to be stable (quiet ${w.quietMs / 1000} s, stable ${w.stableMs / 1000} s, runner ${w.runnerStableForMs / 1000} s)`, `${ms(e.stableWaitMedianMs)} (${(e.stableWaitShare * 100).toFixed(1)} %)`);
  add('End to end', 'stable → received (stage, pre-flight, history, POST), median', ms(e.sendMedianMs));
  add('End to end', 'drop → agent saw it complete, file in 処理済み: median / worst', `${ms(e.doneMedianMs)} / ${ms(e.doneWorstMs)}`);

  const wid = (id: string) => r.watcher.find((s) => s.id === id);
  for (const id of ['default-1k', 'default-10k', 'every-file-10k', 'other-10k']) {
    const s = wid(id);
    if (!s) continue;
    const m = s.median;
    add('Watcher', `${s.name}: start-up`, ms(m.startMs));
    add('Watcher', `${s.name}: RSS growth (heap growth)`, `+${m.rssDeltaMb.toFixed(1)} MB (+${m.heapDeltaMb.toFixed(1)} MB)`);
  }
  const flat = r.watcher.filter((s) => s.id.startsWith('default'));
  const worstGrowth = Math.max(...flat.map((s) => s.median.heapGrowthAfter60RescansMb));
  add('Watcher', 'heap growth over 60 rescans after the first scan (default, worst)', `${worstGrowth >= 0 ? '+' : ''}${worstGrowth.toFixed(2)} MB`, 'flat (< 1 MB)', worstGrowth < 1);
  const d10 = wid('default-10k');
  const e10 = wid('every-file-10k');
  if (d10 && e10) add('Watcher', '10,000 files: chokidar on every file vs the default (start-up, RSS)', `${(e10.median.startMs / d10.median.startMs).toFixed(1)}×, ${(e10.median.rssDeltaMb / d10.median.rssDeltaMb).toFixed(1)}×`);

  const h = r.history;
  const hm = h.ms;
  add('History', `${h.runs.toLocaleString('en')} runs × ${h.filesPerRun} files: database file`, `${h.dbSizeMb} MB`);
  add('History', 'history page (first 50 runs)', ms(hm['history page (first 50 runs)']!, 2));
  add('History', 'filter by setting + one month', ms(hm['filter: setting + one month']!, 2));
  add('History', 'filter by setting + outcome + 3 years', ms(hm['filter: setting + outcome + 3 years']!, 2));
  add('History', 'CSV export: one setting, one month', ms(hm['CSV export: one setting, one month']!, 1));
  add('History', `CSV export: whole history (${(h.csvChars / 1e6).toFixed(1)} M chars)`, ms(hm['CSV export: whole history']!));
  add('History', 'resume / tray badge query: 003 index vs 001 partial index', `${ms(hm['attentionCount (tray badge)']!, 3)} vs ${ms(h.withoutMigration003Ms.attentionCount, 1)}`);

  const i = r.idle;
  add('Idle', `headless agent, ${i.windowS} s idle: CPU (median of ${i.agents})`, `${i.cpuSMedian.toFixed(2)} s = ${i.cpuPercentOfCoreMedian.toFixed(2)} % of a core`, '< 1 % of a core', i.cpuPercentOfCoreWorst < 1);
  add('Idle', 'RSS', `${i.rssMbMedian.toFixed(1)} MB`);
  add('Idle', 'main-thread wake-ups in the window / JavaScript timers fired', `${i.mainThreadWakeupsMedian} / ${i.timersFiredMedian}`);
  add('Idle', 'timers armed for < 60 s that fired in the window', String(i.frequentTimers), '0', i.frequentTimers === 0);

  const sc = r.scheduler;
  const simLate = Math.max(...sc.simulated.map((y) => y.maxLatenessMs));
  const wake = Math.max(...sc.simulated.map((y) => y.wakeupsPerDay));
  add('Scheduler', `lateness after the slot, ManualClock (${sc.simulated.length} timings × a year)`, ms(simLate));
  add('Scheduler', 'scheduler timer wake-ups per day', wake.toFixed(0), '≤ 1 440 (once a minute)', wake <= 1440);
  const goal = `every trial < ${sc.realGoalMs / 1000} s`;
  add('Scheduler', `lateness after the slot, real clock, quiet (median / max of ${sc.quiet.trials.length})`, realFigure(sc.quiet), goal, sc.quiet.met);
  add('Scheduler', `lateness after the slot, real clock, under load: busy CPU, blocked event loop, slow start (median / max of ${sc.loadedAll.trials.length})`, realFigure(sc.loadedAll), goal, sc.loadedAll.met);
  return rows;
}

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.area, r.figure, r.value, r.goal, r.met === null ? '' : r.met ? 'met' : 'MISSED']);
  const head = ['area', 'figure', 'value', 'goal', ''];
  // East Asian characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
  const widths = head.map((h, c) => Math.max(width(h), ...cells.map((r) => width(r[c]!))));
  const line = (r: readonly string[]) => r.map((s, c) => s + ' '.repeat(widths[c]! - width(s))).join(' │ ').trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}

function machine(): BenchResults['machine'] {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const log = (s: string) => console.error(s);
  const started = Date.now();
  const m = machine();
  console.log(`明細コネクタ benchmark${quick ? ' (--quick)' : ''} — ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}\n`);

  log('pre-flight…');
  const preflight = benchmarkPreflight(quick ? 5 : 15);
  log('history…');
  const history = benchHistory({ repeats: quick ? 5 : 20, log });
  log('watcher…');
  const watcher = await benchWatcher({ repeats: quick ? 1 : 3, log });
  log('end to end and idle (side by side)…');
  const [endToEnd, idle] = await Promise.all([
    benchEndToEnd({ drops: quick ? 5 : 20, log }),
    benchIdle({ agents: quick ? 1 : 3, windowMs: quick ? 15_000 : 60_000, settleMs: 5_000, log }),
  ]);
  log('scheduler…');
  const scheduler = await benchScheduler({ timings: quick ? 2 : undefined, quick, log });

  const figures = { preflight, endToEnd, watcher, history, idle, scheduler };
  const rows = rowsOf(figures);
  const results: BenchResults = { date: new Date().toISOString(), quick, durationS: round((Date.now() - started) / 1000, 0), machine: m, rows, ...figures };
  console.log(formatTable(rows));
  const file = join(import.meta.dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${rows.filter((r) => r.met === false).length === 0 ? 'every goal met' : `goals missed: ${rows.filter((r) => r.met === false).map((r) => `${r.area} — ${r.figure}`).join('; ')}`}`);
  console.log(`took ${results.durationS} s; every figure in ${file}`);
}

await main();
