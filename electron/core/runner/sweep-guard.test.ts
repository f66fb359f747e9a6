import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result';
import type { ClaimOutcome, FileOps } from './file-ops';
import { createSweepGuard } from './sweep-guard';

/** A claim that finishes when the test says so, like a rename on a slow share. */
function slowFiles() {
  const pending: (() => void)[] = [];
  const files = {
    claim: (path: string) =>
      new Promise<ClaimOutcome>((resolve) => pending.push(() => resolve({ status: 'claimed', path: path.replace('/in/', '/in/処理中/') }))),
    reclaim: async (_path: string, original: string) => ok(original.replace('/in/', '/in/処理中/')),
  } as unknown as FileOps;
  return { files, finishClaim: () => pending.shift()!() };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('sweep guard', () => {
  it('waits for a claim half-way before it sweeps, and the sweep never sees that file as an orphan', async () => {
    const guard = createSweepGuard();
    const { files, finishClaim } = slowFiles();
    const guarded = guard.guard(files);
    const claim = guarded.claim('/in/a.csv');
    const seen: boolean[] = [];
    let swept = false;
    const sweep = guard.exclusive(async (mine) => {
      swept = true;
      seen.push(mine('/in/処理中/a.csv'), mine('/in/処理中/left-by-a-crash.csv'));
    });
    await tick();
    expect(swept).toBe(false);
    finishClaim();
    await claim;
    await sweep;
    expect(seen).toEqual([true, false]);
  });

  it('holds a claim asked for while the sweep runs until it is done', async () => {
    const guard = createSweepGuard();
    const { files, finishClaim } = slowFiles();
    const guarded = guard.guard(files);
    let release = (): void => {};
    const order: string[] = [];
    const sweep = guard.exclusive(async () => {
      order.push('sweep started');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('sweep done');
    });
    await tick();
    const claim = guarded.claim('/in/b.csv').then(() => order.push('claimed'));
    await tick();
    expect(order).toEqual(['sweep started']);
    release();
    await sweep;
    await tick();
    finishClaim();
    await claim;
    expect(order).toEqual(['sweep started', 'sweep done', 'claimed']);
  });

  it('remembers what 再送する moved back into 処理中 too', async () => {
    const guard = createSweepGuard();
    const guarded = guard.guard(slowFiles().files);
    await guarded.reclaim('/in/エラー/2026-11-30/c.csv', '/in/c.csv');
    expect(await guard.exclusive(async (mine) => mine('/in/処理中/c.csv'))).toBe(true);
  });
});
