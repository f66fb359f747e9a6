// Benchmark (not a test): how long the folder watcher takes to start, and how much memory it holds,
// with 1,000 and 10,000 waiting files in one folder. Each scenario runs in a fresh Node process so
// that RSS figures do not carry over. Prints figures; no thresholds.
//
//   npx tsx bench/watcher.ts
//
// Scenarios: the default settings (a folder above 2,000 matching files is rescanned instead of
// watched per file), the same with chokidar forced on every file (liveWatchLimit = Infinity, to show
// why the cap exists), and 10,000 files that do NOT match the prefix (other data in the same folder).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../electron/core/ports/clock';
import { silentLogger } from '../electron/core/ports/logger';
import { createFolderWatcher } from '../electron/core/watcher/folder-watcher';
import { preflightJudge } from '../electron/core/watcher/preflight-judge';

interface Scenario {
  readonly name: string;
  readonly files: number;
  readonly matching: boolean;
  readonly liveWatchLimit?: number;
}

const SCENARIOS: Scenario[] = [
  { name: '1,000 files (default)', files: 1_000, matching: true },
  { name: '10,000 files (default: rescan, no per-file watch)', files: 10_000, matching: true },
  { name: '1,000 files, chokidar on every file', files: 1_000, matching: true, liveWatchLimit: Infinity },
  { name: '10,000 files, chokidar on every file', files: 10_000, matching: true, liveWatchLimit: Infinity },
  { name: '10,000 non-matching files + 10 matching', files: 10_000, matching: false },
];

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const CSV = 'code,name,amount\r\nC001,Sample,1000\r\n';

async function runScenario(s: Scenario): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'meisai-bench-watcher-'));
  const folder = join(work, 'billdata');
  await mkdir(folder);
  for (let i = 0; i < s.files; i++) await writeFile(join(folder, `${s.matching ? 'billdata' : 'other'}_${String(i).padStart(5, '0')}.csv`), CSV);
  if (!s.matching) for (let i = 0; i < 10; i++) await writeFile(join(folder, `billdata_${i}.csv`), CSV);
  // Old enough to count as stable, so verdicts are computed (the worst case for memory).
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;

  const watcher = createFolderWatcher({
    targets: [{ key: 'bill', folderPath: folder, prefix: 'billdata', kind: 'report', hasHeader: true, arrival: false }],
    clock: systemClock,
    logger: silentLogger,
    judge: preflightJudge,
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
  const withVerdict = watcher.waitingFiles()[0]?.files.filter((f) => f.verdict !== null).length ?? 0;
  const t2 = performance.now();
  await watcher.rescan();
  const rescanMs = performance.now() - t2;
  const rssAfter = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  // Hours of periodic rescans, compressed: memory must level off, not climb.
  for (let i = 0; i < 20; i++) await watcher.rescan();
  global.gc?.();
  const rssLater = process.memoryUsage().rss;
  const heapLater = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) await watcher.rescan();
  global.gc?.();
  const rssMuchLater = process.memoryUsage().rss;
  const heapMuchLater = process.memoryUsage().heapUsed;
  await watcher.stop();
  await rm(work, { recursive: true, force: true });

  console.log(
    [
      `${s.name}:`,
      `  start-up (initial scan + watch ready): ${startMs.toFixed(0)} ms, ${listed} files listed`,
      `  verdicts in the background: ${verdictMs.toFixed(0)} ms for ${withVerdict} files (bounded: oldest 200)`,
      `  full rescan: ${rescanMs.toFixed(0)} ms`,
      `  RSS ${mb(rssBefore)} → ${mb(rssAfter)} (+${mb(rssAfter - rssBefore)}), heap +${mb(heapAfter - heapBefore)}`,
      `  after 20 more rescans: RSS ${mb(rssLater)}, heap +${mb(heapLater - heapBefore)} over the start; after 60: RSS ${mb(rssMuchLater)}, heap +${mb(heapMuchLater - heapBefore)}`,
    ].join('\n'),
  );
}

const arg = process.argv[2];
if (arg !== undefined) {
  const s = SCENARIOS[Number(arg)];
  if (!s) throw new Error(`no scenario ${arg}`);
  await runScenario(s);
} else {
  console.log(`watcher benchmark — Node ${process.version}, ${process.platform}; each scenario in its own process\n`);
  for (let i = 0; i < SCENARIOS.length; i++) {
    const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', import.meta.filename, String(i)], { encoding: 'utf8' });
    process.stdout.write(out);
  }
}
