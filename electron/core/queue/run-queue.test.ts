// The run queue with a controllable executor: serialisation, refusals (「実行中です」), cancellation
// between files, progress fan-out, crash of the executor, stop.
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../ports/logger';
import type { RunProgress, RunSummary, RunTarget } from '../../../shared/run';
import { createRunQueue } from './run-queue';
import type { RunExecutor } from './types';

const customers: RunTarget = { kind: 'customers' };
const report = (reportId: string): RunTarget => ({ kind: 'report', reportId });

function summaryFor(runId: string, target: RunTarget, outcome: RunSummary['outcome'] = 'success'): RunSummary {
  return {
    id: runId, target, targetName: 'x', trigger: 'manual', startedAt: '2026-03-10T00:00:00.000Z', finishedAt: '2026-03-10T00:00:01.000Z',
    outcome, counts: { files: 1, done: 1, failed: 0, skipped: 0, attention: 0 }, message: 'ok',
  };
}

/** An executor whose runs finish only when the test says so; it processes "files" between checks of the signal. */
function controllableExecutor() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const signals = new Map<string, AbortSignal>();
  const executor: RunExecutor = async ({ runId, target, signal, onProgress }) => {
    started.push(runId);
    signals.set(runId, signal);
    onProgress({ type: 'file-found', runId, fileName: 'a.csv', kind: 'report' });
    await new Promise<void>((resolve) => releases.set(runId, resolve));
    return summaryFor(runId, target, signal.aborted ? 'cancelled' : 'success');
  };
  return { executor, started, signals, finish: async (runId: string) => { releases.get(runId)!(); await flush(); } };
}

const flush = async () => { for (let i = 0; i < 20; i++) await Promise.resolve(); };

function newQueue(executor: RunExecutor) {
  let n = 0;
  const logger = new MemoryLogger();
  const queue = createRunQueue({ executor, logger, newRunId: () => `run-${++n}` });
  const events: RunProgress[] = [];
  queue.onProgress((p) => events.push(p));
  return { queue, events, logger };
}

describe('run queue', () => {
  it('runs one at a time, in order; customers and each report are separate keys', async () => {
    const ex = controllableExecutor();
    const { queue } = newQueue(ex.executor);
    const a = queue.enqueue(report('a'), 'manual');
    const c = queue.enqueue(customers, 'manual');
    const b = queue.enqueue(report('b'), 'schedule');
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, true]);
    await flush();
    expect(ex.started).toEqual(['run-1']);
    expect(queue.snapshot()).toMatchObject({ running: { runId: 'run-1' }, queued: [{ runId: 'run-2' }, { runId: 'run-3' }] });
    await ex.finish('run-1');
    expect(ex.started).toEqual(['run-1', 'run-2']);
    await ex.finish('run-2');
    await ex.finish('run-3');
    await queue.idle();
    expect(queue.snapshot()).toEqual({ running: null, queued: [] });
  });

  it('refuses a target already running or queued with 「実行中です」, and accepts it again afterwards', async () => {
    const ex = controllableExecutor();
    const { queue } = newQueue(ex.executor);
    expect(queue.enqueue(report('a'), 'manual').ok).toBe(true);
    expect(queue.enqueue(report('b'), 'manual').ok).toBe(true);
    const running = queue.enqueue(report('a'), 'schedule');
    const queued = queue.enqueue(report('b'), 'arrival');
    for (const r of [running, queued]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'queue.busy', message: '実行中です' });
    }
    expect(queue.isBusy(report('a'))).toBe(true);
    expect(queue.isBusy(customers)).toBe(false);
    await ex.finish('run-1');
    expect(queue.enqueue(report('a'), 'manual')).toEqual({ ok: true, value: { runId: 'run-3' } });
  });

  it('cancels a queued run (never executed) and a running one through its signal', async () => {
    const ex = controllableExecutor();
    const { queue, events } = newQueue(ex.executor);
    queue.enqueue(report('a'), 'manual');
    queue.enqueue(report('b'), 'manual');
    expect(queue.cancel('run-2')).toEqual({ ok: true, value: { state: 'dequeued' } });
    expect(queue.cancel('run-1')).toEqual({ ok: true, value: { state: 'cancelling' } });
    expect(ex.signals.get('run-1')?.aborted).toBe(true);
    await ex.finish('run-1');
    await queue.idle();
    expect(ex.started).toEqual(['run-1']);
    const finished = events.filter((e) => e.type === 'run-finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ summary: { outcome: 'cancelled' } });
    const unknown = queue.cancel('run-9');
    expect(unknown.ok).toBe(false);
  });

  it('fans progress out to every subscriber; unsubscribe stops delivery; exactly one start and one finish per run', async () => {
    const executor: RunExecutor = async ({ runId, target, trigger, onProgress }) => {
      onProgress({ type: 'run-started', runId, target, trigger, targetName: 'x' });
      onProgress({ type: 'file-importing', runId, fileName: 'a.csv', index: 1, total: 2 });
      const summary = summaryFor(runId, target);
      onProgress({ type: 'run-finished', runId, summary });
      onProgress({ type: 'run-finished', runId, summary });
      return summary;
    };
    const { queue, events } = newQueue(executor);
    const second: string[] = [];
    const unsubscribe = queue.onProgress((p) => second.push(p.type));
    queue.enqueue(customers, 'manual');
    await queue.idle();
    unsubscribe();
    queue.enqueue(customers, 'manual');
    await queue.idle();
    expect(second).toEqual(['run-started', 'file-importing', 'run-finished']);
    expect(events.map((e) => e.type)).toEqual(['run-started', 'file-importing', 'run-finished', 'run-started', 'file-importing', 'run-finished']);
  });

  it('a crashing executor is reported as a failed run and the queue carries on', async () => {
    let calls = 0;
    const executor: RunExecutor = async ({ runId, target }) => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return summaryFor(runId, target);
    };
    const { queue, events, logger } = newQueue(executor);
    queue.enqueue(report('a'), 'manual');
    queue.enqueue(report('b'), 'manual');
    await queue.idle();
    const finished = events.filter((e): e is Extract<RunProgress, { type: 'run-finished' }> => e.type === 'run-finished');
    expect(finished.map((f) => f.summary.outcome)).toEqual(['failed', 'success']);
    expect(finished[0]!.summary.message).toContain('予期しないエラー');
    expect(logger.text()).toContain('boom');
  });

  it('stop({ graceful: true }) waits for the run in flight without aborting it, drops the waiting ones, refuses new runs', async () => {
    const ex = controllableExecutor();
    const { queue } = newQueue(ex.executor);
    queue.enqueue(report('a'), 'manual');
    queue.enqueue(report('b'), 'manual');
    let stopped = false;
    const stopping = queue.stop({ graceful: true }).then(() => { stopped = true; });
    await flush();
    expect(stopped).toBe(false);
    expect(ex.signals.get('run-1')?.aborted).toBe(false);
    const refused = queue.enqueue(customers, 'manual');
    expect(refused.ok ? null : refused.error.code).toBe('queue.stopped');
    await ex.finish('run-1');
    await stopping;
    expect(stopped).toBe(true);
    expect(ex.started).toEqual(['run-1']);
  });

  it('stop({ graceful: false }) cancels the run in flight through its signal and waits for it', async () => {
    const ex = controllableExecutor();
    const { queue, events } = newQueue(ex.executor);
    queue.enqueue(report('a'), 'manual');
    const stopping = queue.stop({ graceful: false });
    expect(ex.signals.get('run-1')?.aborted).toBe(true);
    await ex.finish('run-1');
    await stopping;
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', summary: { outcome: 'cancelled' } });
  });

  it('notifies changes (for the tray status)', async () => {
    const ex = controllableExecutor();
    const { queue } = newQueue(ex.executor);
    const seen: (string | null)[] = [];
    queue.onChange((s) => seen.push(s.running?.runId ?? null));
    queue.enqueue(report('a'), 'manual');
    await ex.finish('run-1');
    expect(seen).toEqual(['run-1', null]);
  });

  it('queues an automatic resend under the waiting run\'s id, beside (not instead of) a run of the same setting', async () => {
    const ex = controllableExecutor();
    const { queue } = newQueue(ex.executor);
    expect(queue.enqueue(report('a'), 'schedule')).toEqual({ ok: true, value: { runId: 'run-1' } });
    expect(queue.enqueue(report('a'), 'retry', { runId: 'waiting-run' })).toEqual({ ok: true, value: { runId: 'waiting-run' } });
    // The same resend twice is one request; the setting's own runs are not blocked by it.
    expect(queue.enqueue(report('a'), 'retry', { runId: 'waiting-run' })).toMatchObject({ ok: false, error: { code: 'queue.busy' } });
    expect(queue.enqueue(report('a'), 'manual')).toMatchObject({ ok: false, error: { code: 'queue.busy' } });
    await ex.finish('run-1');
    expect(ex.started).toEqual(['run-1', 'waiting-run']);
    expect(queue.enqueue(report('a'), 'manual').ok).toBe(true);
    await ex.finish('waiting-run');
  });
});
