import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import got from 'got';
import { afterEach, describe, expect, it } from 'vitest';
import { startConnectProxy } from '../../../test/helpers/connect-proxy';
import { agentsFor, chooseProxy, parseProxyAnswer, redactProxyUrl } from './proxy';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('proxy choice', () => {
  it('parses Chromium proxy answers', () => {
    expect(parseProxyAnswer('DIRECT')).toEqual([{ type: 'direct' }]);
    expect(parseProxyAnswer('PROXY proxy.corp:8080; DIRECT')).toEqual([
      { type: 'http', host: 'proxy.corp:8080', url: 'http://proxy.corp:8080' },
      { type: 'direct' },
    ]);
    expect(parseProxyAnswer('HTTPS secure.corp:443')).toEqual([{ type: 'https', host: 'secure.corp:443', url: 'https://secure.corp:443' }]);
    expect(parseProxyAnswer('SOCKS5 s:1080;PROXY p:3128')[0]).toEqual({ type: 'socks', host: 's:1080' });
  });

  it('prefers the Step 2 proxy URL, and says which proxy was used', async () => {
    const never = async () => { throw new Error('should not be asked'); };
    expect(await chooseProxy('https://rbsample.eco-serv.jp/abc/', 'http://user:pw@proxy.corp:8080', never)).toEqual({
      proxyUrl: 'http://user:pw@proxy.corp:8080',
      description: '設定のプロキシ（http://***@proxy.corp:8080）',
      source: 'settings',
    });
    expect(await chooseProxy('https://rbsample.eco-serv.jp/abc/', null, async () => 'PROXY proxy.corp:8080; DIRECT')).toEqual({
      proxyUrl: 'http://proxy.corp:8080',
      description: 'システムのプロキシ（proxy.corp:8080）',
      source: 'system',
    });
    expect((await chooseProxy('https://rbsample.eco-serv.jp/abc/', null, async () => 'DIRECT')).description).toBe('プロキシなし（システムの設定どおり直接接続）');
    expect((await chooseProxy('https://rbsample.eco-serv.jp/abc/', null, async () => 'SOCKS5 s:1080; DIRECT')).description).toContain('SOCKSプロキシには対応していない');
    expect((await chooseProxy('https://rbsample.eco-serv.jp/abc/', null, never)).source).toBe('direct');
    expect((await chooseProxy('https://rbsample.eco-serv.jp/abc/', null, null)).description).toBe('プロキシなし（直接接続）');
    // The sandbox on this PC never goes through a proxy.
    expect((await chooseProxy('http://127.0.0.1:4000/demo/', 'http://proxy.corp:8080', never)).proxyUrl).toBeNull();
    expect(redactProxyUrl('not a url')).toBe('not a url');
  });

  it('sends requests through the chosen proxy (a real forward proxy on loopback)', async () => {
    const target = createServer((req, res) => res.end(`target saw ${req.url}`));
    const targetPort = await listen(target);
    const proxy = await startConnectProxy();
    try {
      const agents = agentsFor({ proxyUrl: proxy.url, description: 'x', source: 'settings' }, null);
      const body = await got(`http://127.0.0.1:${targetPort}/abc/api/v1/customers/`, { agent: { http: agents?.http } }).text();
      expect(body).toBe('target saw /abc/api/v1/customers/');
      expect(proxy.seen).toEqual([`CONNECT 127.0.0.1:${targetPort}`]);
    } finally {
      await proxy.close();
    }
    expect(agentsFor({ proxyUrl: null, description: 'x', source: 'direct' }, null)).toBeUndefined();
    expect(agentsFor({ proxyUrl: null, description: 'x', source: 'direct' }, ['-----BEGIN CERTIFICATE-----'])?.https).toBeDefined();
  });
});
