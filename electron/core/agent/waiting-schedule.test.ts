// The slots shown beside a scheduled setting's waiting files, in the PC's zone as the scheduler has them.
process.env.TZ = 'Asia/Tokyo';
import { describe, expect, it } from 'vitest';
import type { WaitingFiles } from '../../../shared/run';
import { withSchedules } from './waiting-schedule';

const group = (target: string): WaitingFiles => ({ target, folder: `/r/${target}`, folderProblem: null, files: [], ignored: [], ignoredTotal: 0, schedule: null });
const jst = (s: string) => new Date(`${s}+09:00`);

describe('withSchedules', () => {
  it('a file dropped at 10:00 on the 25th after the 9時 slot waits for next month’s slot', () => {
    const [monthly, manual, customers] = withSchedules(
      [group('m'), group('h'), group('customers')],
      [
        { id: 'm', timing: { mode: 'schedule', every: 'month', day: 25, hour: 9, businessDay: 'as-is' } },
        { id: 'h', timing: { mode: 'manual' } },
      ],
      jst('2026-11-25T10:00:00'),
    );
    expect(monthly!.schedule).toEqual({ previous: jst('2026-11-25T09:00:00').toISOString(), next: jst('2026-12-25T09:00:00').toISOString() });
    expect(manual!.schedule).toBeNull();
    expect(customers!.schedule).toBeNull();
  });
});
