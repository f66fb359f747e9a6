// What can be checked here of the Windows packaging without Windows: the update URL's build-time
// configuration validates against electron-builder's schema, and the uninstaller include names the
// registry values Electron's login item writes and the folders data-paths.ts uses. (Building and
// running the installer needs Windows and the network: see README, "Uninstall".)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { distConfig, publishFromEnv } from '../../scripts/dist-config';
import { APP_DIR_NAME, defaultDataLayout } from '../core/settings/data-paths';
import { APP_USER_MODEL_ID } from './lifecycle';

const ROOT = join(import.meta.dirname, '..', '..');
const base = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & { nsis: { include: string } };
const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(JSON.parse(readFileSync(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')));

describe('the update URL fixed at npm run dist', () => {
  it.each([
    ['not set: no updates', {}, { ok: true, publish: null }],
    ['blank: no updates', { MEISAI_UPDATE_URL: '  ' }, { ok: true, publish: null }],
    ['an https folder, slash added', { MEISAI_UPDATE_URL: 'https://intra.example.co.jp/meisai' }, { ok: true, publish: { provider: 'generic', url: 'https://intra.example.co.jp/meisai/' } }],
    ['plain http only when allowed', { MEISAI_UPDATE_URL: 'http://fileserver/meisai/', MEISAI_UPDATE_ALLOW_HTTP: '1' }, { ok: true, publish: { provider: 'generic', url: 'http://fileserver/meisai/' } }],
  ])('%s', (_name, env, expected) => {
    expect(publishFromEnv(env)).toEqual(expected);
  });

  it.each([
    ['plain http', { MEISAI_UPDATE_URL: 'http://fileserver/meisai/' }],
    ['a share path, which the updater cannot read', { MEISAI_UPDATE_URL: '\\\\fileserver\\meisai' }],
    ['credentials in the URL', { MEISAI_UPDATE_URL: 'https://user:pw@intra.example.co.jp/meisai/' }],
  ])('refuses %s', (_name, env) => {
    expect(publishFromEnv(env).ok).toBe(false);
  });

  it('gives electron-builder a configuration its schema accepts, with and without the URL', () => {
    for (const publish of [null, { provider: 'generic' as const, url: 'https://intra.example.co.jp/meisai/' }]) {
      expect(validate(distConfig(base, publish)), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(base.publish).toBeNull();
  });
});

describe('build/installer.nsh (the uninstaller)', () => {
  const file = join(ROOT, 'build', base.nsis.include.replace(/^build\//, ''));
  const bytes = readFileSync(file);
  const script = bytes.toString('utf8');

  it('is the include electron-builder.yml names, in UTF-8 with a BOM (NSIS reads it right only so)', () => {
    expect(base.nsis.include).toBe('build/installer.nsh');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(script).toMatch(/!macro customUnInstall[\s\S]*!macroend/);
  });

  it('removes the login item Electron wrote: HKCU Run and StartupApproved\\Run, named by the AppUserModelID', () => {
    expect(script).toContain(`DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "${APP_USER_MODEL_ID}"`);
    expect(script).toContain(`DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run" "${APP_USER_MODEL_ID}"`);
  });

  it('does nothing during an update (electron-updater runs the old uninstaller with --updated)', () => {
    const body = /!macro customUnInstall([\s\S]*)!macroend/.exec(script)![1]!;
    const code = body.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith(';'));
    expect(code[0]!.trim()).toBe('${ifNot} ${isUpdated}');
    expect(code.at(-1)!.trim()).toBe('${endIf}');
  });

  it('asks before deleting the data, keeps it by default and in a silent uninstall, and deletes the folders data-paths.ts uses', () => {
    const ask = script.split(/\r?\n/).find((l) => l.includes('MessageBox'))!;
    expect(ask).toMatch(/MB_YESNO\|MB_ICONQUESTION\|MB_DEFBUTTON1 "明細コネクタのデータ.*を残しますか？/);
    expect(ask).toMatch(/\/SD IDYES IDYES meisaiKeepData$/);
    const layout = defaultDataLayout('win32', { APPDATA: '$APPDATA', LOCALAPPDATA: '$LOCALAPPDATA' }, 'C:\\Users\\k');
    expect(script).toContain(`RMDir /r "${layout.paths.configDir}"`);
    expect(script).toContain(`RMDir /r "${layout.paths.dataDir}"`);
    expect(layout.paths.configDir).toBe(`$APPDATA\\${APP_DIR_NAME}`);
    // The deletions come after the question's jump and before its label.
    expect(script.indexOf('RMDir /r "$APPDATA')).toBeGreaterThan(script.indexOf('MessageBox'));
    expect(script.indexOf('meisaiKeepData:')).toBeGreaterThan(script.indexOf('RMDir /r "$LOCALAPPDATA\\meisai-connector"'));
  });
});
