// The agent as a separate process for the crash tests: resume what a previous process left, then run
// one target. It prints a line for every persisted file state; when the state named in
// CRASH_KILL_AT is persisted it prints KILLPOINT and freezes (synchronously: no further I/O can
// happen), so the parent's SIGKILL lands exactly after that state was written and before its effect.
import { writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ok } from '../shared/result';
import type { RunTarget } from '../shared/run';
import { settingsFromRaw } from '../electron/cli/load-config';
import { openEngine } from '../electron/core/engine/engine';
import { systemClock } from '../electron/core/ports/clock';
import { silentLogger } from '../electron/core/ports/logger';
import { dataPathsFor } from '../electron/core/settings/data-paths';
import { FAST_RUNNER, fixtureSettings } from './helpers/runner-fixture';

interface ChildConfig {
  readonly baseUrl: string;
  readonly token: string;
  readonly root: string;
  readonly dataDir: string;
  readonly target: RunTarget;
  /** `<kind> <state>` or `<kind> <state> <part>`, e.g. `report sending`, `customers done 1`. */
  readonly killAt: string | null;
  /** Kill at the n-th time killAt is persisted (default the first). */
  readonly killAtCount?: number;
  /** How long one run follows an `active` import (short: several documents left in flight). */
  readonly activeLimitMs?: number;
}

const config = JSON.parse(process.env.CRASH_CHILD_CONFIG ?? '{}') as ChildConfig;
const say = (line: string) => writeSync(1, `${line}\n`);
let killPoints = 0;

const loaded = settingsFromRaw(fixtureSettings(config.baseUrl, config.root), { baseUrl: config.baseUrl });
if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
const { settings } = loaded;
const engine = openEngine({
  paths: dataPathsFor(config.dataDir, process.platform),
  purpose: 'crash test child',
  settings: () => settings,
  token: async () => ok(config.token),
  network: { resolveProxy: null, ca: null, requestsPerMinute: null },
  clock: systemClock,
  logger: silentLogger,
  tuning: {
    stableForMs: 0,
    runner: {
      ...FAST_RUNNER,
      ...(config.activeLimitMs === undefined ? {} : { activeLimitMs: config.activeLimitMs }),
      onPersisted(file) {
        say(`STATE ${file.kind} ${file.fileName} ${file.state.state}`);
        const here = [`${file.kind} ${file.state.state}`, `${file.kind} ${file.state.state} ${file.partIndex}`];
        if (config.killAt !== null && here.includes(config.killAt) && ++killPoints >= (config.killAtCount ?? 1)) {
          say('KILLPOINT');
          // Freeze without returning to the event loop: nothing after this state may happen.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
        }
      },
    },
  },
});
if (!engine.ok) throw new Error(engine.error.message);
// What the clerk is told at start when the history was lost (the CLI prints the same).
say(`LOSS ${JSON.stringify(engine.value.historyLoss())}`);

const resumed = await engine.value.runner.resume();
say(`RESUMED ${JSON.stringify(resumed)}`);
const summary = await engine.value.runner.execute({
  runId: randomUUID(),
  target: config.target,
  trigger: 'manual',
  signal: new AbortController().signal,
  onProgress: () => {},
});
say(`SUMMARY ${JSON.stringify(summary)}`);
engine.value.close();
