import { describe, expect, it } from 'vitest';
import type { QueueSnapshot } from '../queue/types';
import { agentStateOf } from './agent-state';

const req = (runId: string) => ({ runId, target: { kind: 'customers' as const }, trigger: 'manual' as const });
const empty: QueueSnapshot = { running: null, queued: [] };

describe('agentStateOf', () => {
  it.each([
    ['not started: 停止中, whatever the queue holds', { started: false, problem: null }, { running: req('a'), queued: [] }, { state: 'stopped' }],
    ['started with a problem: エラーあり', { started: true, problem: '監視できません' }, empty, { state: 'error', message: '監視できません' }],
    ['started, nothing queued: 稼働中', { started: true, problem: null }, empty, { state: 'idle' }],
    ['running and queued runs, running first', { started: true, problem: null }, { running: req('a'), queued: [req('b'), req('c')] }, { state: 'running', runIds: ['a', 'b', 'c'] }],
    ['only queued', { started: true, problem: null }, { running: null, queued: [req('b')] }, { state: 'running', runIds: ['b'] }],
  ])('%s', (_what, agent, queue, expected) => {
    expect(agentStateOf(agent, queue)).toEqual(expected);
  });
});
