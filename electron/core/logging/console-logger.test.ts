import { describe, expect, it } from 'vitest';
import { ManualClock } from '../ports/clock';
import { createConsoleLogger, formatConsoleLine } from './console-logger';

const TOKEN = 'Qw3Er6Ty9Ui2Op5As8Df1Gh4Jk7Lz0Xc3Vb6Nm9Qw2Er5Ty8Ui1Op4As7Df0Gh3J';

describe('console logger', () => {
  it('writes readable lines to the given stream, redacting token fields and token-looking text', () => {
    const out: string[] = [];
    const log = createConsoleLogger({ level: 'info', stream: { write: (t: string) => out.push(t) }, clock: new ManualClock('2026-11-28T00:00:00Z') });
    log.debug('hidden');
    log.info('接続テスト', { url: 'https://x.eco-serv.jp/acct/', apiToken: 'abc', note: `t=${TOKEN}` });
    log.error('two words', { file: 'a b.csv' });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d INFO  接続テスト url=https:\/\/x\.eco-serv\.jp\/acct\/ apiToken=\[REDACTED\] note="t=\[REDACTED\]"\n$/);
    expect(out[1]).toMatch(/ERROR two words file="a b.csv"\n$/);
    expect(out.join('')).not.toContain(TOKEN);
  });

  it('formats the time in the local time zone', () => {
    const time = new Date(2026, 10, 28, 9, 5, 3);
    expect(formatConsoleLine({ time, level: 'warn', message: 'm', fields: {} })).toBe('09:05:03 WARN  m\n');
  });
});
