// The update's state machine, pure: what each answer of the update library (electron-updater's
// events, or a check that returned without one) makes of the state, and what the clerk is told
// about it. The clerk hears of a check's outcome only when they asked (「更新を確認」), and of a
// downloaded version once. updater.ts feeds the library's events in and carries the effects out.
import type { NotificationText } from './notification-text';
import { updateCheckFailedNotification, updateReadyNotification, upToDateNotification } from './update-text';

export type UpdateDisabledReason = 'no-url' | 'unsupported' | 'development';

export type UpdateState =
  | { readonly kind: 'disabled'; readonly reason: UpdateDisabledReason }
  | { readonly kind: 'idle'; readonly checkedAt: string | null }
  | { readonly kind: 'checking' }
  | { readonly kind: 'downloading'; readonly version: string; readonly percent: number | null }
  | { readonly kind: 'ready'; readonly version: string }
  | { readonly kind: 'failed'; readonly message: string };

/** What the tray menu shows. */
export interface UpdateView {
  readonly state: UpdateState;
  readonly busy: boolean;
}

/** The state with what it remembers of the clerk: whether they asked for this check, which version they were told of. */
export interface UpdateProgress {
  readonly state: UpdateState;
  readonly manual: boolean;
  readonly toldReady: string | null;
}

export type UpdateEvent =
  | { readonly type: 'check-started'; readonly manual: boolean }
  /** The check returned; without an answer event (the library skips an inactive updater) it ends here. */
  | { readonly type: 'check-returned'; readonly at: string }
  | { readonly type: 'available'; readonly version: string }
  | { readonly type: 'progress'; readonly percent: number }
  | { readonly type: 'not-available'; readonly at: string }
  | { readonly type: 'downloaded'; readonly version: string }
  | { readonly type: 'failed'; readonly message: string };

export interface UpdateStep {
  /** The same `state` object when nothing the menu shows changed. */
  readonly next: UpdateProgress;
  readonly tell: NotificationText | null;
}

export function stepUpdate(p: UpdateProgress, event: UpdateEvent, currentVersion: string): UpdateStep {
  const keep = (state: UpdateState = p.state): UpdateStep => ({ next: { ...p, state }, tell: null });
  switch (event.type) {
    case 'check-started':
      return { next: { ...p, state: { kind: 'checking' }, manual: event.manual }, tell: null };
    case 'check-returned':
      return p.state.kind === 'checking' ? keep({ kind: 'idle', checkedAt: event.at }) : keep();
    case 'available':
      return keep({ kind: 'downloading', version: event.version, percent: null });
    case 'progress':
      return p.state.kind === 'downloading' ? keep({ ...p.state, percent: Math.round(event.percent) }) : keep();
    case 'not-available':
      return { next: { ...p, state: { kind: 'idle', checkedAt: event.at }, manual: false }, tell: p.manual ? upToDateNotification(currentVersion) : null };
    case 'downloaded':
      return {
        next: { state: { kind: 'ready', version: event.version }, manual: false, toldReady: event.version },
        tell: p.toldReady !== event.version ? updateReadyNotification(event.version) : null,
      };
    case 'failed':
      return { next: { ...p, state: { kind: 'failed', message: event.message }, manual: false }, tell: p.manual ? updateCheckFailedNotification() : null };
  }
}
