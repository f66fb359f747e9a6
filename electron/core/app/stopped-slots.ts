// The tray app's watch over slots that pass while the agent is stopped: it runs only while the agent
// is 停止中 and settings exist (before the first save there is no slot to miss), and only tells —
// the listeners (the tray) say 「停止中のため実行されませんでした」; nothing is ever run from here.
import { createStoppedWatch, type StoppedSlot } from '../agent/stopped-watch';
import type { Clock } from '../ports/clock';
import { createListenerSet } from '../ports/listener-set';
import type { Logger } from '../ports/logger';
import type { AgentHost } from './agent-host';
import type { EventHub } from './event-hub';

export interface StoppedSlotsDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly agents: Pick<AgentHost, 'status'>;
  readonly events: Pick<EventHub, 'on'>;
  /** Settings exist. */
  readonly configured: () => boolean;
}

export interface StoppedSlots {
  onSlots(listener: (slots: readonly StoppedSlot[]) => void): () => void;
  dispose(): void;
}

export function watchStoppedSlots(deps: StoppedSlotsDeps): StoppedSlots {
  const listeners = createListenerSet<[readonly StoppedSlot[]]>(deps.logger, 'stopped-slot listener');
  const watch = createStoppedWatch({ clock: deps.clock, logger: deps.logger, nextRuns: () => deps.agents.status().nextRuns, onSlots: (slots) => listeners.emit(slots) });
  const unsubscribe = deps.events.on('agent:status', (status) => {
    if (status.agent.state === 'stopped' && deps.configured()) watch.watch();
    else watch.unwatch();
  });
  return {
    onSlots: (listener) => listeners.add(listener),
    dispose() {
      unsubscribe();
      watch.unwatch();
      listeners.clear();
    },
  };
}
