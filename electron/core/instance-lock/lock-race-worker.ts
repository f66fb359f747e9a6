// Test support for data-dir-lock.test.ts: one of several separate processes racing for agent.lock.
// The parent sends `{ dir, at }`; the worker waits (busy, so all racers leave the starting line
// within a millisecond of each other) until `at`, tries to take the lock and answers whether it
// got it; it holds it until told `release`, so the others race against a live holder too.
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';

let held: DataDirLock | null = null;

process.on('message', (message: { dir: string; at: number } | 'release' | 'exit') => {
  if (message === 'exit') process.exit(0);
  if (message === 'release') {
    held?.release();
    held = null;
    process.send?.({ released: true });
    return;
  }
  while (Date.now() < message.at) {
    // spin: a timer would add up to a few ms of jitter between the racers
  }
  const r = acquireDataDirLock(message.dir, `worker ${process.pid}`);
  if (r.ok) held = r.value;
  process.send?.({ ok: r.ok, code: r.ok ? null : r.error.code });
});
process.send?.({ ready: true });
