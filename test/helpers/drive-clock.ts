// Drives a ManualClock forward while real I/O (the sandbox over HTTP, SQLite, the file system)
// happens between the steps: the agent's timers (retries, polls, slots, quiet windows) fire on the
// test's clock, and the test waits for a state, never for an amount of real time.
import type { ManualClock } from '../../electron/core/ports/clock';

export async function driveUntil(clock: ManualClock, done: () => boolean | Promise<boolean>, stepMs = 1_000, busy: () => boolean = () => false): Promise<void> {
  for (;;) {
    if (await done()) return;
    // The clock stands still while a request is on its way (a POST takes no time on the clock).
    while (busy()) await new Promise((resolve) => setTimeout(resolve, 1));
    await clock.advance(stepMs);
    // A real turn of the event loop: sockets and file handles answer between the clock's steps.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
