// The readings of the update marks at start-up: whether a pending version is still to be installed,
// and whose restart mark is ours to honour.
import { describe, expect, it } from 'vitest';
import { pendingAtStart, RESTART_MARK_TTL_MS, restartStateOf } from './update-marks';

describe('pendingAtStart', () => {
  it.each([
    [{}, 'none'],
    [{ pendingVersion: '0.2.0' }, 'install'],
    [{ pendingVersion: '0.1.0' }, 'installed'],
    // Older than what runs (an installer run by hand): nothing to install.
    [{ pendingVersion: '0.0.9' }, 'installed'],
  ] as const)('%j at 0.1.0 → %s', (marks, expected) => {
    expect(pendingAtStart(marks, '0.1.0')).toBe(expected);
  });
});

describe('restartStateOf', () => {
  const now = new Date('2026-11-30T09:00:00+09:00');
  const markAt = (ms: number) => ({ restart: { agentWasRunning: true, at: new Date(now.getTime() - ms).toISOString() } });

  it('honours a mark up to its age limit, not older, and not one from the future (a clock set back)', () => {
    expect(restartStateOf(markAt(RESTART_MARK_TTL_MS), now)).toEqual({ agentWasRunning: true });
    expect(restartStateOf(markAt(RESTART_MARK_TTL_MS + 1), now)).toBeNull();
    expect(restartStateOf(markAt(-1), now)).toBeNull();
    expect(restartStateOf({}, now)).toBeNull();
  });
});
