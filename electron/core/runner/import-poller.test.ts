import { describe, expect, it } from 'vitest';
import type { ApiError, ApiResult, ImportState, MeisaiApi } from '../api/types';
import { ManualClock } from '../ports/clock';
import { MemoryLogger } from '../ports/logger';
import { pollImport, type PollOutcome } from './import-poller';

/** Records every wait the poller asks for, so the pacing is asserted exactly. */
class RecordingClock extends ManualClock {
  readonly waits: number[] = [];
  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.waits.push(ms);
    return super.sleep(ms, signal);
  }
}

/** A fake API whose state call answers from a script, recording when it was asked. */
function scriptedApi(clock: ManualClock, script: ApiResult<ImportState>[]): { api: MeisaiApi; asked: number[] } {
  const asked: number[] = [];
  const start = clock.now().getTime();
  const state = async (): Promise<ApiResult<ImportState>> => {
    asked.push(clock.now().getTime() - start);
    return script.shift() ?? { ok: true, value: { processStatus: 'active' } };
  };
  const never = () => Promise.reject(new Error('not used'));
  return { api: { importCustomers: never, importReports: never, customerImportState: state, reportImportState: state, deleteReportImport: never, lookupCustomers: never }, asked };
}

const active: ApiResult<ImportState> = { ok: true, value: { processStatus: 'active' } };
const complete: ApiResult<ImportState> = { ok: true, value: { processStatus: 'complete' } };
const failure = (kind: ApiError['kind']): ApiResult<ImportState> => ({ ok: false, error: { kind, message: `${kind}です`, detail: kind } as ApiError });

async function drive(clock: ManualClock, p: Promise<PollOutcome>): Promise<PollOutcome> {
  let done: PollOutcome | null = null;
  void p.then((o) => (done = o));
  for (let i = 0; i < 1000 && done === null; i++) await clock.advance(1_000);
  return done ?? Promise.reject(new Error('poll never finished'));
}

const base = (clock: ManualClock) => ({
  clock,
  logger: new MemoryLogger(),
  random: () => 0.5,
  retry: { baseMs: 1_000, maxMs: 8_000, maxAttempts: 3 },
  firstPollMs: 1_000,
  maxPollMs: 5_000,
  activeLimitMs: 60_000,
});

describe('pollImport', () => {
  it('polls an active import at a slowing pace until complete', async () => {
    const clock = new RecordingClock('2026-11-30T00:00:00Z');
    const { api, asked } = scriptedApi(clock, [active, active, active, complete]);
    let actives = 0;
    const outcome = await drive(clock, pollImport(api, 'report', 7, { ...base(clock), onActive: () => actives++ }));
    expect(outcome).toEqual({ kind: 'complete' });
    expect(actives).toBe(3);
    expect(asked).toHaveLength(4);
    expect(clock.waits).toEqual([1_000, 1_500, 2_250]);
  });

  it('passes the failure detail through', async () => {
    const clock = new RecordingClock('2026-11-30T00:00:00Z');
    const problems = [{ line: 3, message: '顧客コードが登録されていません' }];
    const { api } = scriptedApi(clock, [{ ok: true, value: { processStatus: 'failed', raw: 'error', problems } }]);
    expect(await drive(clock, pollImport(api, 'customers', 7, base(clock)))).toEqual({ kind: 'failed', problems });
  });

  it.each(['unreachable', 'uncertain', 'server', 'maintenance', 'rate-limited', 'malformed'] as const)(
    'retries %s with backoff and jitter, then gives up as unknown after the bound',
    async (kind) => {
      const clock = new RecordingClock('2026-11-30T00:00:00Z');
      const { api, asked } = scriptedApi(clock, [failure(kind), failure(kind), failure(kind), failure(kind), complete]);
      const outcome = await drive(clock, pollImport(api, 'report', 7, base(clock)));
      expect(outcome.kind).toBe('unknown');
      // 3 retries: waits of 750, 1500, 3000 ms (half fixed, half jitter at 0.5), then no more asking.
      expect(clock.waits).toEqual([750, 1_500, 3_000]);
      expect(asked).toHaveLength(4);
    },
  );

  it('recovers when a transient error passes', async () => {
    const clock = new RecordingClock('2026-11-30T00:00:00Z');
    const { api } = scriptedApi(clock, [failure('server'), failure('maintenance'), complete]);
    expect(await drive(clock, pollImport(api, 'report', 7, base(clock)))).toEqual({ kind: 'complete' });
  });

  it('does not retry a wrong token or URL within the run', async () => {
    const clock = new RecordingClock('2026-11-30T00:00:00Z');
    const { api, asked } = scriptedApi(clock, [failure('auth'), complete]);
    const outcome = await drive(clock, pollImport(api, 'report', 7, base(clock)));
    expect(outcome.kind).toBe('unknown');
    expect(outcome.kind === 'unknown' && outcome.reason).toContain('authです');
    expect(asked).toHaveLength(1);
  });

  it('leaves an import active past the time bound to the next run', async () => {
    const clock = new RecordingClock('2026-11-30T00:00:00Z');
    const { api, asked } = scriptedApi(clock, []);
    const outcome = await drive(clock, pollImport(api, 'report', 7, { ...base(clock), activeLimitMs: 20_000 }));
    expect(outcome.kind).toBe('unknown');
    expect(asked.at(-1)).toBeGreaterThanOrEqual(20_000);
  });

  it('counts the waits it asked for, not the wall clock: a PC asleep for 2 hours mid-poll still sees the import complete', async () => {
    const clock = new RecordingClock('2026-11-30T00:00:00Z');
    const script = [active, active, complete];
    const asked: number[] = [];
    const state = async (): Promise<ApiResult<ImportState>> => {
      asked.push(clock.now().getTime());
      // The PC sleeps (the wall clock jumps 2 hours) during the wait after the first answer.
      if (asked.length === 1) clock.jump(2 * 3600_000);
      return script.shift() ?? active;
    };
    const never = () => Promise.reject(new Error('not used'));
    const api: MeisaiApi = { importCustomers: never, importReports: never, customerImportState: state, reportImportState: state, deleteReportImport: never, lookupCustomers: never };
    const outcome = await drive(clock, pollImport(api, 'report', 7, { ...base(clock), activeLimitMs: 10 * 60_000 }));
    expect(outcome).toEqual({ kind: 'complete' });
    expect(asked).toHaveLength(3);
  });

  it('a clock set back does not stretch the polling past the limit', async () => {
    const clock = new RecordingClock('2026-11-30T00:00:00Z');
    const { api } = scriptedApi(clock, []);
    const p = pollImport(api, 'report', 7, { ...base(clock), activeLimitMs: 20_000 });
    clock.jump(-3600_000);
    const outcome = await drive(clock, p);
    expect(outcome.kind).toBe('unknown');
    expect(clock.waits.reduce((a, b) => a + b, 0)).toBeLessThan(20_000 + 5_000);
  });

  it('stops when cancelled', async () => {
    const clock = new RecordingClock('2026-11-30T00:00:00Z');
    const { api } = scriptedApi(clock, []);
    const controller = new AbortController();
    const p = pollImport(api, 'report', 7, { ...base(clock), signal: controller.signal });
    await clock.advance(2_500);
    controller.abort();
    const outcome = await drive(clock, p);
    expect(outcome.kind).toBe('unknown');
  });
});
