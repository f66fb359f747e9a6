import { describe, expect, it } from 'vitest';
import { FILE_STATE_LABELS, type FileStateName } from '../../../shared/run';
import { canTransition, nextStates, TERMINAL_STATES, UNFINISHED_STATES } from './file-transitions';

const ALL = Object.keys(FILE_STATE_LABELS) as FileStateName[];

describe('file state transitions', () => {
  it('follows the happy path found → checked → sending → sent → importing → done', () => {
    const path: FileStateName[] = ['found', 'checked', 'sending', 'sent', 'importing', 'done'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('has no way out of a terminal state', () => {
    for (const t of TERMINAL_STATES) expect(nextStates(t)).toEqual([]);
  });

  it('never leads from sending (POST maybe made) back to a state that would send again without the clerk', () => {
    for (const to of ['found', 'checked', 'sending', 'duplicate', 'no-data', 'skipped'] as const) {
      expect(canTransition('sending', to)).toBe(false);
    }
    expect(canTransition('sending', 'held')).toBe(true);
    // Only the clerk's 再送 leads out of held.
    expect(nextStates('held')).toEqual(['sending']);
  });

  it('leaves 再送待ち only by the automatic resend, a new time, the 72-hour limit, a changed file or lines sent meanwhile', () => {
    expect(canTransition('sending', 'retry-wait')).toBe(true);
    expect(canTransition('checked', 'retry-wait')).toBe(true);
    expect(nextStates('retry-wait')).toEqual(['sending', 'retry-wait', 'failed', 'skipped', 'overlap']);
    // Nothing that was (or may have been) imported ever waits to be sent again.
    for (const from of ['sent', 'importing', 'unknown', 'held', 'done'] as const) expect(canTransition(from, 'retry-wait')).toBe(false);
  });

  it('keeps polling states repeatable and sent files out of pre-flight states', () => {
    expect(canTransition('importing', 'importing')).toBe(true);
    expect(canTransition('unknown', 'importing')).toBe(true);
    expect(canTransition('sent', 'checked')).toBe(false);
    expect(canTransition('done', 'failed')).toBe(false);
  });

  it('holds a file with overlapping lines until the clerk answers: only sending or failed lead out', () => {
    expect(canTransition('checked', 'overlap')).toBe(true);
    expect(nextStates('overlap')).toEqual(['sending', 'failed']);
    expect(canTransition('found', 'overlap')).toBe(false);
  });

  it('classifies every state as unfinished, terminal or waiting for the clerk', () => {
    for (const s of ALL) {
      const classes = [UNFINISHED_STATES.includes(s), TERMINAL_STATES.includes(s), s === 'held' || s === 'overlap'].filter(Boolean);
      expect(classes, s).toHaveLength(1);
    }
  });
});
