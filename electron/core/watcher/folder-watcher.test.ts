// The watcher on real temporary folders with a ManualClock started at the real time (so files just
// written have a modified time "now" on both clocks and count as settling). Timer-driven work does
// real I/O, so each step awaits `settled()` after moving the clock.
import { mkdtemp, mkdir, rm, utimes, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../ports/clock';
import { SkewedClock } from '../ports/skewed-clock';
import { MemoryLogger } from '../ports/logger';
import type { PreflightVerdict } from '../../../shared/run';
import { createFolderWatcher, type FolderWatcher, type FolderWatcherOptions, type VerdictJudge } from './folder-watcher';
import { watchTargetsFromSettings, type WatchTarget } from './watch-targets';

let root: string;
const watchers: FolderWatcher[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'meisai-watcher-'));
});
afterEach(async () => {
  for (const w of watchers.splice(0)) await w.stop();
  await rm(root, { recursive: true, force: true });
});

const target = (key: string, folder: string, prefix: string, arrival = false): WatchTarget => ({
  key, folderPath: join(root, folder), prefix, kind: key === 'customers' ? 'customers' : 'report', hasHeader: true, arrival, waitsFor: arrival ? ['customers'] : [],
});

const old = async (path: string) => {
  const t = new Date(Date.now() - 3600_000);
  await utimes(path, t, t);
};

function make(targets: WatchTarget[], extra: Partial<FolderWatcherOptions> = {}, clock: ManualClock = new ManualClock(new Date())) {
  const logger = new MemoryLogger();
  const arrivals: string[] = [];
  const w = createFolderWatcher({
    targets, clock, logger,
    onArrival: (key) => { arrivals.push(key); return true; },
    ...extra,
  });
  watchers.push(w);
  const step = async (ms: number) => {
    await clock.advance(ms);
    await w.settled();
  };
  return { w, clock, logger, arrivals, step };
}

const names = (w: FolderWatcher, key: string) => w.waitingFiles().find((x) => x.target === key)?.files.map((f) => f.fileName);

describe('folder watcher: the waiting list', () => {
  it('lists files already there at start: matching names only, not the 処理済み/エラー subfolders, oldest first', async () => {
    await mkdir(join(root, 'seikyu', '処理済み'), { recursive: true });
    await mkdir(join(root, 'seikyu', 'エラー'), { recursive: true });
    await writeFile(join(root, 'seikyu', 'seikyu_b.csv'), 'h\n1\n');
    await writeFile(join(root, 'seikyu', 'seikyu_a.csv'), 'h\n');
    await writeFile(join(root, 'seikyu', 'other.csv'), 'x');
    await writeFile(join(root, 'seikyu', 'seikyu_c.txt'), 'x');
    await writeFile(join(root, 'seikyu', '処理済み', 'seikyu_done.csv'), 'x');
    await writeFile(join(root, 'seikyu', 'エラー', 'seikyu_bad.csv'), 'x');
    await old(join(root, 'seikyu', 'seikyu_b.csv'));
    const { w } = make([target('r1', 'seikyu', 'seikyu')]);
    await w.start();
    const list = w.waitingFiles();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ target: 'r1', folder: join(root, 'seikyu'), folderProblem: null });
    expect(list[0]!.files.map((f) => [f.fileName, f.bytes, f.stable])).toEqual([
      ['seikyu_b.csv', 4, true], // written an hour ago: settled
      ['seikyu_a.csv', 2, false], // just written: still settling
    ]);
  });

  it('a just-written file becomes stable once it has not changed for stableMs', async () => {
    await mkdir(join(root, 'in'));
    await writeFile(join(root, 'in', 'k_1.csv'), 'h\n');
    const { w, step } = make([target('customers', 'in', 'k_')], { stableMs: 3000 });
    await w.start();
    expect(w.waitingFiles()[0]!.files[0]!.stable).toBe(false);
    await step(1000);
    await appendFile(join(root, 'in', 'k_1.csv'), 'more\n'); // still being written
    await w.rescan();
    await step(2500);
    expect(w.waitingFiles()[0]!.files[0]).toMatchObject({ bytes: 7, stable: false });
    await step(1000);
    expect(w.waitingFiles()[0]!.files[0]!.stable).toBe(true);
  });

  it('a missing folder is a message, not a crash; it is picked up once created and reported again when deleted', async () => {
    const { w } = make([target('r1', 'later', 'x'), target('customers', 'kokyaku', 'k')]);
    await mkdir(join(root, 'kokyaku'));
    await w.start();
    const missing = w.waitingFiles().find((x) => x.target === 'r1')!;
    expect(missing.folderProblem).toContain('フォルダが見つかりません');
    expect(missing.folderProblem).toContain(join(root, 'later'));
    expect(w.waitingFiles().find((x) => x.target === 'customers')!.folderProblem).toBeNull();

    await mkdir(join(root, 'later'));
    await writeFile(join(root, 'later', 'x1.csv'), 'a');
    await w.resume();
    expect(w.waitingFiles().find((x) => x.target === 'r1')).toMatchObject({ folderProblem: null, files: [{ fileName: 'x1.csv' }] });

    await rm(join(root, 'later'), { recursive: true });
    await w.rescan();
    expect(w.waitingFiles().find((x) => x.target === 'r1')).toMatchObject({ files: [] });
    expect(w.waitingFiles().find((x) => x.target === 'r1')!.folderProblem).toContain('フォルダが見つかりません');
  });

  it('follows file events without waiting for the periodic rescan', async () => {
    await mkdir(join(root, 'ev'));
    const { w } = make([target('r1', 'ev', 'ev')]);
    await w.start();
    expect(names(w, 'r1')).toEqual([]);
    await writeFile(join(root, 'ev', 'ev_1.csv'), 'a');
    await vi.waitFor(() => expect(names(w, 'r1')).toEqual(['ev_1.csv']), { timeout: 20_000, interval: 50 });
    await rm(join(root, 'ev', 'ev_1.csv'));
    await vi.waitFor(() => expect(names(w, 'r1')).toEqual([]), { timeout: 20_000, interval: 50 });
  });

  it('with polling (network drives, 設定 pollFolders) files are still followed', async () => {
    await mkdir(join(root, 'nas'));
    const { w } = make([target('r1', 'nas', 'nas')], { poll: true, pollIntervalMs: 100 });
    await w.start();
    await writeFile(join(root, 'nas', 'nas_1.csv'), 'a');
    await vi.waitFor(() => expect(names(w, 'r1')).toEqual(['nas_1.csv']), { timeout: 20_000, interval: 50 });
  });

  it('rescans periodically, so a change without an event is still seen', async () => {
    await mkdir(join(root, 'p'));
    const { w, step } = make([target('r1', 'p', 'p')], { rescanIntervalMs: 60_000, liveWatchLimit: -1 /* never handed to chokidar: no OS events at all */ });
    await w.start();
    await writeFile(join(root, 'p', 'p1.csv'), 'a');
    await writeFile(join(root, 'p', 'p2.csv'), 'a');
    expect(names(w, 'r1')).toEqual([]);
    await step(60_000);
    expect(names(w, 'r1')?.sort()).toEqual(['p1.csv', 'p2.csv']);
  });

  it('is rebuilt on settings change (new prefix, new folder)', async () => {
    await mkdir(join(root, 'a'));
    await mkdir(join(root, 'b'));
    await writeFile(join(root, 'a', 'x1.csv'), '1');
    await writeFile(join(root, 'b', 'y1.csv'), '1');
    const { w } = make([target('r1', 'a', 'x')]);
    await w.start();
    expect(names(w, 'r1')).toEqual(['x1.csv']);
    await w.update([target('r1', 'b', 'y'), target('r2', 'a', 'x')]);
    expect(names(w, 'r1')).toEqual(['y1.csv']);
    expect(names(w, 'r2')).toEqual(['x1.csv']);
  });

  it('pre-flight verdicts: lazily, for stable files only, the oldest `verdictLimit`, cached by size + mtime', async () => {
    await mkdir(join(root, 'v'));
    for (let i = 1; i <= 5; i++) {
      await writeFile(join(root, 'v', `v${i}.csv`), `h\n${i}\n`);
      const t = new Date(Date.now() - 3600_000 + i * 1000);
      await utimes(join(root, 'v', `v${i}.csv`), t, t);
    }
    const judged: string[] = [];
    const judge: VerdictJudge = async ({ fileName, bytes }) => {
      judged.push(fileName);
      return { verdict: 'ok', encoding: 'utf8', lines: 2, bytes, parts: 1 } satisfies PreflightVerdict;
    };
    const { w, step } = make([target('r1', 'v', 'v')], { judge, verdictLimit: 3, liveWatchLimit: -1 });
    await w.start();
    await w.settled();
    expect(judged).toEqual(['v1.csv', 'v2.csv', 'v3.csv']);
    expect(w.waitingFiles()[0]!.files.map((f) => f.verdict?.verdict ?? null)).toEqual(['ok', 'ok', 'ok', null, null]);
    await w.rescan();
    await w.settled();
    expect(judged).toHaveLength(3); // cached
    await writeFile(join(root, 'v', 'v2.csv'), 'h\n2\n3\n');
    const t2 = new Date(Date.now() - 3600_000 + 2500); // still between v2 and v3: the order stays
    await utimes(join(root, 'v', 'v2.csv'), t2, t2);
    await w.rescan();
    await w.settled();
    expect(w.waitingFiles()[0]!.files[1]).toMatchObject({ fileName: 'v2.csv', stable: false, verdict: null }); // changed: settling
    expect(judged).toHaveLength(3);
    await step(3000);
    expect(judged.slice(3)).toEqual(['v2.csv']); // settled with a new size+mtime: judged again
    expect(w.waitingFiles()[0]!.files[1]).toMatchObject({ fileName: 'v2.csv', stable: true, bytes: 6, verdict: { verdict: 'ok' } });
  });

  it('a folder with more files than liveWatchLimit is listed and rescanned, not watched file by file', async () => {
    await mkdir(join(root, 'big'));
    for (let i = 0; i < 12; i++) await writeFile(join(root, 'big', `b${i}.csv`), 'x');
    const { w, logger } = make([target('r1', 'big', 'b')], { liveWatchLimit: 10 });
    await w.start();
    expect(names(w, 'r1')).toHaveLength(12);
    expect(logger.text()).toContain('rescanning every minute');
  });
});

describe('folder watcher: ファイル配置時 (arrival)', () => {
  it('ten files dropped together make ONE run, once they are stable', async () => {
    await mkdir(join(root, 'arr'));
    const { w, step, arrivals } = make([target('r1', 'arr', 'nohin', true)], { quietMs: 5000, stableMs: 3000, liveWatchLimit: -1 });
    await w.start();
    for (let i = 0; i < 10; i++) await writeFile(join(root, 'arr', `nohin_${i}.csv`), `h\n${i}\n`);
    await w.rescan();
    expect(names(w, 'r1')).toHaveLength(10);
    await step(4000);
    expect(arrivals).toEqual([]); // still within the quiet period
    await step(2000);
    expect(arrivals).toEqual(['r1']);
    for (let i = 0; i < 5; i++) {
      await w.rescan();
      await step(60_000);
    }
    expect(arrivals).toEqual(['r1']); // the same files do not start another run
  });

  it('waits while a file is still growing, then runs once', async () => {
    await mkdir(join(root, 'g'));
    const { w, step, arrivals } = make([target('r1', 'g', 'g', true)], { quietMs: 2000, stableMs: 3000, liveWatchLimit: -1 });
    await w.start();
    await writeFile(join(root, 'g', 'g1.csv'), 'h\n');
    await w.rescan();
    for (let i = 0; i < 4; i++) {
      await step(1500);
      await appendFile(join(root, 'g', 'g1.csv'), `${i}\n`);
      await w.rescan();
    }
    expect(arrivals).toEqual([]);
    await step(10_000);
    expect(arrivals).toEqual(['r1']);
  });

  it('a new file after the run starts another run; files present at start count as arrived', async () => {
    await mkdir(join(root, 'n'));
    await writeFile(join(root, 'n', 'n0.csv'), 'h\n');
    await old(join(root, 'n', 'n0.csv'));
    const { w, step, arrivals } = make([target('r1', 'n', 'n', true)], { quietMs: 1000, liveWatchLimit: -1 });
    await w.start();
    await step(1000);
    expect(arrivals).toEqual(['r1']);
    await writeFile(join(root, 'n', 'n1.csv'), 'h\n');
    await w.rescan();
    await step(5000);
    expect(arrivals).toEqual(['r1', 'r1']);
  });

  it('a refused request (queue busy) is retried later, still once', async () => {
    await mkdir(join(root, 'busy'));
    await writeFile(join(root, 'busy', 'q1.csv'), 'h\n');
    await old(join(root, 'busy', 'q1.csv'));
    let accept = false;
    const asked: string[] = [];
    const { w, step } = make([target('r1', 'busy', 'q', true)], {
      quietMs: 1000, arrivalRetryMs: 30_000, liveWatchLimit: -1,
      onArrival: (key) => { asked.push(key); return accept; },
    });
    await w.start();
    await step(1000);
    expect(asked).toEqual(['r1']);
    accept = true;
    await step(30_000);
    expect(asked).toEqual(['r1', 'r1']);
    await step(120_000);
    expect(asked).toHaveLength(2);
  });

  it('a file another program holds (Excel) is left out until it is released; the others go at once', async () => {
    await mkdir(join(root, 'lk'));
    await writeFile(join(root, 'lk', 'lk_free.csv'), 'h\n');
    await writeFile(join(root, 'lk', 'lk_open.csv'), 'h\n');
    await old(join(root, 'lk', 'lk_free.csv'));
    await old(join(root, 'lk', 'lk_open.csv'));
    const locked = new Set([join(root, 'lk', 'lk_open.csv')]);
    const opener = async (path: string) => {
      if (locked.has(path)) throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
    };
    const judged: string[] = [];
    const { w, step, arrivals } = make([target('r1', 'lk', 'lk', true)], {
      quietMs: 1000, rescanIntervalMs: 60_000, liveWatchLimit: -1, opener,
      judge: async ({ fileName, bytes }) => { judged.push(fileName); return { verdict: 'ok', encoding: 'utf8', lines: 1, bytes, parts: 1 }; },
    });
    await w.start();
    await step(1000);
    expect(arrivals).toEqual(['r1']);
    expect(judged).toEqual(['lk_free.csv']); // never read while held
    const open = w.waitingFiles()[0]!.files.find((f) => f.fileName === 'lk_open.csv')!;
    expect(open).toMatchObject({ stable: false, verdict: null });
    await step(60_000); // still held at the next rescan: nothing new
    expect(arrivals).toEqual(['r1']);
    locked.clear(); // Excel closed: same size, same mtime
    await step(60_000);
    await step(1000);
    expect(arrivals).toEqual(['r1', 'r1']);
    expect(w.waitingFiles()[0]!.files.find((f) => f.fileName === 'lk_open.csv')!.stable).toBe(true);
  });

  it('settings that are not ファイル配置時 never start runs', async () => {
    await mkdir(join(root, 'm'));
    await writeFile(join(root, 'm', 'm1.csv'), 'h\n');
    const { w, step, arrivals } = make([target('r1', 'm', 'm', false)], { liveWatchLimit: -1 });
    await w.start();
    await step(600_000);
    expect(arrivals).toEqual([]);
  });
});

describe('folder watcher: nothing silent', () => {
  it('lists, per setting, the files it will not send and why; a link is never taken for a file', async () => {
    await mkdir(join(root, 'billdata'));
    const put = async (name: string, ageMs: number) => {
      await writeFile(join(root, 'billdata', name), 'x');
      const t = new Date(Date.now() - ageMs);
      await utimes(join(root, 'billdata', name), t, t);
    };
    await put('billdata_1130.csv', 60_000);
    await put('請求データ_1130.csv', 10_000);
    await put('billdata.CSV.txt', 20_000);
    await put('~$billdata_1201.csv', 30_000);
    await put('billdata_1201.csv.part', 40_000);
    await put('desktop.ini', 5_000);
    await mkdir(join(root, 'billdata', '処理済み'));
    const { symlink } = await import('node:fs/promises');
    await symlink(join(root, 'billdata', '請求データ_1130.csv'), join(root, 'billdata', 'link_to_bills.csv'));
    const { w } = make([target('r1', 'billdata', 'billdata'), target('r2', 'billdata', 'link_')], { liveWatchLimit: -1 });
    await w.start();
    const bills = w.waitingFiles().find((g) => g.target === 'r1')!;
    expect(bills.files.map((f) => f.fileName)).toEqual(['billdata_1130.csv']);
    // Newest first: what the clerk just exported leads. The link is r2's by name, so r1 does not list it.
    expect(bills.ignored.map((i) => [i.fileName, i.reason])).toEqual([
      ['請求データ_1130.csv', 'other-prefix'],
      ['billdata.CSV.txt', 'not-csv'],
      ['~$billdata_1201.csv', 'temporary'],
      ['billdata_1201.csv.part', 'temporary'],
    ]);
    expect(bills.ignoredTotal).toBe(4);
    const links = w.waitingFiles().find((g) => g.target === 'r2')!;
    const linkTaken = links.files.some((f) => f.fileName === 'link_to_bills.csv');
    // Whatever the files module decides about links, the list says the same: sent, or listed as a link.
    expect(linkTaken || links.ignored.some((i) => i.fileName === 'link_to_bills.csv' && i.reason === 'link')).toBe(true);
  });

  it('a file dropped later with the wrong name is listed as ignored without waiting for a rescan', async () => {
    await mkdir(join(root, 'ev2'));
    const { w } = make([target('r1', 'ev2', 'billdata')], { rescanIntervalMs: 3_600_000 });
    await w.start();
    await writeFile(join(root, 'ev2', '請求データ_1130.csv'), 'x');
    await vi.waitFor(() => expect(w.waitingFiles()[0]!.ignored.map((i) => [i.fileName, i.reason])).toEqual([['請求データ_1130.csv', 'other-prefix']]), { timeout: 20_000, interval: 50 });
  });

  it('a folder crowded with files no setting takes is watched for the names it takes: a new export is listed at once', async () => {
    await mkdir(join(root, 'erp'));
    for (let i = 0; i < 8; i++) await writeFile(join(root, 'erp', `erp_log_${i}.txt`), 'x');
    const { w } = make([target('r1', 'erp', 'billdata')], { rescanIntervalMs: 3_600_000, liveWatchLimit: 5 });
    await w.start();
    expect(w.waitingFiles()[0]!.ignoredTotal).toBe(8);
    await writeFile(join(root, 'erp', 'billdata_1130.csv'), 'h\n1\n');
    await vi.waitFor(() => expect(names(w, 'r1')).toEqual(['billdata_1130.csv']), { timeout: 20_000, interval: 50 });
  });

  it('a setting’s folder the clerk creates later is listed at once, not at the next rescan', async () => {
    const { w } = make([target('customers', 'kokyaku', 'k'), target('r1', 'later', 'x')], { rescanIntervalMs: 3_600_000 });
    await mkdir(join(root, 'kokyaku'));
    await w.start();
    expect(w.waitingFiles().find((x) => x.target === 'r1')!.folderProblem).toContain('フォルダが見つかりません');
    await mkdir(join(root, 'later'));
    await vi.waitFor(() => expect(w.waitingFiles().find((x) => x.target === 'r1')!.folderProblem).toBeNull(), { timeout: 20_000, interval: 50 });
    // And from then on it is watched: a file dropped into it shows up by its event.
    await writeFile(join(root, 'later', 'x1.csv'), 'a');
    await vi.waitFor(() => expect(names(w, 'r1')).toEqual(['x1.csv']), { timeout: 20_000, interval: 50 });
  });
});

describe('folder watcher: timer findings', () => {
  it('a file whose modified time lies 2 s ahead is sent when it has been still, not after a whole new quiet window (finding 3)', async () => {
    await mkdir(join(root, 'nas'));
    const clock = new ManualClock(new Date());
    const file = join(root, 'nas', 'f1.csv');
    await writeFile(file, 'h\n');
    // A network drive whose clock runs ahead: at the decisive look (5 s) the time is still 2 s away.
    const ahead = new Date(clock.now().getTime() + 7000);
    await utimes(file, ahead, ahead);
    const { w, step, arrivals } = make([target('r1', 'nas', 'f', true)], { quietMs: 5000, stableMs: 3000, liveWatchLimit: -1 }, clock);
    await w.start();
    await step(5000);
    expect(arrivals).toEqual([]);
    await step(2900);
    expect(arrivals).toEqual([]);
    await step(100); // 8 s: still for 3 s since it was first seen at 5 s
    expect(arrivals).toEqual(['r1']);
  });

  it('after the wall clock is set back an hour, a settling file still turns stable and gets its verdict within seconds (finding 4)', async () => {
    await mkdir(join(root, 'back'));
    const clock = new SkewedClock(new Date());
    await writeFile(join(root, 'back', 'b1.csv'), 'h\n1\n');
    const judged: string[] = [];
    const judge: VerdictJudge = async ({ fileName, bytes }) => {
      judged.push(fileName);
      return { verdict: 'ok', encoding: 'utf8', lines: 1, bytes, parts: 1 };
    };
    const { w, step } = make([target('r1', 'back', 'b')], { stableMs: 3000, judge, liveWatchLimit: -1 }, clock);
    await w.start();
    expect(w.waitingFiles()[0]!.files[0]!.stable).toBe(false);
    await step(1000);
    clock.stepWallClock(-3600_000);
    await step(2000); // the settle timer armed before the step runs now
    expect(w.waitingFiles()[0]!.files[0]!.stable).toBe(true);
    // Nothing waits anywhere near as long as the jump.
    expect(Math.max(...clock.pendingDelays())).toBeLessThanOrEqual(180_000 /* the periodic rescan */);
    for (let i = 0; i < 6 && judged.length === 0; i++) await step(1000);
    expect(judged).toEqual(['b1.csv']);
    expect(w.waitingFiles()[0]!.files[0]).toMatchObject({ stable: true, verdict: { verdict: 'ok' } });
  });

  it('a file Excel held is looked at again within seconds of being closed, not at the next rescan (finding 5)', async () => {
    await mkdir(join(root, 'xl'));
    await writeFile(join(root, 'xl', 'xl_1.csv'), 'h\n');
    await old(join(root, 'xl', 'xl_1.csv'));
    let held = true;
    const opener = async () => {
      if (held) throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
    };
    const { w, step, arrivals } = make([target('r1', 'xl', 'xl', true)], { quietMs: 1000, liveWatchLimit: -1, opener });
    await w.start();
    await step(1000);
    expect(arrivals).toEqual([]);
    expect(w.waitingFiles()[0]!.files[0]).toMatchObject({ stable: false, locked: expect.stringContaining('Excelなどで開かれています') });
    held = false; // closed: same size, same time — no event, no change
    await step(15_000);
    expect(arrivals).toEqual(['r1']);
    expect(w.waitingFiles()[0]!.files[0]).toMatchObject({ stable: true, locked: null });
  });
});

describe('folder watcher: a document run waits for its customer file', () => {
  /** A customer folder and a ファイル配置時 document folder; quiet 5 s, still 3 s, companion window 30 s. */
  async function customersAndDocuments() {
    await mkdir(join(root, 'kokyaku'));
    await mkdir(join(root, 'seikyu'));
    const made = make([target('customers', 'kokyaku', 'kokyaku'), target('r1', 'seikyu', 'seikyu', true)], {
      quietMs: 5000, stableMs: 3000, companionMs: 30_000, liveWatchLimit: -1,
    });
    await made.w.start();
    return made;
  }

  it('a document file dropped 10 s before its customer file starts no run until the customer file is still; then one run', async () => {
    const { w, step, arrivals } = await customersAndDocuments();
    await writeFile(join(root, 'seikyu', 'seikyu_1130.csv'), 'h\n1\n');
    await w.rescan();
    await step(10_000);
    expect(arrivals).toEqual([]);
    // The exporter writes the customer master now, in pages, until 29 s.
    await writeFile(join(root, 'kokyaku', 'kokyaku_1130.csv'), 'h\n');
    await w.rescan();
    for (let t = 10; t < 29; t += 3) {
      await step(3000);
      await appendFile(join(root, 'kokyaku', 'kokyaku_1130.csv'), `${t}\n`);
      await w.rescan();
    }
    await step(3000); // 31 s: past the companion window, but the customer file changed 2 s ago
    expect(arrivals).toEqual([]);
    await step(10_000);
    expect(arrivals).toEqual(['r1']);
    await step(120_000);
    expect(arrivals).toEqual(['r1']);
  });

  it('a customer file written just before the documents: no companion wait, one run once both are still', async () => {
    const { w, step, arrivals } = await customersAndDocuments();
    await writeFile(join(root, 'kokyaku', 'kokyaku_1130.csv'), 'h\n1\n');
    await w.rescan();
    await step(2000);
    await writeFile(join(root, 'seikyu', 'seikyu_1130.csv'), 'h\n1\n');
    await w.rescan();
    await step(5000);
    expect(arrivals).toEqual(['r1']);
  });

  it('without a customer file the document run still goes, after the companion window', async () => {
    const { w, step, arrivals } = await customersAndDocuments();
    await writeFile(join(root, 'seikyu', 'seikyu_1130.csv'), 'h\n1\n');
    await w.rescan();
    await step(29_000);
    expect(arrivals).toEqual([]);
    await step(2000);
    expect(arrivals).toEqual(['r1']);
  });
});

describe('watchTargetsFromSettings', () => {
  it('customers and every report, at <root>/<folder>, arrival from the timing', () => {
    const targets = watchTargetsFromSettings({
      agent: { root: '/data' },
      customers: { settingId: null, folder: 'kokyaku', filePrefix: 'k', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
      reports: [
        { id: 'a', name: 'A', reportTypeId: 1, folder: 'seikyu', filePrefix: 's', firstLine: 'read', approve: false, approvalFlowId: null, timing: { mode: 'arrival' } },
        { id: 'b', name: 'B', reportTypeId: 2, folder: 'nohin', filePrefix: 'n', firstLine: 'skip', approve: false, approvalFlowId: null, timing: { mode: 'manual' } },
      ],
    });
    expect(targets.map((t) => [t.key, t.folderPath, t.kind, t.hasHeader, t.arrival, t.waitsFor])).toEqual([
      ['customers', join('/data', 'kokyaku'), 'customers', true, false, []],
      ['a', join('/data', 'seikyu'), 'report', false, true, ['customers']],
      ['b', join('/data', 'nohin'), 'report', true, false, []],
    ]);
  });
});

describe('preflightJudge (the default verdict)', () => {
  it('gives the pre-flight verdict of a real file, and unreadable for a missing one', async () => {
    const { preflightJudge } = await import('./preflight-judge');
    await mkdir(join(root, 'j'));
    await writeFile(join(root, 'j', 'ok.csv'), '顧客コード,顧客名\r\nC001,テスト\r\n');
    const ok = await preflightJudge({ key: 'customers', path: join(root, 'j', 'ok.csv'), fileName: 'ok.csv', kind: 'customers', hasHeader: true, bytes: 0 });
    expect(ok).toMatchObject({ verdict: 'ok', encoding: 'utf8', lines: 1, parts: 1 });
    const gone = await preflightJudge({ key: 'customers', path: join(root, 'j', 'gone.csv'), fileName: 'gone.csv', kind: 'customers', hasHeader: true, bytes: 0 });
    expect(gone.verdict).toBe('unreadable');
    if (gone.verdict === 'unreadable') expect(gone.message).toContain('gone.csv');
  });
});
