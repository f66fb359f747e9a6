// The window's address: which page, which run, which setting. Main opens the window at these
// hashes (a notification at `#/history/<runId>`, the tray's 実行履歴 at `#/history`, 設定を開く at
// `#/settings`), and every move inside the window writes one, so back / forward work. Pure: parse
// and format are each other's inverse, tested as a table.
import type { RunOutcome } from '../../../shared/run';

export type SettingsStep = 'step1' | 'step2' | 'step3' | 'step4';

/** What the history list shows: everything under a filter, or the settings whose latest run failed. */
export type HistoryView = 'all' | 'latest-errors';

export interface SettingsRoute {
  readonly page: 'settings';
  readonly step: SettingsStep | null;
  readonly reportId: string | null;
}
export interface WaitingRoute {
  readonly page: 'waiting';
}
export interface HistoryRoute {
  readonly page: 'history';
  readonly runId: string | null;
  readonly outcome: RunOutcome | null;
  readonly target: string | null;
  readonly view: HistoryView;
}

export type Route = SettingsRoute | WaitingRoute | HistoryRoute;

export type Page = Route['page'];

export const SETTINGS: SettingsRoute = { page: 'settings', step: null, reportId: null };
export const WAITING: WaitingRoute = { page: 'waiting' };
export const HISTORY: HistoryRoute = { page: 'history', runId: null, outcome: null, target: null, view: 'all' };

const OUTCOMES: readonly RunOutcome[] = ['running', 'success', 'nothing', 'partial', 'failed', 'attention', 'cancelled', 'retry-wait'];
const STEPS: readonly SettingsStep[] = ['step1', 'step2', 'step3', 'step4'];

export const historyRun = (runId: string): HistoryRoute => ({ ...HISTORY, runId });

const decode = (s: string | undefined): string | null => {
  if (s === undefined || s === '') return null;
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

/** Any hash, including '' and the old in-page anchors (`#step2`), lands on a page. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const parts = path.split('/').filter((p) => p !== '');
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case 'waiting':
      return WAITING;
    case 'history': {
      const outcome = params.get('outcome');
      return {
        page: 'history',
        runId: decode(parts[1]),
        outcome: OUTCOMES.includes(outcome as RunOutcome) ? (outcome as RunOutcome) : null,
        target: params.get('target'),
        view: params.get('view') === 'latest-errors' ? 'latest-errors' : 'all',
      };
    }
    case 'settings': {
      const step = STEPS.includes(parts[1] as SettingsStep) ? (parts[1] as SettingsStep) : null;
      return { page: 'settings', step, reportId: step === 'step4' ? decode(parts[2]) : null };
    }
    default: {
      const step = STEPS.includes(parts[0] as SettingsStep) ? (parts[0] as SettingsStep) : null;
      return { ...SETTINGS, step };
    }
  }
}

export function formatHash(route: Route): string {
  switch (route.page) {
    case 'waiting':
      return '#/waiting';
    case 'settings':
      if (route.step === null) return '#/settings';
      return route.step === 'step4' && route.reportId !== null ? `#/settings/step4/${encodeURIComponent(route.reportId)}` : `#/settings/${route.step}`;
    case 'history': {
      if (route.runId !== null) return `#/history/${encodeURIComponent(route.runId)}`;
      const params = new URLSearchParams();
      if (route.view !== 'all') params.set('view', route.view);
      if (route.outcome !== null) params.set('outcome', route.outcome);
      if (route.target !== null) params.set('target', route.target);
      const q = params.toString();
      return q === '' ? '#/history' : `#/history?${q}`;
    }
  }
}
