// A file written while a folder's watch is still opening raises no event: chokidar takes what is
// there when it starts as already known (ignoreInitial). On a clerk's PC that is the moment the
// folder appears (created by hand, a share mounted) or the agent starts — and the export lands in
// it at once. The file must still be listed now, not at the rescan minutes later. The adapter (handed
// in, as every collaborator is) is held here at exactly that moment, so the gap is not left to luck.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../ports/clock';
import { MemoryLogger } from '../ports/logger';
import { watchFolder, watchRoot, type FolderWatch } from './chokidar-adapter';
import { createFolderWatcher, type FolderWatcher } from './folder-watcher';
import type { WatchAdapter } from './watcher-state';

/** While a gate is set, a watch of that kind starts only when the test lets it. */
const hold: { folder: Promise<void> | null; root: Promise<void> | null; asked: string[] } = { folder: null, root: null, asked: [] };

/** A watch whose start waits for `gate`, as a slow share or a busy PC makes it. */
function heldWatch(gate: Promise<void>, open: () => FolderWatch): FolderWatch {
  const started = gate.then(open);
  return { ready: started.then((w) => w.ready), close: () => started.then((w) => w.close()) };
}

/** chokidar's watches, each started only once its gate (if any) opens. */
const heldAdapter: WatchAdapter = {
  watchFolder: (options, events) => {
    hold.asked.push(`folder ${options.path}`);
    const gate = hold.folder;
    return gate === null ? watchFolder(options, events) : heldWatch(gate, () => watchFolder(options, events));
  },
  watchRoot: (options, events) => {
    hold.asked.push(`root ${options.path}`);
    const gate = hold.root;
    return gate === null ? watchRoot(options, events) : heldWatch(gate, () => watchRoot(options, events));
  },
};

const gate = (): { promise: Promise<void>; release: () => void } => {
  let release!: () => void;
  const promise = new Promise<void>((done) => { release = done; });
  return { promise, release };
};

let root: string;
let watcher: FolderWatcher | null = null;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'meisai-watch-gap-'));
  hold.folder = null;
  hold.root = null;
  hold.asked = [];
});
afterEach(async () => {
  await watcher?.stop();
  watcher = null;
  await rm(root, { recursive: true, force: true });
});

const watcherFor = (folder: string) => createFolderWatcher({
  targets: [{ key: 'r1', folderPath: join(root, folder), prefix: 'billdata', kind: 'report', hasHeader: true, arrival: false, waitsFor: [] }],
  clock: new ManualClock(new Date()),
  logger: new MemoryLogger(),
  onArrival: () => true,
  rescanIntervalMs: 3_600_000,
  adapter: heldAdapter,
});

describe('folder watcher: the moment a watch opens', () => {
  it('a file written while the folder’s watch is opening is listed without waiting for a rescan', async () => {
    const folderGate = gate();
    hold.folder = folderGate.promise;
    await mkdir(join(root, 'billdata'));
    watcher = watcherFor('billdata');
    const started = watcher.start();
    await vi.waitFor(() => expect(hold.asked).toContain(`folder ${join(root, 'billdata')}`), { timeout: 20_000, interval: 10 });
    // Listed empty, the watch not yet started: the exporter writes now.
    await writeFile(join(root, 'billdata', 'billdata_1130.csv'), 'h\n1\n');
    folderGate.release();
    await started;
    await watcher.settled();
    expect(watcher.waitingFiles()[0]!.files.map((f) => f.fileName)).toEqual(['billdata_1130.csv']);
  });

  it('a setting’s folder created while the watch on ファイルの配置場所 is opening is listed without waiting for a rescan', async () => {
    const rootGate = gate();
    hold.root = rootGate.promise;
    watcher = watcherFor('billdata');
    const started = watcher.start();
    await vi.waitFor(() => expect(hold.asked).toContain(`root ${root}`), { timeout: 20_000, interval: 10 });
    expect(watcher.waitingFiles()[0]!.folderProblem).toContain('フォルダが見つかりません');
    await mkdir(join(root, 'billdata'));
    await writeFile(join(root, 'billdata', 'billdata_1130.csv'), 'h\n1\n');
    rootGate.release();
    await started;
    await vi.waitFor(() => expect(watcher!.waitingFiles()[0]!.files.map((f) => f.fileName)).toEqual(['billdata_1130.csv']), { timeout: 20_000, interval: 20 });
    expect(watcher.waitingFiles()[0]!.folderProblem).toBeNull();
  });
});
