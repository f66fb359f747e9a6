// An in-memory ScheduleStateStore: for tests, benchmarks and a headless run without a data folder.
// The real one is SQLite-backed (electron/core/history) so the last fired slot survives restarts.
import type { ScheduleStateStore } from '../history/history-interface';

export function createMemoryScheduleStore(initial: Record<string, Date> = {}): ScheduleStateStore & { snapshot(): Record<string, string> } {
  const slots = new Map<string, number>(Object.entries(initial).map(([k, v]) => [k, v.getTime()]));
  return {
    lastFiredSlot: (reportId) => {
      const t = slots.get(reportId);
      return t === undefined ? null : new Date(t);
    },
    recordFiredSlot: (reportId, slot) => void slots.set(reportId, slot.getTime()),
    snapshot: () => Object.fromEntries([...slots].map(([k, v]) => [k, new Date(v).toISOString()])),
  };
}
