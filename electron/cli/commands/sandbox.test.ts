import { describe, expect, it } from 'vitest';
import { sandboxCommand } from './sandbox';

function io(stop?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  return { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), ...(stop ? { stopSignal: stop } : {}), out, err };
}

describe('sandboxCommand', () => {
  it('starts on a free port with the given account and token, answers, and stops on request', async () => {
    const controller = new AbortController();
    const terminal = io(controller.signal);
    const token = 'T0ken'.repeat(4);
    const running = sandboxCommand(['--port', '0', '--account', 'acme', '--token', token], terminal);
    let url: string | undefined;
    while (url === undefined) {
      url = /「楽楽明細」URL : (\S+)/.exec(terminal.out.join(''))?.[1];
      if (url === undefined) await new Promise((r) => setTimeout(r, 5));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/acme\/$/);
    expect(terminal.out.join('')).toContain(`APIトークン     : ${token}`);
    const response = await fetch(new URL('api/v1/customers/?keyword=', url), { headers: { 'x-wb-apitoken': token } });
    expect(response.status).toBe(200);
    expect(terminal.out.join('')).toContain('sandbox request');
    controller.abort();
    expect(await running).toBe(0);
    expect(terminal.out.join('')).toContain('サンドボックスを停止しました');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('refuses bad options with exit code 2 and says which', async () => {
    const terminal = io();
    expect(await sandboxCommand(['--port', '70000', '--token', 'not valid!'], terminal)).toBe(2);
    expect(terminal.err.join('')).toContain('--port は 0〜65535');
    expect(terminal.err.join('')).toContain('--token は英数字');
    expect(await sandboxCommand(['--nope'], io())).toBe(2);
  });

  it('prints help', async () => {
    const terminal = io();
    expect(await sandboxCommand(['--help'], terminal)).toBe(0);
    expect(terminal.out.join('')).toContain('使い方: meisai-connector sandbox');
  });

  it('reports a port already in use', async () => {
    const controller = new AbortController();
    const first = io(controller.signal);
    const running = sandboxCommand(['--port', '0'], first);
    let port: string | undefined;
    while (port === undefined) {
      port = /127\.0\.0\.1:(\d+)\//.exec(first.out.join(''))?.[1];
      if (port === undefined) await new Promise((r) => setTimeout(r, 5));
    }
    const second = io();
    expect(await sandboxCommand(['--port', port], second)).toBe(1);
    expect(second.err.join('')).toContain('使用中');
    controller.abort();
    expect(await running).toBe(0);
  });
});
