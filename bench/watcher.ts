// Benchmark (not a test): how long the folder watcher takes to start, and how much memory it holds,
// with 1,000 and 10,000 waiting files in one folder. Each measurement runs in a fresh Node process
// so that RSS figures do not carry over; the folders are written once and shared by the repeats.
//
//   npx tsx bench/watcher.ts            (3 repeats per scenario, medians)
//   npx tsx bench/watcher.ts --quick    (1 repeat)
//
// bench/run.ts calls benchWatcher() and puts the figures in its table.
//
// Scenarios: the default settings (a folder above 2,000 matching files is rescanned instead of
// watched per file), the same with chokidar forced on every file (liveWatchLimit = Infinity, to show
// why the cap exists), and 10,000 files that do NOT match the prefix (other data in the same folder).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { systemClock } from '../electron/core/ports/clock';
import { silentLogger } from '../electron/core/ports/logger';
import { createFolderWatcher } from '../electron/core/watcher/folder-watcher';
import { preflightJudge } from '../electron/core/watcher/preflight-judge';
import { isMainModule, mb, median, round } from './stats';

const run = promisify(execFile);

export interface WatcherScenario {
  readonly id: string;
  readonly name: string;
  readonly files: number;
  readonly matching: boolean;
  readonly liveWatchLimit?: number;
}

export const WATCHER_SCENARIOS: readonly WatcherScenario[] = [
  { id: 'default-1k', name: '1,000 files (default)', files: 1_000, matching: true },
  { id: 'default-10k', name: '10,000 files (default: rescanned, no per-file watch)', files: 10_000, matching: true },
  { id: 'every-file-1k', name: '1,000 files, chokidar on every file', files: 1_000, matching: true, liveWatchLimit: Infinity },
  { id: 'every-file-10k', name: '10,000 files, chokidar on every file', files: 10_000, matching: true, liveWatchLimit: Infinity },
  { id: 'other-10k', name: '10,000 non-matching files + 10 matching', files: 10_000, matching: false },
];

/** One measurement, in one fresh process. Milliseconds and MB. */
export interface WatcherFigures {
  readonly listed: number;
  /** Initial scan + watches ready (what start() awaits). */
  readonly startMs: number;
  /** The background pre-flight verdicts for the list (bounded: oldest 200 files). */
  readonly verdictMs: number;
  readonly verdicts: number;
  readonly rescanMs: number;
  readonly rssBeforeMb: number;
  /** RSS growth from before start() to after the first scan, verdicts and one rescan. */
  readonly rssDeltaMb: number;
  /** Heap growth over the same span (after a GC before; the JS objects the watcher keeps). */
  readonly heapDeltaMb: number;
  /** Heap growth from after the first rescan to after 60 more (GC'd): ~0 when memory is flat. */
  readonly heapGrowthAfter60RescansMb: number;
  readonly rssAfter60RescansMb: number;
}

const CSV = 'code,name,amount\r\nC001,Sample,1000\r\n';

/** Writes the folder a scenario watches; returns its path. */
export async function makeWatcherFolder(parent: string, s: WatcherScenario): Promise<string> {
  const folder = join(parent, `${s.files}-${s.matching ? 'matching' : 'other'}`, 'billdata');
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < s.files; i++) await writeFile(join(folder, `${s.matching ? 'billdata' : 'other'}_${String(i).padStart(5, '0')}.csv`), CSV);
  if (!s.matching) for (let i = 0; i < 10; i++) await writeFile(join(folder, `billdata_${i}.csv`), CSV);
  return folder;
}

/** Measures one scenario in this process (run it in a fresh one, with --expose-gc). */
export async function measureWatcherScenario(folder: string, s: WatcherScenario): Promise<WatcherFigures> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const watcher = createFolderWatcher({
    targets: [{ key: 'bill', folderPath: folder, prefix: 'billdata', kind: 'report', hasHeader: true, arrival: false, waitsFor: [] }],
    clock: systemClock,
    logger: silentLogger,
    judge: preflightJudge,
    // The files are old enough to count as stable, so verdicts are computed (the worst case for memory).
    stableMs: 0,
    ...(s.liveWatchLimit !== undefined ? { liveWatchLimit: s.liveWatchLimit } : {}),
  });
  const t0 = performance.now();
  await watcher.start();
  const startMs = performance.now() - t0;
  const listed = watcher.waitingFiles()[0]?.files.length ?? 0;
  const t1 = performance.now();
  await watcher.settled();
  const verdictMs = performance.now() - t1;
  const verdicts = watcher.waitingFiles()[0]?.files.filter((f) => f.verdict !== null).length ?? 0;
  const t2 = performance.now();
  await watcher.rescan();
  const rescanMs = performance.now() - t2;
  const rssAfter = process.memoryUsage().rss;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  // Hours of periodic rescans, compressed: memory must level off, not climb.
  for (let i = 0; i < 60; i++) await watcher.rescan();
  global.gc?.();
  const heapLater = process.memoryUsage().heapUsed;
  const rssLater = process.memoryUsage().rss;
  await watcher.stop();
  return {
    listed,
    startMs,
    verdictMs,
    verdicts,
    rescanMs,
    rssBeforeMb: mb(rssBefore),
    rssDeltaMb: mb(rssAfter - rssBefore),
    heapDeltaMb: mb(heapAfter - heapBefore),
    heapGrowthAfter60RescansMb: mb(heapLater - heapAfter),
    rssAfter60RescansMb: mb(rssLater),
  };
}

export interface WatcherSummary {
  readonly id: string;
  readonly name: string;
  readonly files: number;
  readonly repeats: number;
  /** Medians over the repeats. */
  readonly median: WatcherFigures;
  readonly all: readonly WatcherFigures[];
}

const CHILD_FLAG = '--measure-one';

async function measureInChild(folder: string, s: WatcherScenario): Promise<WatcherFigures> {
  const { stdout } = await run(process.execPath, [...process.execArgv, '--expose-gc', import.meta.filename, CHILD_FLAG, s.id, folder], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as WatcherFigures;
}

function medianFigures(all: readonly WatcherFigures[]): WatcherFigures {
  const m = (k: keyof WatcherFigures) => round(median(all.map((f) => f[k])), 2);
  return {
    listed: m('listed'), startMs: m('startMs'), verdictMs: m('verdictMs'), verdicts: m('verdicts'), rescanMs: m('rescanMs'),
    rssBeforeMb: m('rssBeforeMb'), rssDeltaMb: m('rssDeltaMb'), heapDeltaMb: m('heapDeltaMb'),
    heapGrowthAfter60RescansMb: m('heapGrowthAfter60RescansMb'), rssAfter60RescansMb: m('rssAfter60RescansMb'),
  };
}

/** Every scenario `repeats` times, each in a fresh process, interleaved so a busy moment hits all alike. */
export async function benchWatcher(options: { repeats: number; scenarios?: readonly WatcherScenario[]; log?: (s: string) => void }): Promise<WatcherSummary[]> {
  const scenarios = options.scenarios ?? WATCHER_SCENARIOS;
  const work = await mkdtemp(join(tmpdir(), 'meisai-bench-watcher-'));
  try {
    const folders = new Map<string, string>();
    for (const s of scenarios) {
      const key = `${s.files}-${s.matching}`;
      if (!folders.has(key)) folders.set(key, await makeWatcherFolder(work, s));
    }
    const results = new Map<string, WatcherFigures[]>(scenarios.map((s) => [s.id, []]));
    for (let r = 0; r < options.repeats; r++) {
      for (const s of scenarios) {
        options.log?.(`  watcher: ${s.name} (${r + 1}/${options.repeats})`);
        results.get(s.id)!.push(await measureInChild(folders.get(`${s.files}-${s.matching}`)!, s));
      }
    }
    return scenarios.map((s) => {
      const all = results.get(s.id)!;
      return { id: s.id, name: s.name, files: s.files, repeats: all.length, median: medianFigures(all), all };
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export function formatWatcher(summaries: readonly WatcherSummary[]): string {
  const f1 = (n: number) => n.toFixed(1);
  return summaries
    .map(({ name, repeats, median: m }) =>
      [
        `${name} (median of ${repeats}):`,
        `  start-up (initial scan + watch ready): ${m.startMs.toFixed(0)} ms, ${m.listed} files listed`,
        `  verdicts in the background: ${m.verdictMs.toFixed(0)} ms for ${m.verdicts} files (bounded: oldest 200)`,
        `  full rescan: ${m.rescanMs.toFixed(0)} ms`,
        `  RSS ${f1(m.rssBeforeMb)} MB +${f1(m.rssDeltaMb)} MB, heap +${f1(m.heapDeltaMb)} MB`,
        `  after 60 more rescans: heap ${m.heapGrowthAfter60RescansMb >= 0 ? '+' : ''}${f1(m.heapGrowthAfter60RescansMb)} MB, RSS ${f1(m.rssAfter60RescansMb)} MB`,
      ].join('\n'),
    )
    .join('\n');
}

if (isMainModule(import.meta.filename)) {
  if (process.argv[2] === CHILD_FLAG) {
    const s = WATCHER_SCENARIOS.find((x) => x.id === process.argv[3]);
    const folder = process.argv[4];
    if (!s || !folder) throw new Error(`usage: ${CHILD_FLAG} <scenario id> <folder>`);
    console.log(JSON.stringify(await measureWatcherScenario(folder, s)));
  } else {
    const quick = process.argv.includes('--quick');
    console.log(`watcher benchmark — Node ${process.version}, ${process.platform}; each measurement in its own process\n`);
    console.log(formatWatcher(await benchWatcher({ repeats: quick ? 1 : 3, log: (s) => console.error(s) })));
  }
}
