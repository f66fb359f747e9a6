// The scheduler's memory, in the history database: the last slot fired per report setting. Written
// when a slot fires (before its run starts), so a restart neither fires it again nor forgets a slot
// missed while the PC was off.
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock';
import type { ScheduleStateStore } from './history-interface';

export function createSqliteScheduleState(db: Database.Database, clock: Clock): ScheduleStateStore {
  const select = db.prepare<[string], { last_slot: string }>('SELECT last_slot FROM schedule_state WHERE report_id = ?');
  const upsert = db.prepare(`
    INSERT INTO schedule_state (report_id, last_slot, recorded_at) VALUES (@reportId, @slot, @now)
    ON CONFLICT (report_id) DO UPDATE SET last_slot = excluded.last_slot, recorded_at = excluded.recorded_at`);
  return {
    lastFiredSlot(reportId) {
      const row = select.get(reportId);
      return row === undefined ? null : new Date(row.last_slot);
    },
    recordFiredSlot(reportId, slot) {
      if (Number.isNaN(slot.getTime())) throw new RangeError(`invalid slot for ${reportId}`);
      upsert.run({ reportId, slot: slot.toISOString(), now: clock.now().toISOString() });
    },
  };
}
