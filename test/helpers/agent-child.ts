// The agent as a child process (test/crash-child.ts) over a fixture's data folder, for the tests that
// kill it or take its history away between runs. While it runs, the test process lets go of the
// data folder (one agent per data folder); a SIGKILLed child leaves its lock behind, which the next
// one takes over because that PID is dead — the restart path for real.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SANDBOX_TOKEN } from '../../electron/core/sandbox/sandbox-server';
import type { Fixture } from './runner-fixture';

const CHILD = join(import.meta.dirname, '../crash-child.ts');

export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: string[];
  readonly stderr: string;
}

export interface ChildOptions {
  /** `<kind> <state>` (or with the part) at which the child freezes to be killed. */
  readonly killAt?: string | null;
  /** Kill at the n-th such state. */
  readonly killAtCount?: number;
  readonly activeLimitMs?: number;
  /** A condition seen from the sandbox side (e.g. "the import POST has arrived"). */
  readonly killWhen?: () => boolean;
}

/** Spawns one agent child on the fixture's folders (the fixture's own engine must be closed). */
export function spawnAgentChild(fx: Fixture, options: ChildOptions = {}): Promise<ChildRun> {
  const config = {
    baseUrl: fx.sandbox.baseUrl(), token: SANDBOX_TOKEN, root: fx.root, dataDir: fx.paths.dataDir, target: { kind: 'report', reportId: 'bill' },
    killAt: options.killAt ?? null, killAtCount: options.killAtCount, activeLimitMs: options.activeLimitMs,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, CRASH_CHILD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (line === 'KILLPOINT') child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const watch = options.killWhen ? setInterval(() => options.killWhen!() && child.kill('SIGKILL'), 10) : null;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (watch) clearInterval(watch);
      resolve({ code, signal, lines, stderr });
    });
  });
}
