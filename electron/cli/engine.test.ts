import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/ports/logger';
import { dataPathsFor } from '../core/settings/data-paths';
import { fixtureSettings } from '../../test/helpers/runner-fixture';
import { settingsFromRaw } from './load-config';
import { openEngine } from './engine';

let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'engine-lock-'))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('openEngine', () => {
  it('refuses a second engine on the same data folder until the first closes', () => {
    const base = 'http://127.0.0.1:9/sandbox/';
    const loaded = settingsFromRaw(fixtureSettings(base, join(work, 'root')), { baseUrl: base, token: 'x' }, {});
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const input = { settings: loaded.settings, token: 't', paths: dataPathsFor(join(work, 'data'), process.platform), logger: silentLogger, purpose: 'meisai-connector agent' };
    const first = openEngine(input);
    expect(first.ok).toBe(true);
    const second = openEngine({ ...input, purpose: 'meisai-connector run' });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe('lock.held');
      expect(second.error.message).toContain('meisai-connector agent');
    }
    if (first.ok) first.value.close();
    const third = openEngine(input);
    expect(third.ok).toBe(true);
    if (third.ok) third.value.close();
  });
});
