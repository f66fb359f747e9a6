// A fault reported before the tray exists (the core still opening) is not lost: the tray shows
// エラーあり as soon as it is there. And reporting never throws from the process's error handlers.
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../core/ports/logger';
import { createFaultReport } from './fault-report';

describe('fault report', () => {
  it('shows a fault from before the tray existed once the tray is ready, and later ones at once', () => {
    const told: string[] = [];
    const faults = createFaultReport({ logger: new MemoryLogger(), notifier: { fault: (f) => void told.push(f) }, logFile: '/data/logs/agent.log' });
    faults.report(new Error('boom while the database opened'));
    let faulted = 0;
    faults.trayReady({ faulted: () => void (faulted += 1) });
    expect(faulted).toBe(1);
    faults.report(new Error('boom later'));
    expect(faulted).toBe(2);
    expect(told).toEqual(['/data/logs/agent.log', '/data/logs/agent.log']);
  });

  it('a tray that is ready with no fault before stays as it is', () => {
    const faults = createFaultReport({ logger: new MemoryLogger(), notifier: { fault: () => undefined }, logFile: 'x' });
    let faulted = 0;
    faults.trayReady({ faulted: () => void (faulted += 1) });
    expect(faulted).toBe(0);
  });

  it('logs the stack, and a failing notifier is logged rather than thrown', () => {
    const logger = new MemoryLogger();
    const faults = createFaultReport({ logger, notifier: { fault: () => { throw new Error('Notification unavailable'); } }, logFile: 'x' });
    expect(() => faults.report(new Error('boom'))).not.toThrow();
    expect(logger.lines.find((l) => l.message === 'unexpected error')?.fields.error).toMatch(/^boom\n.*Error: boom/s);
    expect(logger.text()).toContain('fault report failed');
  });
});
