import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import got from 'got';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../ports/clock';
import { MemoryLogger } from '../ports/logger';
import { createFileLogger } from './file-logger';
import { createRedactor } from './log-redaction';

const TOKEN = 'Zq7Wx2Ec5Rv8Tb1Yn4Um7Ik0Ol3Pa6Sd9Fg2Hj5Kl8Zx1Cv4Bn7Mq0We3Rt6Yu9';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meisai-log-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('file logger', () => {
  it('writes JSON lines with ISO time, level, message and fields; filters below the level', () => {
    const clock = new ManualClock('2026-11-28T01:02:03.004Z');
    const log = createFileLogger({ dir, fileName: 'agent.log', maxBytes: 1_000_000, maxFiles: 3, clock, level: 'info' });
    log.debug('hidden');
    log.info('送信しました', { file: '請求書.csv', importId: 12 });
    log.child({ runId: 'r1' }).warn('遅い', { ms: 900 });
    log.close();
    expect(lines(log.file)).toEqual([
      { file: '請求書.csv', importId: 12, time: '2026-11-28T01:02:03.004Z', level: 'info', msg: '送信しました' },
      { runId: 'r1', ms: 900, time: '2026-11-28T01:02:03.004Z', level: 'warn', msg: '遅い' },
    ]);
  });

  it('rotates by size and keeps maxFiles files in total, newest lines in the current file', () => {
    const clock = new ManualClock('2026-11-28T00:00:00Z');
    const log = createFileLogger({ dir, fileName: 'agent.log', maxBytes: 1024, maxFiles: 3, clock, level: 'debug' });
    for (let i = 0; i < 200; i++) log.info(`line ${i}`, { pad: 'x'.repeat(40) });
    log.close();
    expect(readdirSync(dir).sort()).toEqual(['agent.log', 'agent.log.1', 'agent.log.2']);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(1024);
    const current = lines(join(dir, 'agent.log'));
    expect(current.at(-1)?.msg).toBe('line 199');
    const older = lines(join(dir, 'agent.log.1'));
    // .1 holds the lines just before the current file's first line.
    expect(Number(String(older.at(-1)?.msg).split(' ')[1]) + 1).toBe(Number(String(current[0]?.msg).split(' ')[1]));
  });

  it('continues an existing file after a restart and counts its size for rotation', () => {
    const clock = new ManualClock('2026-11-28T00:00:00Z');
    const a = createFileLogger({ dir, fileName: 'agent.log', maxBytes: 1024, maxFiles: 2, clock, level: 'info' });
    for (let i = 0; i < 8; i++) a.info('first', { pad: 'x'.repeat(60) });
    a.close();
    const b = createFileLogger({ dir, fileName: 'agent.log', maxBytes: 1024, maxFiles: 2, clock, level: 'info' });
    for (let i = 0; i < 8; i++) b.info('second', { pad: 'x'.repeat(60) });
    b.close();
    expect(readdirSync(dir).sort()).toEqual(['agent.log', 'agent.log.1']);
    expect(readFileSync(join(dir, 'agent.log.1')).length).toBeLessThanOrEqual(1024);
  });

  it('never writes the token of a got error whose options.headers carry X-WB-apitoken', async () => {
    // A real got RequestError from a real request to a loopback server that drops the connection.
    const server = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    let error: unknown;
    try {
      await got.post(`http://127.0.0.1:${port}/acct/api/v1/import`, {
        headers: { 'X-WB-apitoken': TOKEN },
        body: 'a,b',
        retry: { limit: 0 },
      });
    } catch (e) {
      error = e;
    } finally {
      server.close();
    }
    expect(error).toBeInstanceOf(Error);
    // Sanity: the token really is inside the error object we log.
    expect((error as { options: { headers: Record<string, string> } }).options.headers['x-wb-apitoken']).toBe(TOKEN);

    const alsoTo = new MemoryLogger();
    const log = createFileLogger({ dir, fileName: 'agent.log', maxBytes: 1_000_000, maxFiles: 2, clock: new ManualClock('2026-11-28T00:00:00Z'), level: 'debug', alsoTo });
    log.error('送信に失敗しました', { error, request: { headers: { 'X-WB-apitoken': TOKEN } } });
    // A fake got-shaped object whose token is not 64 characters: caught by the field name alone.
    log.error('fake', { err: { options: { headers: { 'X-WB-apitoken': 'shortToken99' } } } });
    log.error(`message with header X-WB-apitoken: ${TOKEN}`);
    log.close();
    const text = readFileSync(log.file, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('shortToken99');
    expect(text).toContain('送信に失敗しました');
    expect(text).toContain('[REDACTED]');
    expect(alsoTo.text()).not.toContain(TOKEN);
  });

  it('masks a registered secret in messages and fields, shared with another logger through the redactor', () => {
    const redactor = createRedactor();
    const clock = new ManualClock('2026-11-28T00:00:00Z');
    const log = createFileLogger({ dir, fileName: 'agent.log', maxBytes: 1_000_000, maxFiles: 2, clock, level: 'debug', redactor });
    const other = createFileLogger({ dir, fileName: 'other.log', maxBytes: 1_000_000, maxFiles: 2, clock, level: 'debug', redactor });
    log.registerSecret('proxy-pass-123');
    log.info('proxy http://u:proxy-pass-123@proxy:8080', { url: 'http://u:proxy-pass-123@proxy:8080' });
    other.info('also proxy-pass-123');
    log.close();
    other.close();
    expect(readFileSync(log.file, 'utf8')).not.toContain('proxy-pass-123');
    expect(readFileSync(other.file, 'utf8')).not.toContain('proxy-pass-123');
  });

  it('does not throw when the log cannot be written', () => {
    const clock = new ManualClock('2026-11-28T00:00:00Z');
    // A "directory" that is a file: every write fails.
    const log = createFileLogger({ dir: join(dir, 'agent.log', 'sub'), fileName: 'x.log', maxBytes: 2048, maxFiles: 2, clock, level: 'info' });
    createFileLogger({ dir, fileName: 'agent.log', maxBytes: 2048, maxFiles: 2, clock, level: 'info' }).info('creates the file');
    expect(() => log.info('lost')).not.toThrow();
  });
});
