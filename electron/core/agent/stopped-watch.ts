// While the agent is stopped (停止中) nothing runs — and a clerk who forgot to 起動 believes the
// month-end invoices went out. This light watch only tells: it sleeps until the next slot the
// (stopped) scheduler computes and then reports the slots that passed, once each, so the tray can
// say 「停止中のため実行されませんでした」. It never requests a run: there is exactly one scheduler,
// and when the agent is started it catches the missed slot up once (遅延実行) by itself.
import type { NextRun } from '../../../shared/run';
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';

/** A slot that passed while the agent was stopped. */
export interface StoppedSlot {
  readonly reportId: string;
  readonly name: string;
  /** ISO 8601. */
  readonly at: string;
}

/** Longest single sleep: a wall-clock jump (sleep, a clock corrected) is noticed within this. */
export const STOPPED_WATCH_MAX_SLEEP_MS = 10 * 60 * 1000;

/** The expected slots that have come by `now` and were not told yet. Pure. */
export function passedSlots(expected: readonly NextRun[], now: Date, told: ReadonlyMap<string, string>): StoppedSlot[] {
  const out: StoppedSlot[] = [];
  for (const r of expected) {
    if (r.at === null || Date.parse(r.at) > now.getTime() || told.get(r.reportId) === r.at) continue;
    out.push({ reportId: r.reportId, name: r.name, at: r.at });
  }
  return out;
}

export interface StoppedWatchOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Each setting's next slot as the scheduler computes it (it does so while stopped, too). */
  readonly nextRuns: () => readonly NextRun[];
  /** Slots that passed while stopped; called once per slot. */
  readonly onSlots: (slots: readonly StoppedSlot[]) => void;
  readonly maxSleepMs?: number;
}

export interface StoppedWatch {
  /** The agent is stopped (or its settings changed while stopped): tell what passed, then wait for the next slot. */
  watch(): void;
  /** The agent runs (its scheduler takes over) or is gone. */
  unwatch(): void;
}

export function createStoppedWatch(options: StoppedWatchOptions): StoppedWatch {
  const { clock } = options;
  const logger = options.logger.child({ component: 'stopped-watch' });
  const maxSleepMs = options.maxSleepMs ?? STOPPED_WATCH_MAX_SLEEP_MS;
  let active = false;
  let timer: TimerHandle | null = null;
  let expected: readonly NextRun[] = [];
  const told = new Map<string, string>();

  const check = () => {
    timer?.cancel();
    timer = null;
    if (!active) return;
    const now = clock.now();
    const passed = passedSlots(expected, now, told);
    for (const p of passed) told.set(p.reportId, p.at);
    if (passed.length > 0) {
      logger.warn('scheduled slot passed while the agent is stopped', { slots: passed.map((p) => `${p.reportId}@${p.at}`) });
      try {
        options.onSlots(passed);
      } catch (e) {
        logger.error('stopped-slot listener threw', { error: String(e) });
      }
    }
    expected = options.nextRuns().filter((r) => r.at !== null);
    let wakeAt = now.getTime() + maxSleepMs;
    for (const r of expected) wakeAt = Math.min(wakeAt, Date.parse(r.at as string));
    timer = clock.setTimeout(check, Math.max(0, wakeAt - clock.now().getTime()));
  };

  return {
    watch() {
      active = true;
      check();
    },
    unwatch() {
      active = false;
      timer?.cancel();
      timer = null;
      expected = [];
    },
  };
}
