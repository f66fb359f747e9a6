// When the files waiting for a 「スケジュール実行」 setting will go: the setting's last and next slot,
// from the scheduler's own pure slot functions (business days and 末日 included), so a file dropped
// at 10:00 after the 9時 slot shows that it waits for the next one — and the clerk can send it now.
import type { WaitingFiles } from '../../../shared/run';
import type { Timing } from '../../../shared/settings/schema';
import { nextSlot, previousSlot } from '../schedule/next-slot';

export function withSchedules(groups: readonly WaitingFiles[], reports: readonly { readonly id: string; readonly timing: Timing }[], now: Date): WaitingFiles[] {
  const timings = new Map(reports.map((r) => [r.id, r.timing]));
  return groups.map((g) => {
    const timing = timings.get(g.target);
    if (timing === undefined || timing.mode !== 'schedule') return g.schedule === null ? g : { ...g, schedule: null };
    return { ...g, schedule: { previous: previousSlot(timing, now).toISOString(), next: nextSlot(timing, now).toISOString() } };
  });
}
