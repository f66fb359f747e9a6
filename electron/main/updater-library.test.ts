// The real electron-updater (NsisUpdater, the Windows updater), driven in plain Node against a local
// static HTTP server that serves what IT copies to the office web server: latest.yml, written as
// electron-builder writes it with the installer's sha512, and the installer. The update controller
// sits on top, as in the app. Only Electron's own pieces are replaced: the app adapter (version,
// folders, the app-update.yml electron-builder writes from `publish`) and the HTTP executor (Node's
// http instead of Electron's net). Checks: a newer version is found and downloaded; a download
// whose sha512 differs from latest.yml is refused; the same version is "up to date".
import { createHash, randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { publishFromEnv } from '../../scripts/dist-config';
import { systemClock } from '../core/ports/clock';
import { MemoryLogger } from '../core/ports/logger';
import type { NotificationText } from './notification-text';
import { configureUpdater } from './update-feed';
import { createUpdateController, fileMarksStore, type UpdateState } from './updater';

/** Node's http where Electron's net would be: the library's download, redirect and sha512 code runs unchanged. */
class NodeHttpExecutor extends ElectronHttpExecutor {
  constructor() {
    super(() => undefined);
  }
  // Electron's ClientRequest type; Node's request offers what the library's download code calls.
  override createRequest(options: Record<string, unknown>, callback: (response: unknown) => void): ReturnType<ElectronHttpExecutor['createRequest']> {
    return request(options as never, callback) as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
}

interface Published {
  readonly server: Server;
  readonly url: string;
  readonly requests: string[];
  readonly installer: Buffer;
  close(): Promise<void>;
}

const INSTALLER = (v: string) => `meisai-connector-${v}-win-x64.exe`;
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

/** The release folder as `npm run dist` leaves it, served over HTTP; `sha512Of` lets a test lie in latest.yml. */
async function publish(dir: string, version: string, sha512Of: (installer: Buffer) => string = sha512): Promise<Published> {
  const installer = randomBytes(256 * 1024);
  const root = join(dir, 'www', 'meisai');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, INSTALLER(version)), installer);
  const latest = stringify({
    version,
    files: [{ url: INSTALLER(version), sha512: sha512Of(installer), size: installer.length }],
    path: INSTALLER(version),
    sha512: sha512Of(installer),
    releaseDate: '2026-12-01T00:00:00.000Z',
  });
  // Windows asks for latest.yml; this test runs on Linux, where the library's generic provider asks
  // for latest-linux.yml: the same file under both names.
  writeFileSync(join(root, 'latest.yml'), latest);
  writeFileSync(join(root, 'latest-linux.yml'), latest);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const file = join(dir, 'www', ...path.split('/').filter((p) => p !== '' && p !== '..'));
    if (!existsSync(file) || !file.startsWith(join(dir, 'www'))) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    url: `http://127.0.0.1:${port}/meisai/`,
    requests,
    installer,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function appFor(dir: string, feedUrl: string): AppAdapter {
  // What electron-builder writes into resources/app-update.yml from `publish` (scripts/dist-config.ts).
  const choice = publishFromEnv({ MEISAI_UPDATE_URL: feedUrl, MEISAI_UPDATE_ALLOW_HTTP: '1' });
  if (!choice.ok || choice.publish === null) throw new Error('no publish config');
  const configFile = join(dir, 'resources', 'app-update.yml');
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(configFile, stringify({ ...choice.publish, updaterCacheDirName: 'meisai-connector-updater' }));
  return {
    version: '0.1.0',
    name: 'meisai-connector',
    isPackaged: true,
    appUpdateConfigPath: configFile,
    userDataPath: join(dir, 'userData'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

/** The controller on the real library; resolves when the state settles on one of `until`. */
async function checkAgainst(published: Published, dir: string, until: readonly UpdateState['kind'][]) {
  const logger = new MemoryLogger();
  const updater = new NsisUpdater(null, appFor(dir, published.url));
  (updater as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  configureUpdater(updater, logger);
  const notes: NotificationText[] = [];
  let settled: (s: UpdateState) => void = () => undefined;
  const done = new Promise<UpdateState>((r) => (settled = r));
  const controller = createUpdateController({
    updater,
    currentVersion: '0.1.0',
    busy: () => false,
    agentStarted: () => true,
    marks: fileMarksStore(join(dir, 'state', 'update.json'), logger),
    notify: (t) => void notes.push(t),
    changed: () => {
      const s = controller.view().state;
      if (until.includes(s.kind)) settled(s);
    },
    quit: async () => undefined,
    clock: systemClock,
    logger,
  });
  cleanup.push(() => controller.dispose());
  await controller.check({ manual: true });
  const state = await done;
  return { state, notes, logger, cacheDir: join(dir, 'cache', 'meisai-connector-updater') };
}

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'updater-lib-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('electron-updater against a static server (real latest.yml)', () => {
  it('finds the newer version, downloads it and checks its sha512, then tells the clerk', async () => {
    const dir = workDir();
    const published = await publish(dir, '0.2.0');
    cleanup.push(() => published.close());
    const { state, notes, cacheDir } = await checkAgainst(published, dir, ['ready', 'failed']);
    expect(state).toEqual({ kind: 'ready', version: '0.2.0' });
    expect(published.requests).toContain('/meisai/latest-linux.yml');
    expect(published.requests).toContain(`/meisai/${INSTALLER('0.2.0')}`);
    const downloaded = join(cacheDir, 'pending', INSTALLER('0.2.0'));
    expect(readFileSync(downloaded).equals(published.installer)).toBe(true);
    expect(notes.map((n) => n.title)).toEqual(['明細コネクタ: 更新の準備ができました（バージョン 0.2.0）']);
  });

  it('refuses an installer whose sha512 is not the one latest.yml gives', async () => {
    const dir = workDir();
    const published = await publish(dir, '0.2.0', () => sha512(Buffer.from('another build')));
    cleanup.push(() => published.close());
    const { state, notes, cacheDir } = await checkAgainst(published, dir, ['ready', 'failed']);
    expect(state.kind).toBe('failed');
    expect(state.kind === 'failed' && state.message).toMatch(/sha512 checksum mismatch/);
    expect(published.requests).toContain(`/meisai/${INSTALLER('0.2.0')}`);
    // Nothing is left to install.
    const pending = join(cacheDir, 'pending');
    expect(existsSync(pending) ? readdirSync(pending).filter((f) => f.endsWith('.exe')) : []).toEqual([]);
    expect(notes.at(-1)?.body).toMatch(/更新を確認できませんでした/);
  });

  it('says the running version is up to date', async () => {
    const dir = workDir();
    const published = await publish(dir, '0.1.0');
    cleanup.push(() => published.close());
    const { state, notes } = await checkAgainst(published, dir, ['idle', 'failed']);
    expect(state.kind).toBe('idle');
    expect(published.requests.some((p) => p.endsWith('.exe'))).toBe(false);
    expect(notes.at(-1)?.body).toMatch(/最新です/);
  });
});
