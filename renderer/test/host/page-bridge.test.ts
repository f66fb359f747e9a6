// The browser tests' window.api is the preload's own: in Chromium, a page gets window.api from the
// bundled electron/preload/build-api.ts, a channel outside the contract is refused in the page without
// reaching main, an unknown event channel throws, contract channels and events pass (the payload only,
// never the IPC event), and the bundle the page runs carries no zod.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { installBridge, type BridgeHandle } from './page-bridge';
import { preloadBundle } from './preload-bundle';
import { serveStatic, type StaticServer } from './static-server';
import { CHROMIUM_PATH } from './window-session';

type Emit = <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;

let dir: string;
let server: StaticServer;
let browser: Browser;
let page: Page;
let bridge: BridgeHandle;
let emit: Emit = () => {};
const dispatched: { channel: string; payload: unknown; senderOk: boolean }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meisai-bridge-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bridge</title>');
  server = await serveStatic(dir);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage();
  bridge = await installBridge(
    page,
    async (channel, payload, senderOk) => {
      dispatched.push({ channel, payload, senderOk });
      return { ok: true, value: { echoed: channel } };
    },
    (listener) => {
      emit = listener;
      return () => {};
    },
  );
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the page bridge is the real preload', () => {
  it('refuses a channel outside the contract in the page: main never hears of it', async () => {
    const answer = await page.evaluate(() => (globalThis as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown> } }).api.invoke('fs:write', { path: '/etc/passwd' }));
    expect(answer).toMatchObject({ ok: false, error: { code: 'ipc.unknown-channel', message: '内部エラー: 不明な操作です。' } });
    expect(bridge.invoked).not.toContain('fs:write');
    expect(dispatched.map((d) => d.channel)).not.toContain('fs:write');
  });

  it('throws for an event channel outside the contract', async () => {
    const thrown = await page.evaluate(() => {
      try {
        (globalThis as unknown as { api: { on(c: string, l: () => void): unknown } }).api.on('ipc:raw', () => {});
        return null;
      } catch (e) {
        return String(e);
      }
    });
    expect(thrown).toMatch(/unknown event channel: ipc:raw/);
  });

  it('passes contract channels to main from our own frame, and hands the page only the payload', async () => {
    const answer = await page.evaluate(() => (globalThis as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown> } }).api.invoke('history:get', { runId: 'r1' }));
    expect(answer).toEqual({ ok: true, value: { echoed: 'history:get' } });
    expect(dispatched.at(-1)).toEqual({ channel: 'history:get', payload: { runId: 'r1' }, senderOk: true });

    await page.evaluate(() => {
      const g = globalThis as unknown as { api: { on(c: string, l: (...args: unknown[]) => void): () => void }; got: unknown[][] };
      g.got = [];
      g.api.on('agent:status', (...args) => g.got.push(args));
    });
    emit('agent:status', { agent: { state: 'idle' }, nextRuns: [], attention: 0 });
    await bridge.flush();
    expect(await page.evaluate(() => (globalThis as unknown as { got: unknown[][] }).got)).toEqual([[{ agent: { state: 'idle' }, nextRuns: [], attention: 0 }]]);
  });

  it('window.api cannot be replaced by the page', async () => {
    const replaced = await page.evaluate(() => {
      const g = globalThis as unknown as { api: unknown };
      try {
        g.api = { invoke: () => 'forged' };
      } catch {
        // strict-mode pages throw; either way the api must stay
      }
      return typeof (g.api as { invoke?: unknown }).invoke === 'function' && (g.api as { on?: unknown }).on !== undefined;
    });
    expect(replaced).toBe(true);
  });

  it('bundles no zod: the preload takes its channel names from the zod-free list', async () => {
    const code = await preloadBundle();
    expect(code).toContain('settings:save');
    expect(code).not.toMatch(/zod|ZodError|safeParse/);
  });
});
