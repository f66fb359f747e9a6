// The one-time move of the state out of the old single folder: complete, verified, and safe when
// cut off at any step — in-process at every step, and by a real SIGKILL at the riskiest ones.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../instance-lock/data-dir-lock';
import { defaultDataLayout, type DataLayout } from './data-paths';
import { MOVE_MARKER, settleDataFolders, type MoveStep, type Settled } from './data-move';

const work: string[] = [];
afterEach(() => {
  for (const w of work.splice(0)) rmSync(w, { recursive: true, force: true });
});

interface Fixture {
  readonly home: string;
  readonly layout: DataLayout;
  readonly legacy: string;
  /** Every state file of the old folder, by path relative to it, with its bytes. */
  readonly original: Map<string, Buffer>;
}

const CONFIG_FILES = ['settings.json', 'api-token.json'];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) out.push(...listFiles(p));
    else if (name.isFile()) out.push(p);
  }
  return out;
}

/** An old single folder as the tray app before the split left it: a history with rows still in its -wal. */
function oldFolder(): Fixture {
  const home = mkdtempSync(join(tmpdir(), 'meisai-move-'));
  work.push(home);
  const env = { XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state') };
  const layout = defaultDataLayout('linux', env, home);
  const legacy = layout.legacyDir!;
  mkdirSync(join(legacy, 'logs'), { recursive: true });
  writeFileSync(join(legacy, 'settings.json'), '{"version":1}');
  writeFileSync(join(legacy, 'api-token.json'), '{"encrypted":"x"}');
  const db = new Database(join(legacy, 'history.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE runs (id TEXT PRIMARY KEY, note TEXT)');
  const insert = db.prepare('INSERT INTO runs VALUES (?, ?)');
  for (let i = 0; i < 50; i++) insert.run(`run-${i}`, '請求書 '.repeat(20));
  // Copy while the connection is open so the committed rows live in history.db-wal, as after a crash.
  const snapshot = mkdtempSync(join(tmpdir(), 'meisai-move-db-'));
  work.push(snapshot);
  for (const f of ['history.db', 'history.db-wal', 'history.db-shm']) writeFileSync(join(snapshot, f), readFileSync(join(legacy, f)));
  db.close();
  for (const f of ['history.db', 'history.db-wal', 'history.db-shm']) writeFileSync(join(legacy, f), readFileSync(join(snapshot, f)));
  writeFileSync(join(legacy, 'logs', 'agent.log'), '{"msg":"ready"}\n'.repeat(100));
  writeFileSync(join(legacy, 'logs', 'agent.log.1'), '{"msg":"older"}\n');
  mkdirSync(join(legacy, 'staging', 'run-7'), { recursive: true });
  writeFileSync(join(legacy, 'staging', 'run-7', 'billdata_20261130.csv'), Buffer.from([0x90, 0xbf, 0x8b, 0x81, 0x0d, 0x0a]));
  mkdirSync(join(legacy, 'sent-ledger'), { recursive: true });
  writeFileSync(join(legacy, 'sent-ledger', 'bill.jsonl'), '{"sha256":"ab"}\n');
  mkdirSync(join(legacy, 'chromium', 'Cache'), { recursive: true });
  writeFileSync(join(legacy, 'chromium', 'Local State'), '{"os_crypt":{"encrypted_key":"RFBBUEk="}}');
  writeFileSync(join(legacy, 'chromium', 'Cache', 'data_1'), 'cache');
  // Chromium's single-instance links: not data, never copied.
  symlinkSync('host-1234', join(legacy, 'chromium', 'SingletonLock'));
  const original = new Map<string, Buffer>();
  for (const f of listFiles(legacy)) {
    const rel = relative(legacy, f).split(sep).join('/');
    if (!CONFIG_FILES.includes(rel)) original.set(rel, readFileSync(f));
  }
  return { home, layout, legacy, original };
}

/** Where each old file lives once moved (Linux layout). */
function newPathOf(fx: Fixture, rel: string): string {
  const { paths } = fx.layout;
  return rel.startsWith('logs/') ? join(paths.logDir, rel.slice(5)) : join(paths.dataDir, rel);
}

/** Every original file is whole wherever the folder in force says it is. */
function expectWholeWhereInForce(fx: Fixture, s: Settled): void {
  for (const [rel, bytes] of fx.original) {
    const at = s.kind === 'legacy' ? join(fx.legacy, rel) : newPathOf(fx, rel);
    expect(existsSync(at), `${rel} at ${at} (${s.kind})`).toBe(true);
    expect(readFileSync(at).equals(bytes), `${rel} intact (${s.kind})`).toBe(true);
  }
  // The configuration never moves.
  for (const f of CONFIG_FILES) expect(existsSync(join(fx.layout.paths.configDir, f))).toBe(true);
}

function expectMovedCompletely(fx: Fixture): void {
  expect(existsSync(join(fx.layout.paths.dataDir, MOVE_MARKER))).toBe(true);
  expectWholeWhereInForce(fx, { kind: 'split', paths: fx.layout.paths, moved: null, kept: [] });
  const left = listFiles(fx.legacy).map((f) => relative(fx.legacy, f).split(sep).join('/')).sort();
  expect(left).toEqual([...CONFIG_FILES].sort());
  const db = new Database(fx.layout.paths.historyDb, { readonly: true });
  try {
    expect((db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n).toBe(50);
  } finally {
    db.close();
  }
}

class Cut extends Error {}

/** The steps a whole move goes through, in order. */
function allSteps(): MoveStep[] {
  const fx = oldFolder();
  const steps: MoveStep[] = [];
  settleDataFolders({ layout: fx.layout, platform: 'linux', move: true, checkpoint: (s) => steps.push(s) });
  return steps;
}

describe('settleDataFolders', () => {
  it('starts a new installation in the split folders and remembers that', () => {
    const home = mkdtempSync(join(tmpdir(), 'meisai-move-'));
    work.push(home);
    const layout = defaultDataLayout('linux', {}, home);
    const s = settleDataFolders({ layout, platform: 'linux', move: true });
    expect(s).toEqual({ kind: 'split', paths: layout.paths, moved: null, kept: [] });
    expect(existsSync(join(layout.paths.dataDir, MOVE_MARKER))).toBe(true);
  });

  it('keeps one folder for MEISAI_DATA_DIR', () => {
    const layout = defaultDataLayout('win32', { MEISAI_DATA_DIR: 'D:\\portable' }, 'C:\\Users\\k');
    expect(settleDataFolders({ layout, platform: 'win32', move: true })).toEqual({ kind: 'single', paths: layout.paths });
  });

  it('moves history (with its -wal), logs, staging, the sent ledger and Chromium profile; the settings stay', () => {
    const fx = oldFolder();
    const s = settleDataFolders({ layout: fx.layout, platform: 'linux', move: true });
    expect(s.kind).toBe('split');
    expect(s.kind === 'split' && s.moved?.files).toBe(fx.original.size);
    expectMovedCompletely(fx);
    // A second start finds the move done and does nothing.
    expect(settleDataFolders({ layout: fx.layout, platform: 'linux', move: true })).toEqual({ kind: 'split', paths: fx.layout.paths, moved: null, kept: [] });
  });

  it('lets readers use the old folder until the move was made, without moving anything', () => {
    const fx = oldFolder();
    const s = settleDataFolders({ layout: fx.layout, platform: 'linux', move: false });
    expect(s.kind).toBe('legacy');
    expect(s.paths.historyDb).toBe(join(fx.legacy, 'history.db'));
    expect(existsSync(fx.layout.paths.dataDir)).toBe(false);
  });

  it('leaves the old folder in force while another agent holds it', () => {
    const fx = oldFolder();
    const held = acquireDataDirLock(fx.legacy, 'meisai-connector agent', { pid: 999_999, isAlive: () => true });
    expect(held.ok).toBe(true);
    const s = settleDataFolders({ layout: fx.layout, platform: 'linux', move: true, lock: { isAlive: () => true } });
    expect(s.kind).toBe('legacy');
    expect(s.kind === 'legacy' && s.reason).toMatch(/held/);
    expectWholeWhereInForce(fx, s);
  });

  it('loses nothing when cut off at any step, and finishes at the next start', () => {
    const steps = allSteps();
    expect(steps).toContain('recorded');
    expect(steps.filter((s) => s.startsWith('copied:')).length).toBeGreaterThan(5);
    for (const at of steps) {
      const fx = oldFolder();
      expect(() =>
        settleDataFolders({
          layout: fx.layout,
          platform: 'linux',
          move: true,
          checkpoint: (s) => {
            if (s === at) throw new Cut(at);
          },
        }),
      ).not.toThrow();
      // What a reader sees right after the cut: one complete set of files, old or new.
      const inForce = settleDataFolders({ layout: fx.layout, platform: 'linux', move: false });
      const committed = steps.indexOf(at) >= steps.indexOf('recorded');
      expect(inForce.kind, `cut at ${at}`).toBe(committed ? 'split' : 'legacy');
      expectWholeWhereInForce(fx, inForce);
      // The next start completes the move.
      expect(settleDataFolders({ layout: fx.layout, platform: 'linux', move: true }).kind).toBe('split');
      expectMovedCompletely(fx);
    }
  });

  it('never replays a stale -wal copied by a cut-off attempt onto a newer history.db', () => {
    const fx = oldFolder();
    settleDataFolders({
      layout: fx.layout,
      platform: 'linux',
      move: true,
      checkpoint: (s) => {
        if (s === 'copied:history.db-wal') throw new Cut(s);
      },
    });
    // The old version runs once more before the next attempt: it checkpoints and drops the -wal.
    const db = new Database(join(fx.legacy, 'history.db'));
    db.prepare("INSERT INTO runs VALUES ('run-late', 'after the cut')").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.close();
    expect(existsSync(join(fx.legacy, 'history.db-wal'))).toBe(false);
    expect(settleDataFolders({ layout: fx.layout, platform: 'linux', move: true }).kind).toBe('split');
    expect(existsSync(`${fx.layout.paths.historyDb}-wal`)).toBe(false);
    const moved = new Database(fx.layout.paths.historyDb, { readonly: true });
    try {
      expect((moved.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n).toBe(51);
    } finally {
      moved.close();
    }
  });

  it('keeps an old file that changed after the copy was recorded, and says so', () => {
    const fx = oldFolder();
    settleDataFolders({
      layout: fx.layout,
      platform: 'linux',
      move: true,
      checkpoint: (s) => {
        if (s === 'recorded') throw new Cut(s);
      },
    });
    writeFileSync(join(fx.legacy, 'logs', 'agent.log'), 'written by an older version after the move\n');
    const s = settleDataFolders({ layout: fx.layout, platform: 'linux', move: true });
    expect(s.kind === 'split' && s.kept).toEqual(['logs/agent.log']);
    expect(readFileSync(join(fx.legacy, 'logs', 'agent.log'), 'utf8')).toMatch(/older version/);
    expect(existsSync(join(fx.legacy, 'history.db'))).toBe(false);
  });
});

describe('settleDataFolders killed for real (SIGKILL)', () => {
  const CHILD = join(import.meta.dirname, 'test-support', 'data-move-child.ts');

  function killedAt(fx: Fixture, step: MoveStep): Promise<number | null> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ layout: fx.layout, killAt: step })], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolvePromise(null);
        else reject(new Error(`child exited ${code}: ${stderr}`));
      });
    });
  }

  for (const step of ['copied:history.db-wal', 'synced', 'recorded', 'removed:history.db-wal'] as const) {
    it(`at ${step}: one complete set in force, and the next start completes the move`, async () => {
      const fx = oldFolder();
      await killedAt(fx, step);
      const inForce = settleDataFolders({ layout: fx.layout, platform: 'linux', move: false });
      expectWholeWhereInForce(fx, inForce);
      // The dead process's agent.lock is taken over as stale.
      expect(settleDataFolders({ layout: fx.layout, platform: 'linux', move: true }).kind).toBe('split');
      expectMovedCompletely(fx);
      expect(statSync(fx.layout.paths.historyDb).size).toBe(fx.original.get('history.db')!.length);
    });
  }
});
