import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../ports/logger';
import { createSettingsStore, type SettingsStoreOptions } from './settings-store';
import { validInput } from './test-settings';

const TOKEN = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';

let dir: string;
let file: string;
let seq: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meisai-settings-'));
  file = join(dir, 'settings.json');
  seq = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function store(extra: Partial<SettingsStoreOptions> = {}) {
  const logger = new MemoryLogger();
  const s = createSettingsStore({ path: file, env: {}, newId: () => `id-${++seq}`, logger, ...extra });
  return { s, logger };
}

function fileJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('settings store: load', () => {
  it('answers null when there is no settings file yet', () => {
    expect(store().s.load()).toEqual({ ok: true, value: null });
  });

  it('reports a JSON syntax error with the file name, line and column', () => {
    writeFileSync(file, '{\n  "version": 1,\n  "meisai": { "url": "x" \n  "agent": {}\n}\n');
    const r = store().s.load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('settings.json');
    expect(r.error.file).toBe(file);
    expect(r.error.message).toContain(file);
    expect(r.error.message).toContain('4行目3文字目');
    expect(r.error.fields).toHaveLength(1);
  });

  it('reports schema problems as Japanese field errors naming the file', () => {
    writeFileSync(file, JSON.stringify({ ...validInput(), customers: { folder: '..', filePrefix: '' } }));
    const r = store().s.load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('settings.invalid');
    expect(r.error.message).toContain(file);
    const paths = r.error.fields.map((f) => f.path);
    expect(paths).toContain('customers.folder');
    expect(paths).toContain('customers.filePrefix');
    expect(r.error.fields.find((f) => f.path === 'customers.folder')?.message).toContain('フォルダ名');
  });

  it('assigns missing ids once and persists them, leaving the rest of the clerk\'s file as written', () => {
    writeFileSync(file, JSON.stringify(validInput({ apiToken: TOKEN })));
    const first = store().s.load();
    expect(first.ok && first.value?.reports.map((r) => r.id)).toEqual(['id-1', 'id-2']);
    const onDisk = fileJson();
    expect((onDisk.reports as { id: string; reportTypeId: unknown }[]).map((r) => r.id)).toEqual(['id-1', 'id-2']);
    // Not normalised: the clerk's '2' and URL stay as typed.
    expect((onDisk.reports as { reportTypeId: unknown }[])[1]?.reportTypeId).toBe('2');
    expect((onDisk.meisai as { url: string }).url).toBe('https://example.eco-serv.jp/acct01/backadmin/index');
    const again = store().s.load();
    expect(again.ok && again.value?.reports.map((r) => r.id)).toEqual(['id-1', 'id-2']);
    expect(again.ok && again.value?.agent.id).toBe(first.ok ? first.value?.agent.id : undefined);
  });

  it('reads a file saved with a BOM or in Shift_JIS', () => {
    const text = JSON.stringify(validInput());
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const a = store().s.load();
    expect(a.ok && a.value?.reports[0]?.name).toBe('請求書');
    writeFileSync(file, iconv.encode(text, 'cp932'));
    const b = store().s.load();
    expect(b.ok && b.value?.reports[1]?.name).toBe('納品書');
  });

  it('normalises the 「楽楽明細」URL', () => {
    writeFileSync(file, JSON.stringify(validInput()));
    const r = store().s.load();
    expect(r.ok && r.value?.meisai.url).toBe('https://example.eco-serv.jp/acct01/');
  });
});

describe('settings store: save', () => {
  it('validates, assigns ids, writes atomically and keeps the previous version as .bak', () => {
    const { s } = store();
    const first = s.save(validInput());
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.reports.map((r) => r.id)).toEqual(['id-1', 'id-2']);
    expect(first.value.agent.id).toBe('id-3');
    expect(existsSync(s.backupPath)).toBe(false);
    // Reordered by the clerk: ids go with their settings.
    const reordered = { ...validInput(), reports: [...first.value.reports].reverse() };
    const second = s.save(reordered);
    expect(second.ok && second.value.reports.map((r) => [r.name, r.id])).toEqual([
      ['納品書', 'id-2'],
      ['請求書', 'id-1'],
    ]);
    const bak = JSON.parse(readFileSync(s.backupPath, 'utf8')) as { reports: { name: string }[] };
    expect(bak.reports.map((r) => r.name)).toEqual(['請求書', '納品書']);
    // The input carried no agent id: the saved one is kept.
    expect(second.ok && second.value.agent.id).toBe('id-3');
    const loaded = s.load();
    expect(loaded.ok && loaded.value?.reports.map((r) => r.id)).toEqual(['id-2', 'id-1']);
    // No temp files left behind.
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.bak']);
  });

  it('refuses invalid settings with field errors and leaves the file untouched', () => {
    const { s } = store();
    expect(s.save(validInput()).ok).toBe(true);
    const before = readFileSync(file, 'utf8');
    const r = s.save({ ...validInput(), reports: [{ name: '', reportTypeId: 'x', folder: 'a/b', filePrefix: 'p', timing: { mode: 'manual' } }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.fields.map((f) => f.path)).toEqual(expect.arrayContaining(['reports.0.name', 'reports.0.reportTypeId', 'reports.0.folder']));
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('never writes the token when it is kept elsewhere (the tray app)', () => {
    const { s, logger } = store();
    const r = s.save(validInput({ apiToken: TOKEN }));
    expect(r.ok && r.value.meisai.apiToken).toBe(undefined);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    expect(logger.text()).not.toContain(TOKEN);
  });

  it('writes the token to the file for the CLI, keeps it when omitted, removes it when emptied', () => {
    const { s } = store({ tokenStorage: 'file' });
    expect(s.save(validInput({ apiToken: TOKEN })).ok).toBe(true);
    expect((fileJson().meisai as { apiToken?: string }).apiToken).toBe(TOKEN);
    expect(s.save(validInput()).ok).toBe(true);
    expect((fileJson().meisai as { apiToken?: string }).apiToken).toBe(TOKEN);
    expect(s.save(validInput({ apiToken: '' })).ok).toBe(true);
    expect((fileJson().meisai as { apiToken?: string }).apiToken).toBe(undefined);
  });

  it('never writes a token that came from MEISAI_API_TOKEN, even for the CLI', () => {
    const envToken = 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6Ll5Kk4Jj3Ii2Hh1Gg0Ff9E';
    const { s } = store({ tokenStorage: 'file', env: { MEISAI_API_TOKEN: envToken } });
    expect(s.save(validInput({ apiToken: envToken })).ok).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(envToken);
  });

  it('restricts the file to its owner on POSIX (it may hold the token)', () => {
    const { s } = store({ tokenStorage: 'file' });
    expect(s.save(validInput({ apiToken: TOKEN })).ok).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reports a write failure as a value naming the file', () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const s = createSettingsStore({ path: join(blocker, 'settings.json'), env: {}, newId: () => `w-${++seq}`, logger: new MemoryLogger() });
    const r = s.save(validInput());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('settings.write');
    expect(r.error.message).toContain(join(blocker, 'settings.json'));
  });

  it('accepts a loopback URL only when the sandbox is chosen explicitly', () => {
    const input = { ...validInput(), meisai: { url: 'http://127.0.0.1:4010/acct01/' } };
    expect(store().s.save(input).ok).toBe(false);
    const r = store({ allowLoopbackUrl: true }).s.save(input);
    expect(r.ok && r.value.meisai.url).toBe('http://127.0.0.1:4010/acct01/');
  });
});
