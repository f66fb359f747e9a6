// The CLI's system proxy from HTTPS_PROXY / NO_PROXY, as a table, and its way through chooseProxy.
import { describe, expect, it } from 'vitest';
import { bypassesProxy, environmentProxy } from './environment-proxy';
import { chooseProxy } from './proxy';

const API = 'https://rbsample.eco-serv.jp/abc1234/';

describe('the environment as the system proxy (the CLI)', () => {
  it.each([
    [{}, 'DIRECT'],
    [{ HTTPS_PROXY: 'http://proxy.corp:8080' }, 'PROXY proxy.corp:8080'],
    [{ https_proxy: 'http://lower.corp:3128', HTTPS_PROXY: 'http://upper.corp:8080' }, 'PROXY lower.corp:3128'],
    [{ HTTPS_PROXY: 'proxy.corp:8080' }, 'PROXY proxy.corp:8080'],
    [{ HTTPS_PROXY: 'http://proxy.corp' }, 'PROXY proxy.corp:80'],
    [{ HTTPS_PROXY: 'https://secure.corp' }, 'HTTPS secure.corp:443'],
    [{ HTTPS_PROXY: 'http://u%40x:p%3Aw@proxy.corp:8080' }, 'PROXY u%40x:p%3Aw@proxy.corp:8080'],
    [{ HTTPS_PROXY: 'http://[::1]:3128' }, 'PROXY [::1]:3128'],
    [{ HTTPS_PROXY: '   ' }, 'DIRECT'],
    // HTTP_PROXY is for http URLs; the API is https.
    [{ HTTP_PROXY: 'http://proxy.corp:8080' }, 'DIRECT'],
    [{ HTTPS_PROXY: 'socks5://s.corp:1080' }, 'SOCKS s.corp:1080'],
    [{ HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: 'eco-serv.jp' }, 'DIRECT'],
    [{ HTTPS_PROXY: 'http://proxy.corp:8080', no_proxy: 'localhost, .eco-serv.jp' }, 'DIRECT'],
    [{ HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: '*' }, 'DIRECT'],
    [{ HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: 'rbsample.eco-serv.jp:443' }, 'DIRECT'],
    [{ HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: 'rbsample.eco-serv.jp:8443' }, 'PROXY proxy.corp:8080'],
    [{ HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: 'serv.jp.example,other.jp' }, 'PROXY proxy.corp:8080'],
  ] as const)('%j → %s', async (env, answer) => {
    expect(await environmentProxy(env)(API)).toBe(answer);
  });

  it('matches NO_PROXY by host or domain suffix, never by a partial label', () => {
    const url = new URL('https://a.eco-serv.jp/x/');
    expect(bypassesProxy(url, 'eco-serv.jp')).toBe(true);
    expect(bypassesProxy(url, '*.eco-serv.jp')).toBe(true);
    expect(bypassesProxy(url, 'jp')).toBe(true);
    expect(bypassesProxy(url, 'serv.jp')).toBe(false);
    expect(bypassesProxy(url, 'o-serv.jp')).toBe(false);
    expect(bypassesProxy(url, undefined)).toBe(false);
  });

  it('goes through chooseProxy like Chromium answers do; the Step 2 proxy still wins; no password is shown', async () => {
    const env = { HTTPS_PROXY: 'http://keiri:secret@proxy.corp:8080' };
    const system = await chooseProxy(API, null, environmentProxy(env));
    expect(system).toEqual({ proxyUrl: 'http://keiri:secret@proxy.corp:8080', description: 'システムのプロキシ（***@proxy.corp:8080）', source: 'system' });
    expect((await chooseProxy(API, 'http://step2.corp:3128', environmentProxy(env))).source).toBe('settings');
    expect((await chooseProxy(API, null, environmentProxy({ HTTPS_PROXY: 'socks5://s:1080' }))).description).toContain('SOCKSプロキシには対応していない');
  });
});
