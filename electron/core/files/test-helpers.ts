// Test support for this folder: real temporary folders and a way to let real file I/O and a
// ManualClock's timers interleave (the Clock only moves when told, the disk does not wait).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManualClock } from '../ports/clock';

export async function makeTempDir(label: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `meisai-${label}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Runs `promise` to the end, advancing `clock` to each pending timer whenever the work is waiting on
 * it. Returns the result and the waits the work asked for, in order.
 */
export async function driveClock<T>(clock: ManualClock, promise: Promise<T>): Promise<{ value: T; waits: number[] }> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  const waits: number[] = [];
  while (!done) {
    // Let real I/O finish before deciding the work is waiting on the clock; the disk may be slow on
    // a busy machine, so nothing pending means "look again shortly", never "give up".
    await new Promise((r) => setImmediate(r));
    if (done) break;
    const next = clock.pendingDelays()[0];
    if (next !== undefined) {
      waits.push(next);
      await clock.advance(next);
    } else {
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  return { value: await promise, waits };
}

export function fsError(code: string, syscall = 'rename'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });
}
