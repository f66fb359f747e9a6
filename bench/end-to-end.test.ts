import { describe, expect, it } from 'vitest';
import { benchEndToEnd } from './end-to-end';

// The benchmark drives the real agent with the product's timings, so what the product learns (the
// overlap guard holding repeated lines, the customer folder waited for) can stop it from measuring
// anything: it once timed out at its first counted drop because every drop repeated the lines of
// the one before. Two drops here keep it honest. No timing is asserted: bench/run.ts reports them.
describe('benchEndToEnd', () => {
  it('every counted drop ends 完了 on the sandbox, in order: received, then seen complete', async () => {
    const figures = await benchEndToEnd({ drops: 2 });
    expect(figures.drops).toBe(2);
    for (const d of figures.all) {
      expect(d.receivedMs).toBeGreaterThanOrEqual(d.stableMs);
      expect(d.doneMs).toBeGreaterThanOrEqual(d.receivedMs);
    }
  }, 180_000);
});
