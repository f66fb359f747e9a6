// electron-builder.yml checked against electron-builder's own JSON schema (the one it validates with
// at `npm run dist`), plus the project's packaging promises that a schema cannot express.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_USER_MODEL_ID } from './lifecycle';

const ROOT = join(import.meta.dirname, '..', '..');
interface Target { readonly target: string }
interface BuilderConfig {
  readonly appId: string;
  readonly productName: string;
  readonly electronFuses: Record<string, boolean>;
  readonly nsis: Record<string, unknown>;
  readonly win: { readonly icon: string; readonly target: Target[] };
  readonly mac: { readonly icon: string; readonly target: Target[] };
  readonly linux: { readonly icon: string; readonly target: Target[] };
  readonly asarUnpack: string[];
  readonly npmRebuild: boolean;
  readonly extraResources: unknown[];
}
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('has the appId main gives Windows as AppUserModelID (else notifications do not show)', () => {
    expect(config.appId).toBe(APP_USER_MODEL_ID);
  });

  it('is valid against node_modules/app-builder-lib/scheme.json', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check does catch a mistake (so the test above means something)', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodeTypo: false } })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, oneClick: 'no' } })).toBe(false);
  });

  it('keeps the promises of the packaging issue', () => {
    expect(config.productName).toBe('明細コネクタ');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.nsis).toMatchObject({ perMachine: false, installerLanguages: ['ja_JP'] });
    const targets = (os: 'win' | 'mac' | 'linux') => config[os].target.map((t) => t.target);
    expect(targets('win')).toEqual(['nsis', 'zip']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
    expect(config.extraResources).toContainEqual({ from: 'resources/samples', to: 'samples' });
  });

  it('points at icons that exist', () => {
    for (const icon of [config.win.icon, config.mac.icon, config.linux.icon]) {
      expect(existsSync(join(ROOT, icon)), icon).toBe(true);
    }
  });
});
