import { describe, expect, it } from 'vitest';
import { createListenerSet } from './listener-set';
import { MemoryLogger } from './logger';

describe('createListenerSet', () => {
  it('calls every listener in order, even after one throws, and logs what threw', () => {
    const logger = new MemoryLogger();
    const set = createListenerSet<[string, number]>(logger, 'event listener', (channel) => ({ channel }));
    const got: string[] = [];
    set.add((c, n) => void got.push(`a ${c} ${n}`));
    set.add(() => {
      throw new Error('window closed');
    });
    set.add((c, n) => void got.push(`c ${c} ${n}`));
    set.emit('agent:status', 1);
    expect(got).toEqual(['a agent:status 1', 'c agent:status 1']);
    expect(logger.lines).toEqual([{ level: 'warn', message: 'event listener threw', fields: { channel: 'agent:status', error: 'Error: window closed' } }]);
  });

  it('add returns its own unsubscribe; a listener may unsubscribe while being called', () => {
    const set = createListenerSet<[]>(new MemoryLogger(), 'listener');
    const calls: string[] = [];
    const offA = set.add(() => {
      calls.push('a');
      offA();
    });
    set.add(() => void calls.push('b'));
    set.emit();
    set.emit();
    expect(calls).toEqual(['a', 'b', 'b']);
    expect(set.size).toBe(1);
    set.clear();
    expect(set.size).toBe(0);
  });
});
