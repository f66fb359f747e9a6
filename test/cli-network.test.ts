// The CLI on an office network: 楽楽明細 reachable only through a forward proxy, behind TLS whose
// certificate a private CA signed (an office's TLS inspection does exactly this). Here the tenant
// host name leads nowhere but through the test's CONNECT proxy, which tunnels to a TLS front of the
// sandbox holding a certificate from a CA this test makes with openssl: `run` completes only when
// it honours the proxy (HTTPS_PROXY, or agent.proxyUrl) and the CA (NODE_EXTRA_CA_CERTS).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import got from 'got';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../electron/cli/cli-io';
import { main } from '../electron/cli/main';
import { agentsFor } from '../electron/core/engine/proxy';
import { SANDBOX_TOKEN } from '../electron/core/sandbox/sandbox-server';
import { startConnectProxy, type ConnectProxy } from './helpers/connect-proxy';
import { createFixture, fixtureSettings, type Fixture } from './helpers/runner-fixture';

const TENANT_HOST = 'rbsample.eco-serv.jp';
const TENANT_URL = `https://${TENANT_HOST}/sandbox/`;

let pki: string;
let caFile: string;
let serverKey: string;
let serverCert: string;

/** A private CA and a certificate for the tenant host signed by it (EC keys: quick to make). */
beforeAll(async () => {
  pki = await mkdtemp(join(tmpdir(), 'meisai-pki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Meisai Test Office CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${TENANT_HOST}`);
  await writeFile(join(pki, 'server.ext'), `subjectAltName=DNS:${TENANT_HOST}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  caFile = join(pki, 'ca.pem');
  serverKey = await readFile(join(pki, 'server.key'), 'utf8');
  serverCert = await readFile(join(pki, 'server.pem'), 'utf8');
});
afterAll(async () => {
  if (pki) await rm(pki, { recursive: true, force: true });
});

let front: NetServer | undefined;
const frontSockets = new Set<Socket>();
let proxy: ConnectProxy | undefined;
let fx: Fixture | undefined;
afterEach(async () => {
  await proxy?.close();
  for (const s of frontSockets) s.destroy();
  if (front) await new Promise((r) => front!.close(r));
  await fx?.close();
  front = proxy = fx = undefined;
});

/** The sandbox behind TLS with the private CA's certificate for the tenant host. */
async function tlsFront(sandboxPort: number): Promise<number> {
  const server = (front = tls.createServer({ key: serverKey, cert: serverCert }, (socket) => {
    const upstream = connect(sandboxPort, '127.0.0.1');
    for (const s of [socket, upstream]) {
      frontSockets.add(s);
      s.on('close', () => frontSockets.delete(s));
    }
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function office(): Promise<{ fixture: Fixture; proxyUrl: string; seen: readonly string[]; tokenFile: string }> {
  const fixture = (fx = await createFixture());
  await fixture.place('clientmaster', 'clientmaster_20261130.csv');
  await fixture.place('billdata', 'billdata_20261130.csv');
  const frontPort = await tlsFront(Number(new URL(fixture.sandbox.baseUrl()).port));
  // The office proxy: the tenant host is reachable only through its tunnel.
  proxy = await startConnectProxy((hostPort) => (hostPort === `${TENANT_HOST}:443` ? { host: '127.0.0.1', port: frontPort } : null));
  const { url: proxyUrl, seen } = proxy;
  const tokenFile = join(fixture.work, 'token.txt');
  await writeFile(tokenFile, `${SANDBOX_TOKEN}\n`);
  return { fixture, proxyUrl, seen, tokenFile };
}

async function configFile(fixture: Fixture, proxyUrl: string | null): Promise<string> {
  const settings = fixtureSettings(TENANT_URL, fixture.root);
  const file = join(fixture.work, 'settings.json');
  await writeFile(file, JSON.stringify({ ...settings, agent: { ...settings.agent, proxyUrl } }, null, 2));
  return file;
}

const runArgs = (file: string, tokenFile: string, fixture: Fixture) =>
  ['run', '--config', file, '--setting', '請求書', '--token-file', tokenFile, '--data-dir', join(fixture.work, 'cli-data')];

describe('run on an office network: proxy and private CA', () => {
  it('goes through HTTPS_PROXY and trusts NODE_EXTRA_CA_CERTS', async () => {
    const { fixture, proxyUrl, seen, tokenFile } = await office();
    const io = memoryIo({ HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: caFile });
    const code = await main(runArgs(await configFile(fixture, null), tokenFile, fixture), io);
    expect(code, io.err()).toBe(0);
    expect(io.out()).toContain('[成功] 請求書: 2件完了');
    expect(fixture.sandbox.imports().map((i) => i.kind)).toEqual(['customers', 'reports']);
    expect(new Set(seen)).toEqual(new Set([`CONNECT ${TENANT_HOST}:443`]));
    const log = await readFile(join(fixture.work, 'cli-data', 'logs', 'agent.log'), 'utf8');
    expect(log).toContain('システムのプロキシ（127.0.0.1:');
  });

  it("goes through Step 2's proxy (agent.proxyUrl) when the environment names none", async () => {
    const { fixture, proxyUrl, seen, tokenFile } = await office();
    const io = memoryIo({ NODE_EXTRA_CA_CERTS: caFile });
    const code = await main(runArgs(await configFile(fixture, proxyUrl), tokenFile, fixture), io);
    expect(code, io.err()).toBe(0);
    expect(fixture.sandbox.imports()).toHaveLength(2);
    expect(seen.length).toBeGreaterThan(0);
    const log = await readFile(join(fixture.work, 'cli-data', 'logs', 'agent.log'), 'utf8');
    expect(log).toContain('設定のプロキシ（http://127.0.0.1:');
  });

  it('is not trusted without the CA: the same tunnel fails the certificate check', async () => {
    const { proxyUrl, seen } = await office();
    const agents = agentsFor({ proxyUrl, description: 'test', source: 'settings' }, null);
    const failed = await got(`${TENANT_URL}api/v1/customers/?keyword=`, { agent: { https: agents?.https }, retry: { limit: 0 }, headers: { 'x-wb-apitoken': SANDBOX_TOKEN } }).then(
      () => null,
      (e: { code?: string }) => e.code ?? 'error',
    );
    expect(failed).toMatch(/CERT|UNABLE_TO_VERIFY|SELF_SIGNED/);
    expect(seen).toEqual([`CONNECT ${TENANT_HOST}:443`]);
  });
});
