import { describe, expect, it } from 'vitest';
import { HISTORY, SETTINGS, WAITING, formatHash, historyRun, parseHash, type Route } from './route';

describe('parseHash', () => {
  it.each<[string, Route]>([
    ['', SETTINGS],
    ['#/settings', SETTINGS],
    ['#/settings/step2', { ...SETTINGS, step: 'step2' }],
    ['#/settings/step4/r-1', { page: 'settings', step: 'step4', reportId: 'r-1' }],
    // The in-page anchors of earlier versions still land on their step.
    ['#step3', { ...SETTINGS, step: 'step3' }],
    ['#/waiting', WAITING],
    ['#/history', HISTORY],
    ['#/history/8f2c-11', historyRun('8f2c-11')],
    ['#/history?outcome=attention', { ...HISTORY, outcome: 'attention' }],
    ['#/history?outcome=nonsense&target=customers', { ...HISTORY, target: 'customers' }],
    ['#/history?view=latest-errors', { ...HISTORY, view: 'latest-errors' }],
    ['#/history/%E0%A4', HISTORY],
    ['#/nowhere', SETTINGS],
  ])('%s', (hash, route) => expect(parseHash(hash)).toEqual(route));
});

describe('formatHash', () => {
  it.each<Route>([
    SETTINGS,
    { ...SETTINGS, step: 'step1' },
    { page: 'settings', step: 'step4', reportId: 'a b' },
    WAITING,
    HISTORY,
    historyRun('run/1'),
    { ...HISTORY, outcome: 'failed', target: 'customers' },
    { ...HISTORY, view: 'latest-errors' },
  ])('round-trips %o', (route: Route) => expect(parseHash(formatHash(route))).toEqual(route));

  it('writes the URLs main opens the window at', () => {
    expect(formatHash(historyRun('abc'))).toBe('#/history/abc');
    expect(formatHash(HISTORY)).toBe('#/history');
    expect(formatHash(SETTINGS)).toBe('#/settings');
  });
});
