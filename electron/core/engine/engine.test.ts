// The composition root: one holder of a data folder at a time, and the faces get the history to read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result';
import { assignIds, parseSettings } from '../../../shared/settings/parse';
import { systemClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { dataPathsFor } from '../settings/data-paths';
import { openEngine, type EngineInput } from './engine';

let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'engine-lock-'))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

function input(purpose: string): EngineInput {
  const parsed = parseSettings(
    { version: 1, meisai: { url: 'http://127.0.0.1:9/sandbox/' }, agent: { root: join(work, 'root') }, customers: { folder: 'c', filePrefix: 'c' }, reports: [] },
    { allowLoopbackUrl: true },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const settings = assignIds(parsed.value, () => 'id-1');
  return {
    paths: dataPathsFor(join(work, 'data'), process.platform),
    purpose,
    settings: () => settings,
    token: async () => ok('t'),
    network: { resolveProxy: null, ca: null, requestsPerMinute: null },
    clock: systemClock,
    logger: silentLogger,
  };
}

describe('openEngine', () => {
  it('refuses a second engine on the same data folder until the first closes', () => {
    const first = openEngine(input('meisai-connector agent'));
    expect(first.ok).toBe(true);
    const second = openEngine(input('meisai-connector run'));
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe('lock.held');
      expect(second.error.message).toContain('meisai-connector agent');
    }
    if (first.ok) first.value.close();
    const third = openEngine(input('meisai-connector agent'));
    expect(third.ok).toBe(true);
    if (third.ok) third.value.close();
  });

  it('gives the faces the history to read, never to write', () => {
    const engine = openEngine(input('test'));
    if (!engine.ok) throw new Error(engine.error.message);
    try {
      expect(engine.value.history.listRuns().total).toBe(0);
      expect('setFileState' in engine.value.history).toBe(false);
      expect('resolveHeld' in engine.value.history).toBe(false);
      expect(Object.keys(engine.value).sort()).toEqual(['api', 'close', 'confirmHistoryLoss', 'connect', 'createAgent', 'history', 'historyLoss', 'run', 'runner']);
    } finally {
      engine.value.close();
    }
  });
});
