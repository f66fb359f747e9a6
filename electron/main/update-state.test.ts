// The update state machine as a table: what each answer of the library makes of the state, and
// when the clerk is told (only of a check they asked for; of a downloaded version once).
import { describe, expect, it } from 'vitest';
import { stepUpdate, type UpdateEvent, type UpdateProgress, type UpdateState } from './update-state';

const at = '2026-11-30T00:00:00.000Z';
const progress = (state: UpdateState, manual = false, toldReady: string | null = null): UpdateProgress => ({ state, manual, toldReady });
const step = (p: UpdateProgress, e: UpdateEvent) => stepUpdate(p, e, '0.1.0');

describe('stepUpdate', () => {
  it.each<[string, UpdateProgress, UpdateEvent, UpdateState, RegExp | null]>([
    ['a check begins', progress({ kind: 'idle', checkedAt: null }), { type: 'check-started', manual: true }, { kind: 'checking' }, null],
    ['a newer version is found', progress({ kind: 'checking' }), { type: 'available', version: '0.2.0' }, { kind: 'downloading', version: '0.2.0', percent: null }, null],
    ['the download moves', progress({ kind: 'downloading', version: '0.2.0', percent: null }), { type: 'progress', percent: 41.6 }, { kind: 'downloading', version: '0.2.0', percent: 42 }, null],
    ['up to date, asked', progress({ kind: 'checking' }, true), { type: 'not-available', at }, { kind: 'idle', checkedAt: at }, /0\.1\.0.*最新/],
    ['up to date, not asked', progress({ kind: 'checking' }), { type: 'not-available', at }, { kind: 'idle', checkedAt: at }, null],
    ['a failure, asked', progress({ kind: 'downloading', version: '0.2.0', percent: 3 }, true), { type: 'failed', message: 'sha512 checksum mismatch' }, { kind: 'failed', message: 'sha512 checksum mismatch' }, /更新を確認できませんでした/],
    ['a failure, not asked', progress({ kind: 'checking' }), { type: 'failed', message: 'offline' }, { kind: 'failed', message: 'offline' }, null],
    ['downloaded, first time', progress({ kind: 'downloading', version: '0.2.0', percent: 99 }), { type: 'downloaded', version: '0.2.0' }, { kind: 'ready', version: '0.2.0' }, /更新の準備ができました（バージョン 0\.2\.0）/],
    ['downloaded again, already told', progress({ kind: 'downloading', version: '0.2.0', percent: 99 }, false, '0.2.0'), { type: 'downloaded', version: '0.2.0' }, { kind: 'ready', version: '0.2.0' }, null],
    ['a check returns unanswered', progress({ kind: 'checking' }), { type: 'check-returned', at }, { kind: 'idle', checkedAt: at }, null],
  ])('%s', (_, from, event, state, told) => {
    const { next, tell } = step(from, event);
    expect(next.state).toEqual(state);
    if (told === null) expect(tell).toBeNull();
    else expect(`${tell?.title} ${tell?.body}`).toMatch(told);
  });

  it('leaves the state itself alone (no redraw) for progress outside a download and a check the library already answered', () => {
    const ready = progress({ kind: 'ready', version: '0.2.0' });
    expect(step(ready, { type: 'progress', percent: 50 }).next.state).toBe(ready.state);
    const answered = progress({ kind: 'downloading', version: '0.2.0', percent: null });
    expect(step(answered, { type: 'check-returned', at }).next.state).toBe(answered.state);
  });

  it('forgets that the clerk asked once the check is answered, so a later timer check stays silent', () => {
    const answered = step(progress({ kind: 'checking' }, true), { type: 'not-available', at }).next;
    expect(answered.manual).toBe(false);
    expect(step({ ...answered, state: { kind: 'checking' } }, { type: 'failed', message: 'offline' }).tell).toBeNull();
  });
});
