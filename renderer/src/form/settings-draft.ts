// The settings form as the clerk edits it: every input holds text or a choice exactly as shown, so
// a half-typed number never throws. `toSettingsInput` turns it into the schema's input shape; the
// schema in shared/settings (the same one main and the CLI use) then decides what is valid.
import type { SettingsView } from '../../../shared/ipc/contract';
import type { SettingsInput, Timing } from '../../../shared/settings/schema';
import { normalizeNumberText } from './clerk-format';

export type FirstLine = 'skip' | 'read';
export type TimingMode = 'none' | 'manual' | 'schedule' | 'arrival';
export type Every = 'day' | 'week' | 'month';
export type BusinessDay = 'as-is' | 'previous' | 'next';

export interface TimingDraft {
  readonly mode: TimingMode;
  readonly every: Every;
  /** 0 = 日曜日 … 6 = 土曜日. */
  readonly weekday: number;
  readonly day: number | 'last';
  readonly hour: number;
  readonly businessDay: BusinessDay;
}

export interface ReportDraft {
  /** React key, stable across reordering; never sent. */
  readonly key: string;
  /** The saved setting's id (history and schedules refer to it); undefined for a new one. */
  readonly id: string | undefined;
  readonly name: string;
  readonly reportTypeId: string;
  readonly folder: string;
  readonly filePrefix: string;
  readonly firstLine: FirstLine;
  readonly approve: boolean;
  readonly approvalFlowId: string;
  readonly timing: TimingDraft;
}

export interface SettingsDraft {
  readonly url: string;
  /** What the clerk typed in the token field; '' keeps the saved token. */
  readonly newToken: string;
  readonly agent: {
    readonly id: string;
    readonly root: string;
    readonly startAtLogin: boolean;
    readonly notifications: boolean;
    readonly notifyEmptyRuns: boolean;
    readonly pollFolders: boolean;
    readonly proxyUrl: string;
  };
  readonly customers: {
    readonly settingId: string;
    readonly folder: string;
    readonly filePrefix: string;
    readonly overwriteInUse: boolean;
    readonly overwriteWithBlank: boolean;
    readonly firstLine: FirstLine;
  };
  readonly reports: readonly ReportDraft[];
}

export const DEFAULT_TIMING: TimingDraft = { mode: 'manual', every: 'day', weekday: 1, day: 1, hour: 9, businessDay: 'as-is' };

let keyCounter = 0;
/** Keys only need to be unique within one window's life. */
export const newReportKey = (): string => `r${++keyCounter}`;

export function emptyReport(): ReportDraft {
  return {
    key: newReportKey(),
    id: undefined,
    name: '',
    reportTypeId: '',
    folder: '',
    filePrefix: '',
    firstLine: 'skip',
    approve: false,
    approvalFlowId: '',
    timing: DEFAULT_TIMING,
  };
}

export function emptyDraft(agentId = ''): SettingsDraft {
  return {
    url: '',
    newToken: '',
    agent: { id: agentId, root: '', startAtLogin: true, notifications: true, notifyEmptyRuns: true, pollFolders: false, proxyUrl: '' },
    customers: { settingId: '', folder: '', filePrefix: '', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' },
    reports: [],
  };
}

export function timingToDraft(t: Timing): TimingDraft {
  if (t.mode !== 'schedule') return { ...DEFAULT_TIMING, mode: t.mode };
  return {
    mode: 'schedule',
    every: t.every,
    weekday: t.every === 'week' ? t.weekday : DEFAULT_TIMING.weekday,
    day: t.every === 'month' ? t.day : DEFAULT_TIMING.day,
    hour: t.hour,
    businessDay: t.businessDay,
  };
}

const idText = (v: number | null): string => (v === null ? '' : String(v));

export function draftFromView(view: SettingsView): SettingsDraft {
  return {
    url: view.meisai.url,
    newToken: '',
    agent: {
      id: view.agent.id,
      root: view.agent.root,
      startAtLogin: view.agent.startAtLogin,
      notifications: view.agent.notifications,
      notifyEmptyRuns: view.agent.notifyEmptyRuns,
      pollFolders: view.agent.pollFolders,
      proxyUrl: view.agent.proxyUrl ?? '',
    },
    customers: {
      settingId: idText(view.customers.settingId),
      folder: view.customers.folder,
      filePrefix: view.customers.filePrefix,
      overwriteInUse: view.customers.overwriteInUse,
      overwriteWithBlank: view.customers.overwriteWithBlank,
      firstLine: view.customers.firstLine,
    },
    reports: view.reports.map((r) => ({
      key: newReportKey(),
      id: r.id,
      name: r.name,
      reportTypeId: String(r.reportTypeId),
      folder: r.folder,
      filePrefix: r.filePrefix,
      firstLine: r.firstLine,
      approve: r.approve,
      approvalFlowId: idText(r.approvalFlowId),
      timing: timingToDraft(r.timing),
    })),
  };
}

type TimingInput = SettingsInput['reports'][number]['timing'];

export function timingToInput(t: TimingDraft): TimingInput {
  if (t.mode !== 'schedule') return { mode: t.mode };
  const base = { mode: 'schedule' as const, hour: t.hour, businessDay: t.businessDay };
  switch (t.every) {
    case 'day':
      return { ...base, every: 'day' };
    case 'week':
      return { ...base, every: 'week', weekday: t.weekday };
    case 'month':
      return { ...base, every: 'month', day: t.day };
  }
}

/**
 * The schema's input. The token travels separately (`newToken`), never inside the settings. ID fields
 * go half-width and trimmed (a Japanese IME types １４), whether or not the clerk left the field.
 */
export function toSettingsInput(d: SettingsDraft): SettingsInput {
  return {
    version: 1,
    meisai: { url: d.url },
    agent: {
      ...(d.agent.id === '' ? {} : { id: d.agent.id }),
      root: d.agent.root,
      startAtLogin: d.agent.startAtLogin,
      notifications: d.agent.notifications,
      notifyEmptyRuns: d.agent.notifyEmptyRuns,
      pollFolders: d.agent.pollFolders,
      proxyUrl: d.agent.proxyUrl,
    },
    customers: {
      settingId: normalizeNumberText(d.customers.settingId),
      folder: d.customers.folder,
      filePrefix: d.customers.filePrefix,
      overwriteInUse: d.customers.overwriteInUse,
      overwriteWithBlank: d.customers.overwriteWithBlank,
      firstLine: d.customers.firstLine,
    },
    reports: d.reports.map((r) => ({
      ...(r.id === undefined ? {} : { id: r.id }),
      name: r.name,
      reportTypeId: normalizeNumberText(r.reportTypeId),
      folder: r.folder,
      filePrefix: r.filePrefix,
      firstLine: r.firstLine,
      approve: r.approve,
      approvalFlowId: normalizeNumberText(r.approvalFlowId),
      timing: timingToInput(r.timing),
    })),
  };
}

/** What decides "unsaved changes": everything but the React keys. */
export function draftFingerprint(d: SettingsDraft): string {
  return JSON.stringify({ ...d, reports: d.reports.map(({ key: _key, ...rest }) => rest) });
}

export function duplicateReport(r: ReportDraft): ReportDraft {
  // A copy is a new setting: it gets its own id when saved, and a name that says it is a copy.
  return { ...r, key: newReportKey(), id: undefined, name: r.name === '' ? '' : `${r.name}（コピー）` };
}

export function moveItem<T>(items: readonly T[], from: number, to: number): readonly T[] {
  if (from < 0 || from >= items.length || to < 0 || to >= items.length || from === to) return items;
  const copy = [...items];
  const [moved] = copy.splice(from, 1);
  copy.splice(to, 0, moved as T);
  return copy;
}

/** Whether a draft timing still says what the saved one says (then main's next-run time applies). */
export function sameTiming(saved: Timing, draft: TimingDraft): boolean {
  return JSON.stringify(timingToInput(timingToDraft(saved))) === JSON.stringify(timingToInput(draft));
}
