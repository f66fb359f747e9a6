// The fault switches seen from outside with Node's fetch: a maintenance window read on the sandbox's
// own clock, Retry-After, imports held 'active' until released, and a crawling answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../ports/clock';
import { maintenanceNow, noFaults } from './sandbox-faults';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from './sandbox-server';

const clock = new ManualClock('2026-11-25T00:00:00.000Z');
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ importDelayMs: 0, rateLimitPerMinute: null, now: () => clock.now() });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.reset());

const get = (path: string) => fetch(new URL(path, sandbox.baseUrl()), { headers: { 'x-wb-apitoken': SANDBOX_TOKEN } });

async function importCustomers(): Promise<number> {
  const body = new FormData();
  body.append('json', JSON.stringify({ settingId: 1 }));
  body.append('files[0]', new Blob([readFileSync(join(import.meta.dirname, '../../../resources/samples/clientmaster_20261130.csv'))]), 'c.csv');
  const r = await fetch(new URL('api/v1/customers/imports', sandbox.baseUrl()), { method: 'POST', body, headers: { 'x-wb-apitoken': SANDBOX_TOKEN } });
  return ((await r.json()) as { importId: number }).importId;
}

describe('sandbox faults', () => {
  it('maintenance for a window of the sandbox\'s clock: 503 (with Retry-After) inside, answered outside', async () => {
    sandbox.faults.maintenanceWindow = { from: new Date('2026-11-25T00:00:10Z'), until: new Date('2026-11-25T00:00:55Z'), kind: '503' };
    sandbox.faults.retryAfter = '30';
    expect((await get('api/v1/customers/')).status).toBe(200);
    await clock.advance(10_000);
    const during = await get('api/v1/customers/');
    expect([during.status, during.headers.get('retry-after')]).toEqual([503, '30']);
    await clock.advance(45_000);
    expect((await get('api/v1/customers/')).status).toBe(200);
  });

  it('the HTML kind answers 200 with the maintenance page', () => {
    const f = { ...noFaults(), maintenanceWindow: { from: new Date(0), until: new Date(10), kind: 'html' as const } };
    expect(maintenanceNow(f, new Date(5))).toBe('html');
    expect(maintenanceNow(f, new Date(10))).toBeNull();
    expect(maintenanceNow({ ...f, maintenance: '503' }, new Date(50))).toBe('503');
  });

  it('holds an import active until released, then completes it', async () => {
    sandbox.faults.holdImports = true;
    const id = await importCustomers();
    const state = async () => ((await (await get(`api/v1/customers/imports/${id}/state`)).json()) as { processStatus: string }).processStatus;
    expect(await state()).toBe('active');
    expect(await state()).toBe('active');
    sandbox.releaseImports();
    expect(await state()).toBe('complete');
  });

  it('a crawling answer sends its headers at once and its body a byte at a time', async () => {
    sandbox.faults.crawl = { everyMs: 5 };
    const r = await get('api/v1/customers/');
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'success' });
    expect(sandbox.faultStats().answerBytesWritten).toBe(Buffer.byteLength(text));
  });

  it('reset ends a fault\'s wait: a request slowed by a latency switched off is answered as the sandbox is now', async () => {
    sandbox.faults.latencyMs = 3_600_000;
    const answer = get('api/v1/customers/');
    await new Promise((r) => setTimeout(r, 50)); // the request is in, waiting out the latency
    sandbox.reset();
    const r = await answer;
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'success' });
  });
});
