// The CLI reads its settings file and its token the way the tray app does: through the core's
// settings-file reader (Shift_JIS as well as UTF-8; broken JSON named by line and column) and the
// one token precedence rule (--token-file / --token > MEISAI_API_TOKEN > the file's apiToken; blank
// ignored; only the token used is checked).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../electron/cli/cli-io';
import { loadCommandConfig, TOKEN_FLAG_WARNING, type ConfigOptions } from '../electron/cli/command-config';
import { main } from '../electron/cli/main';
import { SANDBOX_TOKEN } from '../electron/core/sandbox/sandbox-server';
import { createFixture, fixtureSettings, type Fixture } from './helpers/runner-fixture';

const REPO = join(import.meta.dirname, '..');
const TENANT = 'https://rbsample.eco-serv.jp/abc1234/';

let work: string;
let fx: Fixture | undefined;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'meisai-cli-settings-'));
});
afterEach(async () => {
  await fx?.close();
  fx = undefined;
  await rm(work, { recursive: true, force: true });
});

describe('the settings file', () => {
  it('a file saved in Shift_JIS (Notepad\'s ANSI on a Japanese PC) is read, 帳票名 and all', async () => {
    fx = await createFixture();
    await fx.place('clientmaster', 'clientmaster_20261130.csv');
    await fx.place('billdata', 'billdata_20261130.csv');
    const file = join(work, 'settings.json');
    await writeFile(file, iconv.encode(JSON.stringify(fixtureSettings(TENANT, fx.root), null, 2), 'cp932'));
    const tokenFile = join(work, 'token.txt');
    await writeFile(tokenFile, SANDBOX_TOKEN);
    const io = memoryIo();
    const code = await main(['run', '--config', file, '--setting', '請求書', '--base-url', fx.sandbox.baseUrl(), '--token-file', tokenFile, '--data-dir', join(work, 'data')], io);
    expect(code, io.err()).toBe(0);
    expect(io.out()).toContain('[成功] 請求書: 2件完了');
  });

  it('broken JSON is reported in Japanese with its line and column, and no .bak is promised', async () => {
    const file = join(work, 'settings.json');
    // Line 4 lacks the comma after "agent": {...}.
    await writeFile(file, iconv.encode('{\n  "version": 1,\n  "agent": { "root": "C:\\\\連携" }\n  "meisai": { "url": "https://x.eco-serv.jp/a/" }\n}\n', 'cp932'));
    const io = memoryIo({ MEISAI_API_TOKEN: 'abc123' });
    expect(await main(['run', '--config', file, '--data-dir', join(work, 'data')], io)).toBe(2);
    expect(io.err()).toContain(`設定ファイル（${file}）の4行目3文字目付近の書き方が正しくありません（JSON形式）`);
    expect(io.err()).not.toContain('.bak');
  });

  it('a missing file is named', async () => {
    const io = memoryIo({ MEISAI_API_TOKEN: 'abc123' });
    expect(await main(['run', '--config', join(work, 'nope.json'), '--data-dir', join(work, 'data')], io)).toBe(2);
    expect(io.err()).toContain(`設定ファイルが見つかりません: ${join(work, 'nope.json')}`);
  });

  it("README's own example is accepted when the environment gives the real token", async () => {
    const readme = await readFile(join(REPO, 'README.md'), 'utf8');
    const example = /## The settings file[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('"apiToken": "…"');
    const file = join(work, 'readme-example.json');
    await writeFile(file, example!);
    const io = memoryIo({ MEISAI_API_TOKEN: 'Real0Token1' });
    const loaded = await loadCommandConfig({ config: file, 'data-dir': join(work, 'data') }, io, 'HELP');
    expect('exit' in loaded ? io.err() : loaded.token).toBe('Real0Token1');
  });
});

describe('which token the CLI uses', () => {
  const FLAG = 'Flag0Token1';
  const FROM_FILE = 'Tf0Token2';
  const ENV = 'Env0Token3';
  const IN_SETTINGS = 'Set0Token4';

  interface Row {
    readonly name: string;
    readonly flags: { readonly tokenFile?: string; readonly token?: string };
    readonly env?: string;
    readonly settingsToken?: string;
    /** The token used, or the exit code and what stderr says. */
    readonly expect: { readonly token: string } | { readonly exit: number; readonly says: string };
    readonly warns?: boolean;
  }

  const TABLE: readonly Row[] = [
    { name: '--token-file wins over everything', flags: { tokenFile: `${FROM_FILE}\r\n` }, env: ENV, settingsToken: IN_SETTINGS, expect: { token: FROM_FILE } },
    { name: '--token wins over the environment, with a warning', flags: { token: FLAG }, env: ENV, expect: { token: FLAG }, warns: true },
    { name: 'MEISAI_API_TOKEN wins over the file', env: ENV, flags: {}, settingsToken: IN_SETTINGS, expect: { token: ENV } },
    { name: 'the file when nothing else gives one', flags: {}, settingsToken: IN_SETTINGS, expect: { token: IN_SETTINGS } },
    { name: 'a blank MEISAI_API_TOKEN does not hide the file', flags: {}, env: '  ', settingsToken: IN_SETTINGS, expect: { token: IN_SETTINGS } },
    { name: 'a blank token file does not hide the environment', flags: { tokenFile: '\n' }, env: ENV, expect: { token: ENV } },
    { name: 'a placeholder in the file is not checked when --token-file gives the token', flags: { tokenFile: FROM_FILE }, settingsToken: '…', expect: { token: FROM_FILE } },
    { name: 'a placeholder in the file is not checked when the environment gives the token', flags: {}, env: ENV, settingsToken: '…', expect: { token: ENV } },
    { name: 'a placeholder in the file is refused when it is the one used', flags: {}, settingsToken: '…', expect: { exit: 2, says: '英数字だけです' } },
    { name: 'no token anywhere', flags: {}, expect: { exit: 2, says: 'APIトークンがありません。--token-file（おすすめ）' } },
    { name: '--token and --token-file together', flags: { token: FLAG, tokenFile: FROM_FILE }, expect: { exit: 2, says: '一緒に使えません' } },
  ];

  it.each(TABLE)('$name', async (row) => {
    const settings = { ...fixtureSettings(TENANT, work), meisai: { url: TENANT, ...(row.settingsToken === undefined ? {} : { apiToken: row.settingsToken }) } };
    const config = join(work, 'settings.json');
    await writeFile(config, JSON.stringify(settings));
    const values: ConfigOptions = { config, 'data-dir': join(work, 'data'), ...(row.flags.token === undefined ? {} : { token: row.flags.token }) };
    let options = values;
    if (row.flags.tokenFile !== undefined) {
      await writeFile(join(work, 'token.txt'), row.flags.tokenFile);
      options = { ...values, 'token-file': join(work, 'token.txt') };
    }
    const io = memoryIo(row.env === undefined ? {} : { MEISAI_API_TOKEN: row.env });
    const loaded = await loadCommandConfig(options, io, 'HELP');
    if ('token' in row.expect) {
      expect('exit' in loaded ? io.err() : loaded.token).toBe(row.expect.token);
    } else {
      expect(loaded).toEqual({ exit: row.expect.exit });
      expect(io.err()).toContain(row.expect.says);
    }
    expect(io.err().includes(TOKEN_FLAG_WARNING)).toBe(row.warns === true);
  });

  it('an unreadable --token-file is named', async () => {
    const config = join(work, 'settings.json');
    await writeFile(config, JSON.stringify(fixtureSettings(TENANT, work)));
    const io = memoryIo({ MEISAI_API_TOKEN: ENV });
    expect(await loadCommandConfig({ config, 'token-file': join(work, 'missing.txt') }, io, 'HELP')).toEqual({ exit: 2 });
    expect(io.err()).toContain(`APIトークンのファイルを読むことができませんでした: ${join(work, 'missing.txt')}`);
  });
});
