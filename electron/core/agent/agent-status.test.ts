// The agent's status feed: a history that cannot count the files waiting for the clerk must not
// hide the agent's state, and nobody listening means no history query at all.
import { describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../../shared/run';
import { MemoryLogger } from '../ports/logger';
import { createAgentStatus, type AgentStatusSources } from './agent-status';

const idleQueue = () => ({ running: null, queued: [] });

function sources(over: Partial<AgentStatusSources> = {}): AgentStatusSources {
  return {
    logger: new MemoryLogger(),
    lifecycle: () => ({ started: true, problem: null }),
    queue: idleQueue,
    nextRuns: () => [{ reportId: 'r1', name: '請求書', at: '2026-03-10T00:00:00.000Z' }],
    retryWait: () => undefined,
    ...over,
  };
}

describe('agent status', () => {
  it('still says 稼働中 and the next slot when the history cannot count what waits for the clerk', () => {
    const logger = new MemoryLogger();
    const feed = createAgentStatus(sources({ logger, attentionCount: () => { throw new Error('SQLITE_BUSY'); } }));
    expect(feed.status()).toEqual({ agent: { state: 'idle' }, nextRuns: [{ reportId: 'r1', name: '請求書', at: '2026-03-10T00:00:00.000Z' }], attention: 0 });
    expect(logger.text()).toContain('attention count unavailable');
  });

  it('asks the history only when someone listens, and tells each listener the current status', () => {
    let asked = 0;
    let started = false;
    const feed = createAgentStatus(sources({ lifecycle: () => ({ started, problem: null }), attentionCount: () => ++asked }));
    feed.notify();
    expect(asked).toBe(0);
    const seen: AgentStatus[] = [];
    const off = feed.onStatus((s) => seen.push(s));
    started = true;
    feed.notify();
    off();
    feed.notify();
    expect(asked).toBe(1);
    expect(seen.map((s) => [s.agent.state, s.attention])).toEqual([['idle', 1]]);
  });
});
